/**
 * An FTS5 table's postings held in memory: for each term, the rows that contain it and its weighted
 * hits there, so a word's bm25 part for every row costs a pass over its postings instead of FTS5's
 * bm25() at ~0.7 µs a row. On 10,000 articles a ranking with a word not scored yet took 3–20 ms (the
 * typing bench's tail); now p50 0.07 / p95 0.48 ms for the 2,000 most common words (decision 012).
 *
 * The scores are FTS5's own (fts5_aux.c, fts5Bm25Function): per phrase, the IDF from the rows the
 * phrase matches, the hits weighted by column, the row's length in tokens over the table's average.
 * The terms are the table's own tokens (fts.ts reads them from FTS5), so stemming stays FTS5's.
 * fts.test.ts checks the scores against FTS5's bm25() for every term of the starter KB's tables.
 */

const K1 = 1.2;
const B = 0.75;

/** The columns a row's hits count in, and their weights (bm25's per-column arguments in fts.ts). */
export const COLUMN_WEIGHTS: Readonly<Record<string, number>> = {
  title: 3.0,
  tags: 2.0,
  summary: 1.5,
  headings: 1.5,
  body: 1.0,
};
/** The columns a `{title tags}` phrase reads: what an article is about. */
const TITLE_COLUMNS = new Set(['title', 'tags']);

/** One term's rows, in position order, with its weighted hits in all columns and in titles and tags. */
type Postings = { rows: Int32Array; all: Float32Array; titles: Float32Array; length: number };

/** A row's terms: per term, its weighted hits in all columns and in titles and tags; and its length. */
export type RowTerms = { hits: Map<string, { all: number; titles: number }>; tokens: number };

/** One phrase's bm25 part for every row it matches: positions and scores (positive, higher is better). */
export type WordScores = { rows: Int32Array; scores: Float64Array };

/** What one token in `column` adds to its term's hits: in all columns, and in titles and tags. */
const weightOf = (column: string) => {
  const weight = COLUMN_WEIGHTS[column] ?? 0;
  return { all: weight, titles: TITLE_COLUMNS.has(column) ? weight : 0 };
};

/** Adds one token of `column` to a row's terms. */
export function addHit(row: RowTerms, term: string, column: string): void {
  const { all, titles } = weightOf(column);
  const hit = row.hits.get(term) ?? { all: 0, titles: 0 };
  hit.all += all;
  hit.titles += titles;
  row.hits.set(term, hit);
  row.tokens++;
}

export class TermIndex {
  private readonly postings = new Map<string, Postings>();
  /** The terms in code-unit order, for prefixes (null while a build adds them; see `sortTerms`). */
  private sorted: string[] | null = null;
  private tokens = new Float64Array(64);
  private live = new Uint8Array(64);
  /** Rows ever added (positions 0 … size − 1), live or removed. */
  size = 0;
  liveRows = 0;
  private liveTokens = 0;
  /** Per-position sums for prefixes, zeroed after each. */
  private scratch = new Float64Array(64);

  /** Appends a row; its position is the next one (positions only grow, so postings stay in order). */
  add(row: RowTerms): number {
    const position = this.size++;
    if (position >= this.live.length) this.grow(position + 1);
    this.tokens[position] = row.tokens;
    this.live[position] = 1;
    this.liveRows++;
    this.liveTokens += row.tokens;
    for (const [term, hit] of row.hits) this.append(term, position, hit.all, hit.titles);
    return position;
  }

  /** A removed row no longer counts anywhere; its postings stay until the index is built again. */
  remove(position: number): void {
    if (this.live[position] !== 1) return;
    this.live[position] = 0;
    this.liveRows--;
    this.liveTokens -= this.tokens[position]!;
  }

