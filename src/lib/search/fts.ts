import type { Article } from '#lib/content/load.ts';
import type { Reader } from '#lib/content/store.ts';
import { getLogger } from '#lib/config/log.ts';
import { remember } from '#lib/config/remember.ts';
import { sql, type Db } from '#lib/db/db.ts';
import { analyseForIndex } from './analysis.ts';
import { MAX_TERMS } from './shape-query.ts';
import { addHit, COLUMN_WEIGHTS, TermIndex, type RowTerms, type WordScores } from './term-index.ts';

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

/**
 * Rows of one write get rowids above every rowid the tables ever held (the generation it makes, times
 * ROWIDS_PER_WRITE): FTS5 would give a new row the rowid of a removed last one, and a process that
 * keeps the tables' postings in memory (term-index.ts) tells a changed row by a rowid it has not seen.
 */
const ROWIDS_PER_WRITE = 2 ** 20;
/** The tables' generation: one more with every write (the postings in memory follow it). */
const generationNow = (db: Db) =>
  sql(db, 'SELECT generation FROM articles_fts_generation WHERE id = 1').pluck().get() as number;
const firstRowidOf = (db: Db): number => (generationNow(db) + 1) * ROWIDS_PER_WRITE;

const insertRow = (db: Db, a: FtsDocument, rowid: number) =>
  sql(
    db,
    `INSERT INTO ${tableOf(a)} (rowid, slug, type, status, audience, title, tags, summary, headings, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    rowid,
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

const insertRows = (db: Db, texts: FtsDocument[]) => {
  if (texts.length >= ROWIDS_PER_WRITE)
    throw new Error(`At most ${ROWIDS_PER_WRITE - 1} texts in one write.`);
  const first = firstRowidOf(db);
  texts.forEach((a, i) => insertRow(db, a, first + i));
};

/**
 * Replaces the FTS5 copy of the knowledge base, every language (a few ms per hundred articles; run at
 * start and after edits). Each text goes to its language's table.
 */
export function rebuildFtsIndex(db: Db, texts: FtsDocument[]): void {
  db.transaction(() => {
    for (const table of Object.values(FTS_TABLES)) sql(db, `DELETE FROM ${table}`).run();
    insertRows(db, texts);
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
    insertRows(db, changed);
    bumpGeneration(db);
  })();
}

// bm25()'s column weights in table order: the four UNINDEXED columns, then title, tags, summary, headings, body.
const WEIGHTS = [0, 0, 0, 0, ...Object.values(COLUMN_WEIGHTS)].join(', ');

/**
 * FTS5's bm25() of an OR query is a sum with one part per phrase: that phrase's IDF, its weighted
 * hits in the row and the row's length (fts5_aux.c). So the ranking of any request is the sum of
 * single-word rankings. Each word's is computed from the table's postings, held in memory
 * (term-index.ts), and kept until the table changes. Ranking a whole OR query in FTS5 instead costs a
 * bm25() call per matching row on every keystroke: 40–80 ms on 10,000 articles, and asking FTS5 for
 * one new word 3–20 ms, where adding kept scores takes well under a millisecond.
 */
type Snapshot = {
  generation: number;
  table: FtsTable;
  /** Its rows (positions), and once `postings` is true every term's postings too. */
  index: TermIndex;
  /** False while a background build reads them: FTS5's bm25() scores each word meanwhile. */
  postings: boolean;
  /** Position in `index` by FTS5 rowid (rows in the table now), and what a reader needs to know about each position. */
  positionOf: Map<number, number>;
  slugs: string[];
  types: string[];
  published: boolean[];
  forEmployees: boolean[];
  words: Map<string, WordScores>;
  cachedEntries: number;
  /** Per-row sums of one ranking, zeroed again after each (a ranking runs synchronously, so one set serves all). */
  total: Float64Array;
  seen: Uint8Array;
  /** Per-row sums of the matched words' idf, zeroed with `total`: how much of the request a row covers. */
  covered: Float64Array;
  /** The rows one ranking touched (a list as long as the table, reused: no garbage per keystroke). */
  touched: Int32Array;
};
type Row = [rowid: number, slug: string, type: string, status: string, audience: string];

/** Most (row, score) pairs kept for all words together (~12 bytes each): about 50 MB. */
const MAX_CACHED_ENTRIES = 4_000_000;
/**
 * Snapshots by connection, shared by the module's two copies in a process (remember.ts): the start
 * script and the server bundle use the one connection `getDatabase` keeps, and each building the
 * postings would cost twice the time and memory.
 */
const snapshotsByDb = remember('search.ftsSnapshots', () => new WeakMap<Db, Map<FtsTable, Snapshot>>());

function snapshotsOf(db: Db): Map<FtsTable, Snapshot> {
  let known = snapshotsByDb.get(db);
  if (!known) snapshotsByDb.set(db, (known = new Map<FtsTable, Snapshot>()));
  return known;
}

/**
 * Tables of at least this many rows build their postings in the background, a slice at a time, while
 * FTS5's bm25() scores their words (a new word 3–20 ms on 10,000 articles instead of ~0.1 ms): a build
 * at once takes ~4 s there, a wait for whichever request found the table rebuilt or much changed, and
 * for a web worker before it could serve. A starter KB's tables (~80 rows, ~30 ms) build at once.
 */
let backgroundFromRows = 2_000;
/** Tokens one slice of a background build reads (~20 ms of one core). */
let tokensPerSlice = 30_000;

type PostingsBuild = { backgroundFromRows: number; tokensPerSlice: number };
/** For tests: which tables build their postings in the background, and how much one slice reads. Returns the settings before. */
export function setPostingsBuild(options: Partial<PostingsBuild>): PostingsBuild {
  const before = { backgroundFromRows, tokensPerSlice };
  ({ backgroundFromRows, tokensPerSlice } = { ...before, ...options });
  return before;
}

const rowsOf = (db: Db, table: FtsTable) =>
  sql(db, `SELECT rowid, slug, type, status, audience FROM ${table} ORDER BY rowid`).raw().all() as Row[];

/**
 * The table's snapshot for its current generation: built from FTS5's index the first time, then kept
 * up to date by reading only the rows written since (a handful per edit). The reads share one
 * read transaction, so the rows are those of the generation read. A large table whose postings must
 * be read whole gets a snapshot without them at once, and its postings from a background build.
 */
function snapshotOf(db: Db, table: FtsTable): Snapshot {
  const ofDb = snapshotsOf(db);
  const current = ofDb.get(table);
  if (current?.generation === generationNow(db)) return current;
  return db
    .transaction(() => {
      const generation = generationNow(db);
      const rows = rowsOf(db, table);
      let snapshot = current?.postings ? updated(db, current, rows) : null;
      if (!snapshot && rows.length >= backgroundFromRows) {
        snapshot = withRows(table, rows);
        buildInBackground(db, table, ofDb);
      }
      snapshot ??= built(db, table, rows);
      snapshot.generation = generation;
      snapshot.words.clear(); // every word's idf and the average length changed with the rows
      snapshot.cachedEntries = 0;
      ofDb.set(table, snapshot);
      return snapshot;
    })
    .deferred(); // a read: it must not hold the write lock (a build at once reads every token)
}

/** A snapshot of the table's rows, without postings yet. */
function withRows(table: FtsTable, rows: Row[]): Snapshot {
  const index = new TermIndex();
  const positionOf = new Map<number, number>();
  for (const [rowid] of rows) positionOf.set(rowid, index.add({ hits: new Map(), tokens: 0 }));
  const snapshot: Snapshot = {
    generation: -1,
    table,
    index,
    postings: false,
    positionOf,
    slugs: [],
    types: [],
    published: [],
    forEmployees: [],
    words: new Map(),
    cachedEntries: 0,
    total: new Float64Array(0),
    seen: new Uint8Array(0),
    covered: new Float64Array(0),
    touched: new Int32Array(0),
  };
  rows.forEach((row, position) => describe(snapshot, position, row));
  return sized(snapshot);
}

/** A new snapshot of the table, its postings read from FTS5's own index at once (~4 s for 10,000 articles). */
function built(db: Db, table: FtsTable, rows: Row[]): Snapshot {
  const snapshot = withRows(table, rows);
  const instances = sql(db, `SELECT term, doc, col FROM ${vocabularyOf(db, table)}`).raw();
  addTokens(snapshot, instances.iterate() as Iterable<[string, number, string]>);
  return withPostings(snapshot);
}

function addTokens(
  snapshot: Snapshot,
  tokens: Iterable<[term: string, rowid: number, column: string]>,
): void {
  for (const [term, rowid, column] of tokens) {
    const position = snapshot.positionOf.get(rowid);
    // A row written after the snapshot's rows were read is tokenized when it is added (updated()).
    if (position !== undefined) snapshot.index.addToken(term, position, column);
  }
}

function withPostings(snapshot: Snapshot): Snapshot {
  snapshot.index.sortTerms(); // before the first prefix asks (~20 ms on 10,000 articles)
  snapshot.postings = true;
  return snapshot;
}

/** The background builds running, per snapshot map (shared by the module's copies, as the snapshots are). */
const buildsRunning = remember('search.ftsBuilds', () => new WeakMap<object, Set<FtsTable>>());
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Reads the table's postings a slice of terms at a time, letting requests run between slices, then
 * puts the snapshot in place. A row keeps its rowid while it exists (each write gives new rows new
 * rowids), so slices read after another write still give each remaining row exactly its tokens: the
 * rows written or removed meanwhile are applied at the end, as after any edit (updated()).
 */
function buildInBackground(db: Db, table: FtsTable, ofDb: Map<FtsTable, Snapshot>): void {
  const running = buildsRunning.get(ofDb) ?? new Set<FtsTable>();
  buildsRunning.set(ofDb, running);
  if (running.has(table)) return;
  running.add(table);
  void (async () => {
    try {
      // Again when so much changed during a build that building anew is cheaper than following it.
      while (!(await buildSliced(db, table, ofDb)));
    } catch (error) {
      // A closed connection (a stop, a test's end) is no news; anything else is: FTS5 keeps scoring
      // the words meanwhile, and the next ranking starts the build again.
      if (db.open) getLogger().warn(`Reading the postings of ${table} failed: ${(error as Error).message}`);
    } finally {
      running.delete(table);
    }
  })();
}

async function buildSliced(db: Db, table: FtsTable, ofDb: Map<FtsTable, Snapshot>): Promise<boolean> {
  await nextTurn();
  const { snapshot, slices } = db
    .transaction(() => ({ snapshot: withRows(table, rowsOf(db, table)), slices: slicesOf(db, table) }))
    .deferred();
  const instances = vocabularyOf(db, table);
  const between = sql(db, `SELECT term, doc, col FROM ${instances} WHERE term >= ? AND term < ?`).raw();
  const from = sql(db, `SELECT term, doc, col FROM ${instances} WHERE term >= ?`).raw();
  for (const [i, first] of slices.entries()) {
    await nextTurn();
    const next = slices[i + 1];
    const tokens = next === undefined ? from.all(first) : between.all(first, next);
    addTokens(snapshot, tokens as Array<[string, number, string]>);
  }
  withPostings(snapshot);
  return db
    .transaction(() => {
      const generation = generationNow(db);
      const now = updated(db, snapshot, rowsOf(db, table));
      if (!now) return false;
      now.generation = generation;
      ofDb.set(table, now);
      return true;
    })
    .deferred();
}

/** The first term of each slice of about `tokensPerSlice` tokens, in the index's order ('' first). */
function slicesOf(db: Db, table: FtsTable): string[] {
  const name = `temp.${table}_terms`;
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS ${name} USING fts5vocab(main, ${table}, 'row')`);
  const slices = [''];
  let tokens = 0;
  for (const [term, count] of sql(db, `SELECT term, cnt FROM ${name}`).raw().iterate() as Iterable<
    [string, number]
  >) {
    if (tokens >= tokensPerSlice) {
      slices.push(term);
      tokens = 0;
    }
    tokens += count;
  }
  return slices;
}

