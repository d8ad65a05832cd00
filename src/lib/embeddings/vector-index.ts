import { remember } from '#lib/config/remember.ts';
import type { Reader } from '#lib/content/store.ts';
import type { Db } from '#lib/db/db.ts';
import { dot, VectorStore } from './dot-scan.ts';
import { DIMENSIONS } from './model.ts';
import { countVectorRows, readVectorRows, vectorGeneration, type VectorRow } from './vectors.ts';

/**
 * Every article's vector in one contiguous store (row i at i × 512, and as bytes for the scan), so a
 * query is one pass of dot products over memory in order (dot-scan.ts): no objects per article,
 * nothing for the garbage collector. Kept per process for one generation of article_vectors; a newer
 * generation reads only the rows written since (a background job adds vectors a few at a time), and
 * reads everything again after a removal.
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
  /** Per row, where its phrasings' vectors start in `asked` and how many it has (decision 018). */
  askedFrom: Int32Array;
  askedCount: Int32Array;
  asked: PhrasingStore;
  /** The latest scans' answers, for this generation (see `nearestArticles`). */
  recent: Scan[];
};
/**
 * Every row's phrasing vectors, each row's one after another. A row's new phrasings overwrite its old
 * ones when they fit and are appended otherwise, so a new generation copies only what changed; the
 * store is packed again when more than half of it is phrasings no row points to any more.
 */
type PhrasingStore = { store: VectorStore | null; used: number; dead: number };
type Scan = {
  hash: number;
  q: Float32Array;
  reader: string;
  k: number;
  aloneOffset: number;
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
    store: new VectorStore(capacity, { codes: true }),
    askedFrom: new Int32Array(capacity),
    askedCount: new Int32Array(capacity),
    asked: { store: null, used: 0, dead: 0 },
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
  grown.store.copyFrom(index.store);
  grown.askedFrom.set(index.askedFrom);
  grown.askedCount.set(index.askedCount);
  return {
    ...index,
    published: grown.published,
    forEmployees: grown.forEmployees,
    usable: grown.usable,
    store: grown.store,
    askedFrom: grown.askedFrom,
    askedCount: grown.askedCount,
  };
}

const phrasingsOf = (row: VectorRow) =>
  row.vector && row.askedVectors ? row.askedVectors.length / (DIMENSIONS * 4) : 0;

/** A phrasing store of `capacity` rows holding the index's live phrasings, packed from row 0. */
function repacked(index: VectorIndex, capacity: number): void {
  const old = index.asked.store;
  const store = new VectorStore(capacity);
  let used = 0;
  for (let slot = 0; slot < index.slugs.length; slot++) {
    const count = index.askedCount[slot]!;
    if (count === 0 || !old) continue;
    const from = index.askedFrom[slot]!;
    store.vectors.set(
      old.vectors.subarray(from * DIMENSIONS, (from + count) * DIMENSIONS),
      used * DIMENSIONS,
    );
    index.askedFrom[slot] = used;
    used += count;
  }
  index.asked = { store, used, dead: 0 };
}

/** Byte copy: a Buffer from SQLite need not be aligned for a Float32Array view. */
function copyInto(store: VectorStore, row: number, bytes: Buffer): void {
  new Uint8Array(store.vectors.buffer, store.vectors.byteOffset + row * DIMENSIONS * 4, bytes.length).set(
    bytes,
  );
}

function apply(index: VectorIndex, rows: VectorRow[]): VectorIndex {
  const newRows = rows.filter((r) => !index.slotOf.has(r.slug)).length;
  const next = withRoom(index, index.slugs.length + newRows);
  // Room for every phrasing these rows bring, at once: a full read sizes the store exactly instead
  // of doubling up to twice what it needs (~60 MB for 10,000 articles with three phrasings each).
  const incoming = rows.reduce((sum, row) => sum + phrasingsOf(row), 0);
  const { store, used, dead } = next.asked;
  if (incoming > 0 && (!store || used + incoming > store.capacity))
    repacked(next, Math.max(used - dead + incoming, store ? 2 * store.capacity : 0));
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
    if (row.vector) {
      copyInto(next.store, slot, row.vector);
      next.store.encode(slot);
    }
    storePhrasings(next, slot, row);
  }
  if (next.asked.dead > next.asked.used / 2) repacked(next, next.asked.used - next.asked.dead);
  return next;
}