  private append(term: string, position: number, all: number, titles: number): void {
    let p = this.postings.get(term);
    if (!p) {
      p = { rows: new Int32Array(4), all: new Float32Array(4), titles: new Float32Array(4), length: 0 };
      this.postings.set(term, p);
      if (this.sorted) this.sorted.splice(this.firstAtOrAfter(term), 0, term);
    }
    const last = p.length - 1;
    if (last >= 0 && p.rows[last] === position) {
      p.all[last]! += all;
      p.titles[last]! += titles;
      return;
    }
    if (p.length === p.rows.length) {
      const grown = (a: Int32Array | Float32Array) => {
        const b = new (a.constructor as Int32ArrayConstructor | Float32ArrayConstructor)(a.length * 2);
        b.set(a);
        return b;
      };
      p.rows = grown(p.rows) as Int32Array;
      p.all = grown(p.all) as Float32Array;
      p.titles = grown(p.titles) as Float32Array;
    }
    p.rows[p.length] = position;
    p.all[p.length] = all;
    p.titles[p.length] = titles;
    p.length++;
  }

  /** One token of a row already added (a build from FTS5's index reads them term by term, rows in order). */
  addToken(term: string, position: number, column: string): void {
    const { all, titles } = weightOf(column);
    this.append(term, position, all, titles);
    this.tokens[position]!++;
    if (this.live[position] === 1) this.liveTokens++;
  }

  /**
   * bm25 of the phrase `term` (or every term starting with it, given `prefix`) in every live row it
   * matches, over all columns or over titles and tags only.
   */
  scores(term: string, { prefix = false, titles = false } = {}): WordScores {
    const exact = this.postings.get(term);
    const lists = prefix ? this.withPrefix(term) : exact ? [exact] : [];
    const hitsOf = (p: Postings) => (titles ? p.titles : p.all);
    if (lists.length === 1) {
      const p = lists[0]!;
      const hits = hitsOf(p);
      const matches: number[] = [];
      for (let j = 0; j < p.length; j++) if (this.live[p.rows[j]!] === 1 && hits[j]! > 0) matches.push(j);
      return this.score(
        matches,
        (j) => hits[j]!,
        (j) => p.rows[j]!,
      );
    }
    // A prefix's hits in a row are all its terms' hits there (FTS5 counts every matching token).
    const sums = this.scratch;
    const matches: number[] = [];
    for (const p of lists) {
      const hits = hitsOf(p);
      for (let j = 0; j < p.length; j++) {
        const row = p.rows[j]!;
        if (this.live[row] !== 1 || hits[j]! === 0) continue;
        if (sums[row] === 0) matches.push(row);
        sums[row]! += hits[j]!;
      }
    }
    const result = this.score(
      matches,
      (row) => sums[row]!,
      (row) => row,
    );
    for (const row of matches) sums[row] = 0;
    return result;
  }

  private score(
    keys: number[],
    frequencyOf: (key: number) => number,
    rowOf: (key: number) => number,
  ): WordScores {
    const matched = keys.length;
    const result: WordScores = { rows: new Int32Array(matched), scores: new Float64Array(matched) };
    if (matched === 0) return result;
    const n = this.liveRows;
    let idf = Math.log((n - matched + 0.5) / (matched + 0.5));
    if (idf <= 0) idf = 1e-6;
    const averageLength = this.liveTokens / n;
    keys.forEach((key, i) => {
      const f = frequencyOf(key);
      const row = rowOf(key);
      result.rows[i] = row;
      result.scores[i] =
        idf * ((f * (K1 + 1)) / (f + K1 * (1 - B + (B * this.tokens[row]!) / averageLength)));
    });
    return result;
  }

  /** Sorts the terms once a build has added them all; later terms go into place as they come. */
  sortTerms(): void {
    this.sorted = [...this.postings.keys()].sort();
  }

  private withPrefix(prefix: string): Postings[] {
    if (!this.sorted) this.sortTerms();
    const terms = this.sorted!;
    const lists: Postings[] = [];
    for (let i = this.firstAtOrAfter(prefix); i < terms.length && terms[i]!.startsWith(prefix); i++)
      lists.push(this.postings.get(terms[i]!)!);
    return lists;
  }

  /** Where `term` is or would go in the sorted terms. */
  private firstAtOrAfter(term: string): number {
    const terms = this.sorted ?? [];
    let low = 0;
    let high = terms.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (terms[mid]! < term) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private grow(least: number): void {
    const size = Math.max(least, this.live.length * 2);
    const tokens = new Float64Array(size);
    tokens.set(this.tokens);
    const live = new Uint8Array(size);
    live.set(this.live);
    const scratch = new Float64Array(size);
    this.tokens = tokens;
    this.live = live;
    this.scratch = scratch;
  }
}
