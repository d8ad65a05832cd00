import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { testDatabase } from '#test/db.ts';
import { openDatabase } from '#lib/db/db.ts';
import { loadContent, type Article } from '#lib/content/load.ts';
import { EMPLOYEE, type Reader } from '#lib/content/store.ts';
import type { Db } from '#lib/db/db.ts';
import { readQualitySet } from './evaluate.ts';
import {
  ftsPostingsBuilt,
  hasFtsPostings,
  knownShare,
  rebuildFtsIndex,
  searchFts,
  setPostingsBuild,
  updateFtsIndex,
  type FtsTable,
} from './fts.ts';
import { indexedTexts } from './texts.ts';
import { shapeQuery } from './shape-query.ts';

const { articles } = loadContent(path.resolve('content'));
const AGENT: Reader = { seesInternal: true, seesUnpublished: false };
let db: Db;

/** What FTS5 answers for the whole OR query at once: the ranking the cached sums must reproduce. */
function rankedByFts5(terms: string[], reader: Reader, prefixLast: boolean, onlyTitles = false): string[] {
  const any = terms
    .map((w, i) => `"${w}"${prefixLast && i === terms.length - 1 && w.length >= 3 ? '*' : ''}`)
    .join(' OR ');
  return db
    .prepare(
      `SELECT slug FROM articles_fts WHERE articles_fts MATCH ? AND (? OR status = 'published') AND (? OR audience = 'employees')
         ORDER BY bm25(articles_fts, 0, 0, 0, 0, 3.0, 2.0, 1.5, 1.5, 1.0) LIMIT 20`,
    )
    .pluck()
    .all(
      onlyTitles ? `{title tags} : (${any})` : any,
      reader.seesUnpublished ? 1 : 0,
      reader.seesInternal ? 1 : 0,
    ) as string[];
}

const withTitle = (a: Article, title: string): Article => ({ ...a, title });

const other = () => openDatabase(db.name);

