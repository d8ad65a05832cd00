import { remember } from '#lib/config/remember.ts';
import type { Reader } from '#lib/content/store.ts';
import type { Db } from '#lib/db/db.ts';
import { dot, VectorStore } from './dot-scan.ts';
import { DIMENSIONS } from './model.ts';
import { countVectorRows, readVectorRows, vectorGeneration, type VectorRow } from './vectors.ts';

/**
 * Every article's vector in one contiguous store (row i at i × 512), so a query is one pass of dot
 * products over memory in order (dot-scan.ts): no objects per article, nothing for the garbage collector. Kept
 * per process for one generation of article_vectors; a newer generation reads only the rows written
 * since (a background job adds vectors a few at a time), and reads everything again after a removal.
 */
type VectorIndex = {
  generation: number;
  slotOf: Map<string, number>;
  slugs: string[];
  types: string[];
  published: Uint8Array;
  forEmployees: Uint8Array;
  /** 1 when the row has a vector of the current model. */
  usable: Uint8Array;
  store: VectorStore;
  /** Per row, its phrasings' vectors one after another (decision 018), or null. */
  asked: Array<Float32Array | null>;
  /** Every row's phrasing vectors in one store, with the row each belongs to: built when first scanned. */
  askedScan: AskedScan | null | undefined;
  /** The latest scans' answers, for this generation (see `nearestArticles`). */
  recent: Scan[];
};
type AskedScan = { store: VectorStore; owner: Int32Array };
type Scan = {
  hash: number;
  q: Float32Array;
  reader: string;
  k: number;
  best: Neighbour[];
  profile: CosineProfile;
};
/** Scans remembered per process: a few employees' latest vectors each. */
const RECENT_SCANS = 32;

// One per connection and process, whichever of the module's two copies asks (remember.ts).
const indexes = remember('embeddings.vectorIndexes', () => new WeakMap<Db, VectorIndex>());

function emptyIndex(capacity: number): VectorIndex {
  return {
    generation: 0,
    slotOf: new Map(),
    slugs: [],
    types: [],
    published: new Uint8Array(capacity),
    forEmployees: new Uint8Array(capacity),
    usable: new Uint8Array(capacity),
    store: new VectorStore(capacity),
    asked: [],
    askedScan: null,
    recent: [],
  };
}

/** Room for `needed` rows, doubling: the arrays are copied once in a while, not on every new vector. */
function withRoom(index: VectorIndex, needed: number): VectorIndex {
  if (needed <= index.published.length) return index;
  const grown = emptyIndex(Math.max(needed, index.published.length * 2, 64));
  grown.published.set(index.published);
  grown.forEmployees.set(index.forEmployees);
  grown.usable.set(index.usable);
  grown.store.vectors.set(index.store.vectors);
  return {
    ...index,
    published: grown.published,
    forEmployees: grown.forEmployees,
    usable: grown.usable,
    store: grown.store,
  };
}

function apply(index: VectorIndex, rows: VectorRow[]): VectorIndex {
  const newRows = rows.filter((r) => !index.slotOf.has(r.slug)).length;
  const next = withRoom(index, index.slugs.length + newRows);
  for (const row of rows) {
    let slot = next.slotOf.get(row.slug);
    if (slot === undefined) {
      slot = next.slugs.length;
      next.slotOf.set(row.slug, slot);
      next.slugs.push(row.slug);
      next.types.push(row.type);
    }
    next.types[slot] = row.type;
    next.published[slot] = row.status === 'published' ? 1 : 0;
    next.forEmployees[slot] = row.audience === 'employees' ? 1 : 0;
    next.usable[slot] = row.vector ? 1 : 0;
    // A copy: the Buffer from SQLite need not be aligned for a Float32Array view.
    next.asked[slot] =
      row.vector && row.askedVectors
        ? new Float32Array(Uint8Array.from(row.askedVectors).buffer, 0, row.askedVectors.length / 4)
        : null;
    if (row.vector)
      // Byte copy: a Buffer from SQLite need not be aligned for a Float32Array view.
      new Uint8Array(
        next.store.vectors.buffer,
        next.store.vectors.byteOffset + slot * DIMENSIONS * 4,
        DIMENSIONS * 4,
      ).set(row.vector);
  }
  next.askedScan = undefined;
  return next;
}

