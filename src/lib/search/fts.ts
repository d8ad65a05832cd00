import type { Article } from '#lib/content/load.ts';
import type { Reader } from '#lib/content/store.ts';
import { sql, type Db } from '#lib/db/db.ts';
import { analyseForIndex } from './analysis.ts';
import { MAX_TERMS } from './shape-query.ts';

const bumpGeneration = (db: Db) =>
  sql(db, 'UPDATE articles_fts_generation SET generation = generation + 1 WHERE id = 1').run();

/** The FTS5 table of each language: English through porter, German and Italian analysed first (decision 062). */
export const FTS_TABLES = { en: 'articles_fts', de: 'articles_fts_de', it: 'articles_fts_it' } as const;
export type FtsTable = (typeof FTS_TABLES)[keyof typeof FTS_TABLES];
/** What the FTS5 tables hold of one language's text of an article (an Article, or an IndexedText of texts.ts). */
export type FtsDocument = Pick<
  Article,
  'slug' | 'type' | 'status' | 'audience' | 'locale' | 'title' | 'tags' | 'summary' | 'headings' | 'text'
>;
const tableOf = (a: Pick<Article, 'locale'>): FtsTable => FTS_TABLES[a.locale] ?? FTS_TABLES.en;

/** What a column holds in its table: the text itself for porter, the analysed tokens otherwise. */
function columnText(a: FtsDocument, text: string): string {
  return a.locale === 'de' || a.locale === 'it' ? analyseForIndex(text, a.locale).join(' ') : text;
}