/** Every word of a table, its bm25 from searchFts and from FTS5's bm25(). */
function expectFts5Scores(table: FtsTable = 'articles_fts', least = 1000): void {
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.${table}_words USING fts5vocab(main, ${table}, 'row')`);
  const words = db.prepare(`SELECT term FROM temp.${table}_words`).pluck().all() as string[];
  expect(words.length).toBeGreaterThan(least);
  const bm25 = (match: string) =>
    new Map(
      db
        .prepare(
          `SELECT slug, -bm25(${table}, 0, 0, 0, 0, 3.0, 2.0, 1.5, 1.5, 1.0) FROM ${table}
             WHERE ${table} MATCH ? AND status = 'published' AND audience = 'employees'`,
        )
        .raw()
        .all(match) as Array<[string, number]>,
    );
  let compared = 0;
  for (const word of words) {
    const prefix = word.slice(0, 3);
    for (const [term, options, match] of [
      [word, {}, `"${word}"`],
      [word, { onlyTitles: true }, `{title tags} : "${word}"`],
      [prefix, { prefixLast: true }, `"${prefix}"*`],
      [prefix, { prefixLast: true, onlyTitles: true }, `{title tags} : "${prefix}"*`],
    ] as const) {
      if (term.length < 3 && 'prefixLast' in options) continue;
      const expected = bm25(match);
      const got = searchFts(db, [term], EMPLOYEE, { ...options, table, limit: 1000 });
      expect(got.length, match).toBe(expected.size);
      for (const r of got) expect(r.score, `${match} ${r.slug}`).toBeCloseTo(expected.get(r.slug)!, 9);
      compared++;
    }
  }
  expect(compared).toBeGreaterThan(2 * least);
}

describe('the FTS5 ranking built from cached per-word scores', () => {
  // Each test its own file: the temporary folder goes away after each test.
  beforeEach(() => {
    db = testDatabase();
    rebuildFtsIndex(db, articles);
  });

  it('ranks every request of the quality set exactly as FTS5 ranks the OR query', () => {
    const requests = readQualitySet(path.resolve('tests/fixtures/search-quality.jsonl'));
    let compared = 0;
    for (const request of requests) {
      const { terms, lastTermOpen } = shapeQuery(request.query);
      for (const [reader, onlyTitles] of [
        [EMPLOYEE, false],
        [AGENT, false],
        [EMPLOYEE, true],
      ] as const) {
        expect(
          searchFts(db, terms, reader, { prefixLast: lastTermOpen, onlyTitles }).map((r) => r.slug),
          request.query,
        ).toEqual(rankedByFts5(terms.slice(0, 32), reader, lastTermOpen, onlyTitles));
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(500);
  });

  it("scores every word of the knowledge base, as a word, a prefix and in titles, as FTS5's bm25() does", () => {
    // The postings in memory (term-index.ts) must give FTS5's numbers, not only its order.
    expectFts5Scores();
    // After edits, which reach the postings row by row (removed rows, rows tokenized anew).
    const [first, second, third] = articles;
    updateFtsIndex(
      db,
      [
        withTitle(first!, 'Zebracorn printer offline again'),
        { ...second!, text: `${second!.text}\n\nThe printer queue and the VPN client both restart.` },
      ],
      [third!.slug],
    );
    searchFts(db, ['printer'], EMPLOYEE); // the edit reaches this process's postings
    updateFtsIndex(other(), [{ ...third!, tags: ['printer', 'zebracorn'] }], []);
    expectFts5Scores();
  });

  it("builds a large table's postings in the background, FTS5 scoring meanwhile, and follows edits made during the build", async () => {
    // Every table counts as large here, and a slice is a few hundred terms: the build takes many turns.
    const before = setPostingsBuild({ backgroundFromRows: 1, tokensPerSlice: 2_000 });
    try {
      expect(searchFts(db, ['printer'], EMPLOYEE).map((r) => r.slug)).toEqual(
        rankedByFts5(['printer'], EMPLOYEE, false),
      );
      expect(hasFtsPostings(db)).toBe(false);
      expectFts5Scores(); // FTS5's own scores while the postings build
      for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
      // Another process edits and removes rows between slices.
      const [first, , third] = articles;
      updateFtsIndex(other(), [withTitle(first!, 'Zebracorn printer offline again')], [third!.slug]);
      expect(hasFtsPostings(db)).toBe(false);
      await ftsPostingsBuilt(db);
      expect(hasFtsPostings(db)).toBe(true);
      expect(searchFts(db, ['zebracorn'], EMPLOYEE).map((r) => r.slug)).toEqual([first!.slug]);
      expectFts5Scores();
    } finally {
      setPostingsBuild(before);
    }
  });

  it("scores the German and Italian tables' words as FTS5 does too", () => {
    rebuildFtsIndex(db, indexedTexts(loadContent(path.resolve('content'))));
    expectFts5Scores('articles_fts_de', 300);
    expectFts5Scores('articles_fts_it', 300);
  });

  it('follows changes made in this process and by another connection to the same file', () => {
    const vpn = articles.find((a) => a.slug === 'vpn-cannot-connect')!;
    updateFtsIndex(db, [withTitle(vpn, 'Zebracorn tunnel refuses to connect')], []);
    expect(searchFts(db, ['zebracorn'], EMPLOYEE).map((r) => r.slug)).toEqual(['vpn-cannot-connect']);
    // Another process (a CLI, the start script) writes the table: the generation tells this one.
    const other = openDatabase(db.name);
    updateFtsIndex(other, [], ['vpn-cannot-connect']);
    expect(searchFts(db, ['zebracorn'], EMPLOYEE)).toEqual([]);
    expect(searchFts(db, ['vpn'], EMPLOYEE).map((r) => r.slug)).toEqual(
      rankedByFts5(['vpn'], EMPLOYEE, false),
    );
    rebuildFtsIndex(other, articles);
    expect(searchFts(db, ['vpn'], EMPLOYEE).map((r) => r.slug)).toContain('vpn-cannot-connect');
    expect(searchFts(db, ['zebracorn'], EMPLOYEE)).toEqual([]);
  });

  it('reads the postings while another connection holds the write lock: following an edit only reads', () => {
    searchFts(db, ['printer'], EMPLOYEE); // the postings are built; what follows is an update
    const writer = other();
    updateFtsIndex(writer, [withTitle(articles[0]!, 'Zebracorn printer offline')], []);
    writer.exec('BEGIN IMMEDIATE');
    try {
      db.pragma('busy_timeout = 50');
      expect(searchFts(db, ['zebracorn'], EMPLOYEE).map((r) => r.slug)).toEqual([articles[0]!.slug]);
    } finally {
      writer.exec('ROLLBACK');
    }
  });

  it('tokenizes new words after a tokenization that failed half-way left its row behind', () => {
    // Words no earlier test tokenized (the tokens of words are kept for the process).
    expect(searchFts(db, ['zyxprinterq'], EMPLOYEE)).toEqual([]);
    // The row a failure between insert and delete would leave in the temporary tokenizer table.
    db.prepare(`INSERT INTO temp.articles_fts_tokenizer (rowid, body) VALUES (1, 'left behind')`).run();
    expect(searchFts(db, ['zyxvpnq'], EMPLOYEE)).toEqual([]);
    updateFtsIndex(db, [withTitle(articles[0]!, 'Zyxroutery tunnel')], []);
    expect(searchFts(db, ['zyxroutery'], EMPLOYEE).map((r) => r.slug)).toEqual([articles[0]!.slug]);
  });

  it("weighs each term by its weight: the subject's words outrank a story's incidental ones", () => {
    const terms = ['printer', 'vpn'];
    const plain = searchFts(db, terms, EMPLOYEE);
    const printerFirst = searchFts(db, terms, EMPLOYEE, { weights: [1, 0.01] });
    const vpnFirst = searchFts(db, terms, EMPLOYEE, { weights: [0.01, 1] });
    expect(printerFirst[0]!.slug).toMatch(/print/);
    expect(vpnFirst[0]!.slug).toMatch(/vpn/);
    // A weight scales that word's part of the sum: with weight 1 everywhere the ranking is unchanged.
    expect(searchFts(db, terms, EMPLOYEE, { weights: [1, 1] })).toEqual(plain);
  });

  it("says how much of the request each article covers: its terms, and their share of the terms' idf", () => {
    const vpn = articles.find((a) => a.slug === 'vpn-cannot-connect')!;
    updateFtsIndex(db, [withTitle(vpn, 'Zebracorn tunnel refuses to connect')], []);
    // "zebracorn" is in one article, "connect" in many, "qwxzy" in none.
    const [first] = searchFts(db, ['zebracorn', 'connect', 'qwxzy'], EMPLOYEE);
    expect(first).toMatchObject({ slug: 'vpn-cannot-connect', matched: 2 });
    const common = searchFts(db, ['zebracorn', 'connect', 'qwxzy'], EMPLOYEE).find(
      (r) => r.slug !== 'vpn-cannot-connect',
    )!;
    expect(common.matched).toBe(1);
    // The rare word carries more of the request's information than the common one; the unknown word the most.
    expect(first!.covered).toBeGreaterThan(common.covered);
    expect(first!.covered).toBeLessThan(2 / 3);
    expect(common.covered).toBeGreaterThan(0);
    expect(knownShare(db, ['zebracorn', 'connect', 'qwxzy'])).toBeCloseTo(2 / 3);
    expect(knownShare(db, [])).toBe(0);
    // The per-row counts are reset after each ranking.
    expect(searchFts(db, ['connect'], EMPLOYEE).every((r) => r.matched === 1)).toBe(true);
  });

  it("finds an article by a synonym of the request's word, at the synonym's weight, without counting it as covered", () => {
    const vpn = articles.find((a) => a.slug === 'vpn-cannot-connect')!;
    updateFtsIndex(db, [withTitle(vpn, 'Zebracorn tunnel refuses to connect')], []);
    expect(searchFts(db, ['quagga'], EMPLOYEE)).toEqual([]);
    const found = searchFts(db, ['quagga'], EMPLOYEE, { expansions: ['zebracorn'], expansionWeight: 0.5 });
    expect(found).toMatchObject([{ slug: 'vpn-cannot-connect', matched: 0, covered: 0 }]);
    const full = searchFts(db, ['zebracorn'], EMPLOYEE);
    expect(found[0]!.score).toBeCloseTo(full[0]!.score * 0.5);
    // Weight 0, or a synonym that is one of the terms, changes nothing.
    expect(searchFts(db, ['quagga'], EMPLOYEE, { expansions: ['zebracorn'], expansionWeight: 0 })).toEqual(
      [],
    );
    expect(
      searchFts(db, ['zebracorn'], EMPLOYEE, { expansions: ['zebracorn'], expansionWeight: 0.5 }),
    ).toEqual(full);
    // An article found by both keeps one entry, its words' count unchanged.
    const both = searchFts(db, ['zebracorn', 'quagga'], EMPLOYEE, {
      expansions: ['tunnel'],
      expansionWeight: 0.5,
    });
    expect(both.filter((r) => r.slug === 'vpn-cannot-connect')).toHaveLength(1);
    expect(both.find((r) => r.slug === 'vpn-cannot-connect')!.matched).toBe(1);
  });

  it('keeps drafts and internal articles from readers who may not see them', () => {
    const internal = articles.filter((a) => a.audience === 'agents').map((a) => a.slug);
    expect(internal.length).toBeGreaterThan(0);
    const words = ['password', 'account', 'laptop', 'vpn', 'printer', 'mailbox', 'admin'];
    expect(
      searchFts(db, words, EMPLOYEE, { limit: 200 })
        .map((r) => r.slug)
        .filter((s) => internal.includes(s)),
    ).toEqual([]);
    updateFtsIndex(db, [{ ...articles[0]!, status: 'draft', title: 'Quokka draft' }], []);
    expect(searchFts(db, ['quokka'], AGENT)).toEqual([]);
    expect(
      searchFts(db, ['quokka'], { seesInternal: true, seesUnpublished: true }).map((r) => r.slug),
    ).toEqual([articles[0]!.slug]);
  });
});