/** The phrasing vectors as one store, built once per change of the index (null: no article has any). */
function askedScanOf(index: VectorIndex): AskedScan | null {
  if (index.askedScan !== undefined) return index.askedScan;
  let rows = 0;
  for (const v of index.asked) rows += v ? v.length / DIMENSIONS : 0;
  if (rows === 0) return (index.askedScan = null);
  const store = new VectorStore(rows);
  const owner = new Int32Array(rows);
  let at = 0;
  index.asked.forEach((v, slot) => {
    if (!v) return;
    const rowsOf = v.length / DIMENSIONS;
    store.vectors.set(v, at * DIMENSIONS);
    owner.fill(slot, at, at + rowsOf);
    // The row's phrasings are read from the store from now on: one copy of them in memory, not two.
    index.asked[slot] = store.vectors.subarray(at * DIMENSIONS, (at + rowsOf) * DIMENSIONS);
    at += rowsOf;
  });
  return (index.askedScan = { store, owner });
}

/**
 * An article's similarity to the query: its vector's cosine, and for an article with phrasings the
 * mean of that and its best phrasing's cosine (decision 018: how people ask, read one by one).
 */
const similarity = (cosine: number, bestAsked: number) =>
  bestAsked === -Infinity ? cosine : (cosine + bestAsked) / 2;

/** This process's index, brought up to the database's generation. */
function currentIndex(db: Db): VectorIndex {
  const generation = vectorGeneration(db);
  let index = indexes.get(db);
  if (index?.generation === generation) return index;
  // Rows written after our generation; a row written meanwhile is read again next time (harmless).
  if (index) index = apply(index, readVectorRows(db, index.generation));
  // A removed article leaves a row here that the table no longer has: read everything again.
  if (!index || index.slugs.length !== countVectorRows(db)) {
    const rows = readVectorRows(db, 0);
    index = apply(emptyIndex(rows.length), rows);
  }
  index.generation = generation;
  index.recent = [];
  indexes.set(db, index);
  return index;
}

const visible = (index: VectorIndex, slot: number, reader: Reader) =>
  index.usable[slot] === 1 &&
  (reader.seesUnpublished || index.published[slot] === 1) &&
  (reader.seesInternal || index.forEmployees[slot] === 1);

/** The query scaled to length 1 (null for a zero or malformed vector), so each dot product is a cosine. */
function unit(query: Float32Array): Float32Array | null {
  if (query.length !== DIMENSIONS) return null;
  let norm = 0;
  for (let d = 0; d < DIMENSIONS; d++) norm += query[d]! * query[d]!;
  if (!(norm > 0)) return null;
  const scale = 1 / Math.sqrt(norm);
  return query.map((x) => x * scale);
}

/** `cosine`: the article's `similarity` to the query (its vector's cosine, and its best phrasing's). */
export type Neighbour = { slug: string; type: string; cosine: number };
/** The mean and standard deviation of the query's cosine over every article scanned. */
export type CosineProfile = { mean: number; sd: number };

/** FNV-1a over the vector's bits: finds a remembered scan of the same vector without comparing all. */
function hashOf(q: Float32Array): number {
  const bits = new Uint32Array(q.buffer, q.byteOffset, q.length);
  let hash = 0x811c9dc5;
  for (let i = 0; i < bits.length; i++) hash = Math.imul(hash ^ bits[i]!, 0x01000193);
  return hash >>> 0;
}

const sameVector = (a: Float32Array, b: Float32Array) => a.every((x, i) => Object.is(x, b[i]));