/** The row's phrasing vectors into the store: where its old ones were when they fit, else at the end. */
function storePhrasings(index: VectorIndex, slot: number, row: VectorRow): void {
  const count = phrasingsOf(row);
  const before = index.askedCount[slot]!;
  const asked = index.asked;
  if (count > before) {
    if (!asked.store || asked.used + count > asked.store.capacity)
      // Doubling: while vectors arrive a few at a time, the store is copied once in a while.
      repacked(index, Math.max(asked.used - asked.dead + count, 2 * (asked.store?.capacity ?? 0)));
    index.askedFrom[slot] = index.asked.used;
    index.asked.used += count;
  }
  index.asked.dead += count > before ? before : before - count;
  index.askedCount[slot] = count;
  if (count > 0) copyInto(index.asked.store!, index.askedFrom[slot]!, row.askedVectors!);
}

/** Scans of each row's phrasings with one query (`bestPhrasing`); null when the index has none. */
type PhrasingScan = ((rows: number, from?: number) => Float32Array) | null;
const phrasingScan = (index: VectorIndex, q: Float32Array): PhrasingScan =>
  index.asked.store?.scanner(q) ?? null;

/** The best cosine among the row's phrasings (-Infinity: it has none). */
function bestPhrasing(index: VectorIndex, slot: number, scan: PhrasingScan): number {
  const count = index.askedCount[slot]!;
  if (count === 0 || !scan) return -Infinity;
  let best = -Infinity;
  for (const cosine of scan(count, index.askedFrom[slot])) best = Math.max(best, cosine);
  return best;
}

/**
 * An article's similarity to the query: its vector's cosine, and for an article with phrasings the
 * mean of that and its best phrasing's cosine (decision 018: how people ask, read one by one). An
 * article read alone adds `aloneOffset`: the best of many phrasings runs higher than one vector for
 * the same fit, so without it a knowledge base of both kinds ranks phrased articles first.
 */
const similarity = (cosine: number, bestAsked: number, aloneOffset: number) =>
  bestAsked === -Infinity ? cosine + aloneOffset : (cosine + bestAsked) / 2;

/**
 * Phrasings are read for the PHRASED_ARTICLES visible articles whose own vector is nearest: their own
 * cosine at least the returned floor. An article's vector leans towards its phrasings' mean, so an
 * article with a phrasing close to the request is among them; the rest rank by their own cosine. On
 * a knowledge base of at most that many articles every phrasing is read. On 10,000 articles with three
 * phrasings each, reading all 30,000 took ~2 ms a call and more memory (decision 018).
 */
const PHRASED_ARTICLES = 256;
const scratch = remember('embeddings.phrasedScratch', () => ({ cosines: new Float32Array(0) }));

function phrasedFloor(index: VectorIndex, cosines: Float32Array, reader: Reader): number {
  if (index.asked.used - index.asked.dead === 0) return Infinity;
  if (scratch.cosines.length < cosines.length) scratch.cosines = new Float32Array(cosines.length * 2);
  let n = 0;
  for (let slot = 0; slot < cosines.length; slot++)
    if (visible(index, slot, reader)) scratch.cosines[n++] = cosines[slot]!;
  if (n <= PHRASED_ARTICLES) return -Infinity;
  return kthLargest(scratch.cosines.subarray(0, n), PHRASED_ARTICLES);
}

/**
 * The `k`-th largest of `values` (1: the largest), reordering them in place. A selection, not a sort:
 * on 10,000 articles sorting every call took ~1 ms, more than the scan itself.
 */
export function kthLargest(values: Float32Array, k: number): number {
  // Hoare's selection for the element that would sit at `target` in ascending order.
  const target = values.length - k;
  let [lo, hi] = [0, values.length - 1];
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1]!;
    let [i, j] = [lo, hi];
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i++] = values[j]!;
        values[j--] = swap;
      }
    }
    // [lo, j] ≤ pivot ≤ [i, hi], and anything between i and j equals the pivot.
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return values[target]!;
  }
  return values[target]!;
}

/**
 * Reads this process's index now: a web worker does before it serves, since on 10,000 articles the
 * read takes ~0.5 s (80 MB of vectors and phrasings) and the first hybrid ranking waited for it.
 */