/**
 * The snapshot brought to `rows`: rows gone are removed, rows new are tokenized by FTS5 and added.
 * Null when so much changed (or so many removed rows linger) that building it again is cheaper.
 */
function updated(db: Db, snapshot: Snapshot, rows: Row[]): Snapshot | null {
  const { index, positionOf } = snapshot;
  const now = new Set<number>();
  const added: Row[] = [];
  for (const row of rows) {
    const position = positionOf.get(row[0]);
    if (position === undefined || snapshot.slugs[position] !== row[1]) added.push(row);
    else now.add(row[0]);
  }
  const removed = [...positionOf.keys()].filter((rowid) => !now.has(rowid));
  const lingering = index.size - index.liveRows + removed.length;
  if (added.length > Math.max(100, rows.length / 4) || lingering > Math.max(100, rows.length)) return null;
  for (const rowid of removed) {
    index.remove(positionOf.get(rowid)!);
    positionOf.delete(rowid);
  }
  const content = sql(
    db,
    `SELECT title, tags, summary, headings, body FROM ${snapshot.table} WHERE rowid = ?`,
  );
  for (const row of added) {
    const columns = content.get(row[0]) as Record<string, string | null>;
    const position = index.add(rowTerms(db, snapshot.table, columns));
    positionOf.set(row[0], position);
    describe(snapshot, position, row);
  }
  return sized(snapshot);
}