/**
 * The `k` articles nearest to the query vector (`similarity`, best first) among those the reader may see
 * and that have a vector already. Brute force in SIMD (dot-scan.ts): 10,000 articles take ~0.6 ms.
 * The latest answers are kept for the generation: while someone types, the calls before their new
 * text's vector arrives rank with their last one, and the page's re-ask repeats the call.
 */
export function nearestArticles(
  db: Db,
  queryVector: Float32Array,
  reader: Reader,
  k = 10,
  /** Filled with the cosines' mean and spread over every article scanned (how flat the match is). */
  profile?: CosineProfile,
): Neighbour[] {
  const q = unit(queryVector);
  if (!q || k <= 0) return [];
  const index = currentIndex(db);
  const hash = hashOf(q);
  const readerKey = `${reader.seesUnpublished} ${reader.seesInternal}`;
  const known = index.recent.find(
    (s) => s.hash === hash && s.k === k && s.reader === readerKey && sameVector(s.q, q),
  );
  if (known) {
    if (profile) Object.assign(profile, known.profile);
    return known.best.map((n) => ({ ...n }));
  }
  const best: Array<{ slot: number; cosine: number }> = [];
  let [n, sum, squares] = [0, 0, 0];
  const cosines = index.store.scan(q, index.slugs.length);
  // Nothing allocated for a knowledge base without phrasings (the scan runs on every keystroke).
  const asked = askedScanOf(index);
  const bestAsked = asked ? new Float32Array(cosines.length).fill(-Infinity) : null;
  if (asked && bestAsked) {
    const askedCosines = asked.store.scan(q, asked.owner.length);
    for (let row = 0; row < askedCosines.length; row++) {
      const slot = asked.owner[row]!;
      if (askedCosines[row]! > bestAsked[slot]!) bestAsked[slot] = askedCosines[row]!;
    }
  }
  for (let slot = 0; slot < cosines.length; slot++) {
    if (!visible(index, slot, reader)) continue;
    const cosine = similarity(cosines[slot]!, bestAsked ? bestAsked[slot]! : -Infinity);
    n++;
    sum += cosine;
    squares += cosine * cosine;
    if (best.length === k && cosine <= best[k - 1]!.cosine) continue;
    let at = best.length === k ? k - 1 : best.length;
    while (at > 0 && cosine > best[at - 1]!.cosine) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = { slot, cosine };
  }
  const spread = { mean: 0, sd: 0 };
  if (n > 0) {
    spread.mean = sum / n;
    spread.sd = Math.sqrt(Math.max(0, squares / n - spread.mean ** 2));
    if (profile) Object.assign(profile, spread);
  }
  const nearest = best.map(({ slot, cosine }) => ({
    slug: index.slugs[slot]!,
    type: index.types[slot]!,
    cosine,
  }));
  index.recent.unshift({ hash, q, reader: readerKey, k, best: nearest, profile: spread });
  index.recent.length = Math.min(index.recent.length, RECENT_SCANS);
  return nearest.map((n) => ({ ...n }));
}

/**
 * The `similarity` of the query to each named article the reader may see and that has a vector (others
 * are left out): for ranking candidates that another ranking found.
 */
export function articleCosines(
  db: Db,
  queryVector: Float32Array,
  reader: Reader,
  slugs: Iterable<string>,
): Map<string, number> {
  const q = unit(queryVector);
  const cosines = new Map<string, number>();
  if (!q) return cosines;
  const index = currentIndex(db);
  for (const slug of slugs) {
    const slot = index.slotOf.get(slug);
    if (slot === undefined || !visible(index, slot, reader)) continue;
    const asked = index.asked[slot];
    let bestAsked = -Infinity;
    for (let row = 0; asked && row < asked.length / DIMENSIONS; row++)
      bestAsked = Math.max(bestAsked, dot(asked, row, q));
    cosines.set(slug, similarity(dot(index.store.vectors, slot, q), bestAsked));
  }
  return cosines;
}