const insertRow = (db: Db, a: FtsDocument) =>
  sql(
    db,
    `INSERT INTO ${tableOf(a)} (slug, type, status, audience, title, tags, summary, headings, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    a.slug,
    a.type,
    a.status,
    a.audience,
    columnText(a, a.title),
    columnText(a, a.tags.join(' ')),
    columnText(a, a.summary),
    columnText(a, a.headings.map((h) => h.text).join('\n')),
    columnText(a, a.text),
  );

/**
 * Replaces the FTS5 copy of the knowledge base, every language (a few ms per hundred articles; run at
 * start and after edits). Each text goes to its language's table.
 */
export function rebuildFtsIndex(db: Db, texts: FtsDocument[]): void {
  db.transaction(() => {
    for (const table of Object.values(FTS_TABLES)) sql(db, `DELETE FROM ${table}`).run();
    for (const a of texts) insertRow(db, a);
    bumpGeneration(db);
  })();
}

/**
 * Applies a few changed or removed slugs to the FTS5 copy, without rewriting the rest: every language
 * of each slug named (in `changed` or `removedSlugs`) is removed, then `changed` is written, so
 * `changed` must hold all the texts (source and translations) of each slug it names.
 */
export function updateFtsIndex(db: Db, changed: FtsDocument[], removedSlugs: string[]): void {
  db.transaction(() => {
    const slugs = new Set([...removedSlugs, ...changed.map((a) => a.slug)]);
    for (const table of Object.values(FTS_TABLES)) {
      const remove = sql(db, `DELETE FROM ${table} WHERE slug = ?`);
      for (const slug of slugs) remove.run(slug);
    }
    for (const a of changed) insertRow(db, a);
    bumpGeneration(db);
  })();
}

// Column weights for bm25(), in table order: the four UNINDEXED columns, then title, tags, summary, headings, body.
const WEIGHTS = '0, 0, 0, 0, 3.0, 2.0, 1.5, 1.5, 1.0';

/**
 * FTS5's bm25() of an OR query is a sum with one part per phrase: that phrase's IDF, its weighted
 * hits in the row and the row's length (fts5_aux.c). So the ranking of any request is the sum of
 * single-word rankings, and each word's is asked of FTS5 once per generation of the table. Ranking
 * a whole OR query in FTS5 instead costs a bm25() call per matching row on every keystroke: 40–80 ms
 * on 10,000 articles, where adding cached scores takes well under a millisecond.
 */
type WordScores = { rows: Int32Array; scores: Float64Array };
type Snapshot = {
  generation: number;
  table: FtsTable;
  /** Row position by FTS5 rowid, and what a reader needs to know about each row. */
  positionOf: Map<number, number>;
  slugs: string[];
  types: string[];
  published: Uint8Array;
  forEmployees: Uint8Array;
  words: Map<string, WordScores>;
  cachedEntries: number;
  /** Per-row sums of one ranking, zeroed again after each (a ranking runs synchronously, so one set serves all). */
  total: Float64Array;
  seen: Uint8Array;
  /** Per-row sums of the matched words' idf, zeroed with `total`: how much of the request a row covers. */
  covered: Float64Array;
};

/** Most (row, score) pairs kept for all words together (~12 bytes each): about 50 MB. */
const MAX_CACHED_ENTRIES = 4_000_000;
const snapshots = new WeakMap<Db, Map<FtsTable, Snapshot>>();

function snapshotOf(db: Db, table: FtsTable): Snapshot {
  const generation = sql(db, 'SELECT generation FROM articles_fts_generation WHERE id = 1')
    .pluck()
    .get() as number;
  const ofDb = snapshots.get(db) ?? new Map<FtsTable, Snapshot>();
  snapshots.set(db, ofDb);
  const current = ofDb.get(table);
  if (current?.generation === generation) return current;
  const rows = sql(db, `SELECT rowid, slug, type, status, audience FROM ${table} ORDER BY rowid`)
    .raw()
    .all() as Array<[number, string, string, string, string]>;
  const snapshot: Snapshot = {
    generation,
    table,
    positionOf: new Map(rows.map((r, i) => [r[0], i])),
    slugs: rows.map((r) => r[1]),
    types: rows.map((r) => r[2]),
    published: Uint8Array.from(rows, (r) => (r[3] === 'published' ? 1 : 0)),
    forEmployees: Uint8Array.from(rows, (r) => (r[4] === 'employees' ? 1 : 0)),
    words: new Map(),
    cachedEntries: 0,
    total: new Float64Array(rows.length),
    seen: new Uint8Array(rows.length),
    covered: new Float64Array(rows.length),
  };
  ofDb.set(table, snapshot);
  return snapshot;
}

/** One phrase's bm25() part for every row it matches (positive: higher is better), from the cache or FTS5. */
function wordScores(db: Db, snapshot: Snapshot, match: string): WordScores {
  const cached = snapshot.words.get(match);
  if (cached) {
    // Least recently used goes first when the cache is full.
    snapshot.words.delete(match);
    snapshot.words.set(match, cached);
    return cached;
  }
  const hits = sql(
    db,
    `SELECT rowid, bm25(${snapshot.table}, ${WEIGHTS}) FROM ${snapshot.table} WHERE ${snapshot.table} MATCH ?`,
  )
    .raw()
    .all(match) as Array<[number, number]>;
  const scores: WordScores = { rows: new Int32Array(hits.length), scores: new Float64Array(hits.length) };
  hits.forEach(([rowid, bm25], i) => {
    scores.rows[i] = snapshot.positionOf.get(rowid) ?? -1;
    scores.scores[i] = -bm25;
  });
  for (const [key, old] of snapshot.words) {
    if (snapshot.cachedEntries + hits.length <= MAX_CACHED_ENTRIES) break;
    snapshot.words.delete(key);
    snapshot.cachedEntries -= old.rows.length;
  }
  snapshot.words.set(match, scores);
  snapshot.cachedEntries += hits.length;
  return scores;
}

/** The share of the terms that some article of the table contains (read through the same cache). */
export function knownShare(db: Db, terms: string[], table: FtsTable = FTS_TABLES.en): number {
  const words = [...new Set(terms.map((t) => t.replace(/"/g, '')))].filter(Boolean).slice(0, MAX_TERMS);
  if (words.length === 0) return 0;
  const snapshot = snapshotOf(db, table);
  return words.filter((w) => wordScores(db, snapshot, `"${w}"`).rows.length > 0).length / words.length;
}

export type FtsOptions = {
  /** Most articles returned (the best first). */
  limit?: number;
  /** The last term also matches as a prefix: the employee may still be typing it. */
  prefixLast?: boolean;
  /** Match titles and tags only: what an article is about, a ranking of its own. */
  onlyTitles?: boolean;
  /** A factor per term (same order as the terms; 1 when absent): the subject's words count more. */
  weights?: number[];
  /** Which language's table: English (porter, the default) or the analysed German or Italian one. */
  table?: FtsTable;
  /**
   * Other words for the terms (SYNONYM_GROUPS), each adding `expansionWeight` times its bm25: they
   * find an article that says "multi-factor" for a request that says "2FA", but do not count as the
   * request's own words in `matched` and `covered`.
   */
  expansions?: string[];
  expansionWeight?: number;
};

/**
 * BM25 ranking over the terms (OR-ed, so one missing word cannot sink the right article; porter
 * stemming, title weighted ×3). The last term also matches as a prefix: the employee may still be typing it.
 * `score` is the summed bm25 (positive, higher is better; unbounded, so only comparable within one query);
 * `matched` how many of the (distinct) terms the article contains, `covered` their share of the
 * request's information (the terms' idf summed over the matched ones, over all of them).
 */
export function searchFts(
  db: Db,
  terms: string[],
  reader: Reader,
  options: FtsOptions = {},
): Array<{ slug: string; type: string; score: number; matched: number; covered: number }> {
  const { limit = 20, prefixLast = false, onlyTitles = false } = options;
  const weightOf = new Map(terms.map((t, i) => [t.replace(/"/g, ''), options.weights?.[i] ?? 1]));
  const words = [...weightOf.keys()].filter(Boolean).slice(0, MAX_TERMS);
  if (words.length === 0) return [];
  const snapshot = snapshotOf(db, options.table ?? FTS_TABLES.en);
  const { total, seen, covered } = snapshot;
  const touched: number[] = [];
  let information = 0;
  words.forEach((w, i) => {
    const phrase = `"${w}"${prefixLast && i === words.length - 1 && w.length >= 3 ? '*' : ''}`;
    // Titles and tags name what an article is about; matching only them is a ranking of its own.
    const { rows, scores } = wordScores(db, snapshot, onlyTitles ? `{title tags} : ${phrase}` : phrase);
    const weight = weightOf.get(w)!;
    // A rare word says more about the request than a common one; a word no article has, the most.
    const idf = Math.log((snapshot.slugs.length + 1) / (rows.length + 1));
    information += idf;
    for (let j = 0; j < rows.length; j++) {
      const row = rows[j]!;
      if (row < 0) continue;
      // `seen` counts the words that match the row (at most MAX_TERMS): how much of the request it covers.
      if (seen[row] === 0) touched.push(row);
      seen[row] = seen[row]! + 1;
      covered[row] = covered[row]! + idf;
      total[row] = total[row]! + weight * scores[j]!;
    }
  });
  const weight = options.expansionWeight ?? 0;
  for (const w of weight > 0 ? (options.expansions ?? []) : []) {
    if (weightOf.has(w)) continue;
    const { rows, scores } = wordScores(db, snapshot, onlyTitles ? `{title tags} : "${w}"` : `"${w}"`);
    for (let j = 0; j < rows.length; j++) {
      const row = rows[j]!;
      if (row < 0) continue;
      if (seen[row] === 0 && total[row] === 0) touched.push(row);
      total[row] = total[row]! + weight * scores[j]!;
    }
  }
  // The best `limit` rows, kept in order while scanning (sorting every touched row cost more than adding).
  // Equal scores keep table order, as FTS5 returns them.
  const better = (a: number, b: number) => total[a]! > total[b]! || (total[a] === total[b] && a < b);
  const best: number[] = [];
  for (const row of touched) {
    if (
      !(reader.seesUnpublished || snapshot.published[row] === 1) ||
      !(reader.seesInternal || snapshot.forEmployees[row] === 1)
    )
      continue;
    if (best.length === limit && !better(row, best[limit - 1]!)) continue;
    let at = best.length === limit ? limit - 1 : best.length;
    while (at > 0 && better(row, best[at - 1]!)) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = row;
  }
  // The summed bm25 is read before the sums are zeroed: the hybrid ranking normalises it.
  const ranked = best.map((row) => ({
    slug: snapshot.slugs[row]!,
    type: snapshot.types[row]!,
    score: total[row]!,
    matched: seen[row]!,
    covered: information > 0 ? covered[row]! / information : 0,
  }));
  for (const row of touched) {
    total[row] = 0;
    seen[row] = 0;
    covered[row] = 0;
  }
  return ranked;
}