export function loadVectorIndex(db: Db): void {
  currentIndex(db);
}

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
/** The mean and standard deviation of the query's cosine over every article scanned (from the byte codes: within ~0.001). */
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
 * and that have a vector already. Brute force in SIMD over the rows' byte codes (dot-scan.ts), the
 * best read again exactly: 10,000 articles take ~0.2 ms.
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
  /** What an article read alone adds to its cosine (`similarity`). */
  aloneOffset = 0,
): Neighbour[] {
  const q = unit(queryVector);
  if (!q || k <= 0) return [];
  const index = currentIndex(db);
  const hash = hashOf(q);
  const readerKey = `${reader.seesUnpublished} ${reader.seesInternal}`;
  const known = index.recent.find(
    (s) =>
      s.hash === hash &&
      s.k === k &&
      s.reader === readerKey &&
      s.aloneOffset === aloneOffset &&
      sameVector(s.q, q),
  );
  if (known) {
    if (profile) Object.assign(profile, known.profile);
    return known.best.map((n) => ({ ...n }));
  }
  // Chosen by the rows' codes (dot-scan.ts), a quarter of the memory to read, then the chosen read
  // exactly. Twice as many as asked for: articles within the codes' rounding (~0.001) of the k-th
  // could otherwise be left out for one just below. Closer ties than that can still come out in
  // either order; on the starter knowledge base 24,000 queries gave the exact scan's lists.
  const chosen = 2 * k;
  // `asked`: the best phrasing's cosine when it was read; null when the own cosine stands for it.
  const best: Array<{ slot: number; cosine: number; asked: number | null }> = [];
  let [n, sum, squares] = [0, 0, 0];
  const cosines = index.store.scanCodes(q, index.slugs.length);
  const phrased = phrasedFloor(index, cosines, reader);
  const phrasings = phrasingScan(index, q);
  for (let slot = 0; slot < cosines.length; slot++) {
    if (!visible(index, slot, reader)) continue;
    const own = cosines[slot]!;
    // Beyond the floor a phrased article keeps its own cosine; one read alone gets its offset anyway.
    const read = own >= phrased || index.askedCount[slot] === 0;
    const asked = read ? bestPhrasing(index, slot, phrasings) : own;
    const cosine = similarity(own, asked, aloneOffset);
    n++;
    sum += cosine;
    squares += cosine * cosine;
    if (best.length === chosen && cosine <= best[chosen - 1]!.cosine) continue;
    let at = best.length === chosen ? chosen - 1 : best.length;
    while (at > 0 && cosine > best[at - 1]!.cosine) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = { slot, cosine, asked: read ? asked : null };
  }
  for (const b of best) {
    const own = dot(index.store.vectors, b.slot, q);
    b.cosine = similarity(own, b.asked ?? own, aloneOffset);
  }
  best.sort((a, b) => b.cosine - a.cosine || a.slot - b.slot);
  best.length = Math.min(best.length, k);
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
  index.recent.unshift({ hash, q, reader: readerKey, k, aloneOffset, best: nearest, profile: spread });
  index.recent.length = Math.min(index.recent.length, RECENT_SCANS);
  return nearest.map((n) => ({ ...n }));
}

/** The named articles read with how people ask for them: their vectors have phrasings beside them. */
export function phrasedArticles(db: Db, slugs: Iterable<string>): Set<string> {
  const index = currentIndex(db);
  const phrased = new Set<string>();
  for (const slug of slugs) {
    const slot = index.slotOf.get(slug);
    if (slot !== undefined && index.askedCount[slot]! > 0) phrased.add(slug);
  }
  return phrased;
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
  /** What an article read alone adds to its cosine (`similarity`). */
  aloneOffset = 0,
): Map<string, number> {
  const q = unit(queryVector);
  const cosines = new Map<string, number>();
  if (!q) return cosines;
  const index = currentIndex(db);
  const phrasings = phrasingScan(index, q);
  for (const slug of slugs) {
    const slot = index.slotOf.get(slug);
    if (slot === undefined || !visible(index, slot, reader)) continue;
    const own = dot(index.store.vectors, slot, q);
    cosines.set(slug, similarity(own, bestPhrasing(index, slot, phrasings), aloneOffset));
  }
  return cosines;
}