function describe(snapshot: Snapshot, position: number, [, slug, type, status, audience]: Row): void {
  snapshot.slugs[position] = slug;
  snapshot.types[position] = type;
  snapshot.published[position] = status === 'published';
  snapshot.forEmployees[position] = audience === 'employees';
}

/** The per-row sums grown to every position. */
function sized(snapshot: Snapshot): Snapshot {
  const size = snapshot.index.size;
  if (snapshot.total.length < size) {
    snapshot.total = new Float64Array(size);
    snapshot.seen = new Uint8Array(size);
    snapshot.covered = new Float64Array(size);
    snapshot.touched = new Int32Array(size);
  }
  return snapshot;
}

/** A temporary fts5vocab table over the table's index: one row per token (term, rowid, column, offset). */
function vocabularyOf(db: Db, table: FtsTable): string {
  const name = `temp.${table}_instances`;
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS ${name} USING fts5vocab(main, ${table}, 'instance')`);
  return name;
}

/**
 * A temporary FTS5 table with the table's tokenizer, and a vocabulary over it: text written there comes
 * back as the tokens FTS5 makes of it, stemmed as the table stems (so no second stemmer to keep equal).
 */
function tokenizerOf(db: Db, table: FtsTable): string {
  const name = `${table}_tokenizer`;
  const made = tokenizersMade.get(db) ?? new Set<string>();
  tokenizersMade.set(db, made);
  if (made.has(name)) return name;
  const definition = sql(db, `SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`)
    .pluck()
    .get(table) as string;
  const tokenize = /tokenize\s*=\s*'([^']*)'/.exec(definition)?.[1];
  // Another tokenizer than the table's would give other terms, and scores that are not FTS5's.
  if (!tokenize) throw new Error(`Cannot read the tokenizer of ${table} from: ${definition}`);
  db.exec(
    `CREATE VIRTUAL TABLE IF NOT EXISTS temp.${name} USING fts5(title, tags, summary, headings, body, tokenize = '${tokenize}');
     CREATE VIRTUAL TABLE IF NOT EXISTS temp.${name}_instances USING fts5vocab(temp, ${name}, 'instance');`,
  );
  made.add(name);
  return name;
}
const tokenizersMade = new WeakMap<Db, Set<string>>();

/** A row's terms, its columns tokenized as the table tokenizes them. */
function rowTerms(db: Db, table: FtsTable, columns: Record<string, string | null>): RowTerms {
  const tokenizer = tokenizerOf(db, table);
  const empty = sql(db, `DELETE FROM temp.${tokenizer}`);
  // Emptied first too: a row left by a failure would refuse every later insert.
  empty.run();
  try {
    sql(
      db,
      `INSERT INTO temp.${tokenizer} (rowid, title, tags, summary, headings, body) VALUES (1, ?, ?, ?, ?, ?)`,
    ).run(columns.title, columns.tags, columns.summary, columns.headings, columns.body);
    const row: RowTerms = { hits: new Map(), tokens: 0 };
    const tokens = sql(db, `SELECT term, col FROM temp.${tokenizer}_instances`).raw().all() as Array<
      [string, string]
    >;
    for (const [term, column] of tokens) addHit(row, term, column);
    return row;
  } finally {
    empty.run();
  }
}

/** Most words whose token is kept (a word is ~26 µs to tokenize). */
const MAX_TOKENIZED_WORDS = 50_000;
const tokenized = remember('search.ftsTokens', () => new Map<string, string | null>());

/**
 * The token FTS5 makes of a request's word in the table (its stem, for porter), or null when it
 * makes none or several ("wi-fi", "urgent-urgent": a phrase).
 */
function tokenOf(db: Db, table: FtsTable, word: string): string | null {
  // Every database has the same tokenizer per table (the migrations make them).
  const key = `${table} ${word}`;
  const known = tokenized.get(key);
  if (known !== undefined) return known;
  const row = rowTerms(db, table, { body: word });
  const token = row.tokens === 1 ? [...row.hits.keys()][0]! : null;
  if (tokenized.size >= MAX_TOKENIZED_WORDS) tokenized.clear();
  tokenized.set(key, token);
  return token;
}

/**
 * The stem FTS5's porter tokenizer makes of an English word ("letters" → letter, "printing" →
 * print), or the word itself when it makes none or several: how the English table matches words.
 */
export function englishStem(db: Db, word: string): string {
  return tokenOf(db, FTS_TABLES.en, word) ?? word;
}

/**
 * One word's bm25 part for every row it matches (positive: higher is better), as a phrase, a prefix
 * (`"word"*`) or in titles and tags only (`{title tags} : "word"`): kept, or computed from the postings.
 */
function wordScores(
  db: Db,
  snapshot: Snapshot,
  word: string,
  { prefix = false, titles = false }: { prefix?: boolean; titles?: boolean } = {},
): WordScores {
  const phrase = `"${word}"${prefix ? '*' : ''}`;
  const match = titles ? `{title tags} : ${phrase}` : phrase;
  const cached = snapshot.words.get(match);
  if (cached) {
    // Least recently used goes first when the cache is full.
    snapshot.words.delete(match);
    snapshot.words.set(match, cached);
    return cached;
  }
  // A word of several tokens ("wi-fi") is a phrase: only FTS5 knows where its tokens stand.
  const token = snapshot.postings ? tokenOf(db, snapshot.table, word) : null;
  const scores =
    token !== null ? snapshot.index.scores(token, { prefix, titles }) : fromFts5(db, snapshot, match);
  for (const [key, old] of snapshot.words) {
    if (snapshot.cachedEntries + scores.rows.length <= MAX_CACHED_ENTRIES) break;
    snapshot.words.delete(key);
    snapshot.cachedEntries -= old.rows.length;
  }
  snapshot.words.set(match, scores);
  snapshot.cachedEntries += scores.rows.length;
  return scores;
}

/** FTS5's own bm25() of a phrase for every row it matches. */
function fromFts5(db: Db, snapshot: Snapshot, match: string): WordScores {
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
  return scores;
}

/**
 * Reads every table's postings into this process's memory, so the first employee to type after a
 * start does not wait for them: at once for a starter KB (~30 ms), in the background for a large one
 * (~4 s of slices on 10,000 articles, FTS5 scoring words meanwhile).
 */
export function loadFtsPostings(db: Db): void {
  for (const table of Object.values(FTS_TABLES)) snapshotOf(db, table);
}

/** Whether this process ranks the table's words from its postings already (not through FTS5 while they build). */
export function hasFtsPostings(db: Db, table: FtsTable = FTS_TABLES.en): boolean {
  return snapshotOf(db, table).postings;
}

/** Resolves once no background build of the database's postings is running (tests, benches). */
export async function ftsPostingsBuilt(db: Db): Promise<void> {
  const ofDb = snapshotsOf(db);
  while ((buildsRunning.get(ofDb)?.size ?? 0) > 0) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** The share of the terms that some article of the table contains (read through the same cache). */
export function knownShare(db: Db, terms: string[], table: FtsTable = FTS_TABLES.en): number {
  const words = [...new Set(terms.map((t) => t.replace(/"/g, '')))].filter(Boolean).slice(0, MAX_TERMS);
  if (words.length === 0) return 0;
  const snapshot = snapshotOf(db, table);
  return words.filter((w) => wordScores(db, snapshot, w).rows.length > 0).length / words.length;
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
  // Every word's scores first: the per-row sums below are shared, and nothing may throw while they
  // hold a ranking's values (they would skew every later one).
  const parts = words.map((w, i) => {
    const prefix = prefixLast && i === words.length - 1 && w.length >= 3;
    // Titles and tags name what an article is about; matching only them is a ranking of its own.
    return { ...wordScores(db, snapshot, w, { prefix, titles: onlyTitles }), weight: weightOf.get(w)! };
  });
  const expansionWeight = options.expansionWeight ?? 0;
  const synonyms = (expansionWeight > 0 ? (options.expansions ?? []) : [])
    .filter((w) => !weightOf.has(w))
    .map((w) => wordScores(db, snapshot, w, { titles: onlyTitles }));
  const touched = snapshot.touched;
  let touches = 0;
  let information = 0;
  for (const { rows, scores, weight } of parts) {
    // A rare word says more about the request than a common one; a word no article has, the most.
    const idf = Math.log((snapshot.index.liveRows + 1) / (rows.length + 1));
    information += idf;
    for (let j = 0; j < rows.length; j++) {
      const row = rows[j]!;
      if (row < 0) continue;
      // `seen` counts the words that match the row (at most MAX_TERMS): how much of the request it covers.
      if (seen[row] === 0) touched[touches++] = row;
      seen[row] = seen[row]! + 1;
      covered[row] = covered[row]! + idf;
      total[row] = total[row]! + weight * scores[j]!;
    }
  }
  for (const { rows, scores } of synonyms) {
    for (let j = 0; j < rows.length; j++) {
      const row = rows[j]!;
      // A row is listed once: the first time a word or synonym adds something to it.
      if (row < 0 || !(scores[j]! > 0)) continue;
      if (seen[row] === 0 && total[row] === 0) touched[touches++] = row;
      total[row] = total[row]! + expansionWeight * scores[j]!;
    }
  }
  // The best `limit` rows, kept in order while scanning (sorting every touched row cost more than adding).
  // Equal scores keep table order, as FTS5 returns them.
  const better = (a: number, b: number) => total[a]! > total[b]! || (total[a] === total[b] && a < b);
  const best: number[] = [];
  for (let i = 0; i < touches; i++) {
    const row = touched[i]!;
    if (
      !(reader.seesUnpublished || snapshot.published[row]) ||
      !(reader.seesInternal || snapshot.forEmployees[row])
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
  for (let i = 0; i < touches; i++) {
    const row = touched[i]!;
    total[row] = 0;
    seen[row] = 0;
    covered[row] = 0;
  }
  return ranked;
}
