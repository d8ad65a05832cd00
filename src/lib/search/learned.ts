import { sql, type Db } from '#lib/db/db.ts';
import { englishStem } from './fts.ts';

/**
 * How employees described the problems an article solved, as a searchable field of that article
 * (decision 014): the words people use ("my login box keeps popping up") reach the article that
 * says it differently ("Windows asks for your password again"). This module owns `learned_phrasings`
 * and `learned_fts`; what is learned, and when, is decided by `#lib/knowledge/learning.ts`.
 */
export type PhrasingSource = 'request' | 'ticket';
export type Phrasing = {
  slug: string;
  source: PhrasingSource;
  /** The help request's id or the ticket's number: the same solve is learned once. */
  sourceId: string;
  /** Already scrubbed of personal data. */
  text: string;
  /** When the solve was confirmed (ISO): the phrasing's weight halves every `halfLifeDays` from here. */
  learnedAt: string;
};
export type LearnedPhrasing = Phrasing & { id: number };

export const LEARNING = {
  /** Most phrasings kept per article (the newest): one popular article must not fill the table. */
  perArticle: 30,
  /** A phrasing counts half after this many days: how people describe a problem drifts. */
  halfLifeDays: 180,
  /** Longest text kept: the subject and the start of the description say what the problem was. */
  maxChars: 600,
};

/**
 * Adds phrasings not learned before (by source and article; an identical text for the same article
 * counts once), then keeps each touched article's newest `perArticle`. Returns how many were added.
 */
export function learnPhrasings(db: Db, phrasings: Phrasing[], perArticle = LEARNING.perArticle): number {
  let added = 0;
  db.transaction(() => {
    const touched = new Set<string>();
    for (const p of phrasings) {
      const text = p.text.trim().slice(0, LEARNING.maxChars);
      if (!text) continue;
      const known = sql(
        db,
        'SELECT 1 FROM learned_phrasings WHERE (source = ? AND source_id = ? AND slug = ?) OR (slug = ? AND text = ?)',
      ).get(p.source, p.sourceId, p.slug, p.slug, text);
      if (known) continue;
      const { lastInsertRowid } = sql(
        db,
        'INSERT INTO learned_phrasings (slug, source, source_id, text, learned_at) VALUES (?, ?, ?, ?, ?)',
      ).run(p.slug, p.source, p.sourceId, text, p.learnedAt);
      sql(db, 'INSERT INTO learned_fts (rowid, text) VALUES (?, ?)').run(lastInsertRowid, text);
      touched.add(p.slug);
      added++;
    }
    for (const slug of touched) trimArticle(db, slug, perArticle);
  })();
  return added;
}

/** Deletes an article's active phrasings beyond its newest `keep` (tombstones stay: they are not learned again). */
function trimArticle(db: Db, slug: string, keep: number): void {
  const beyond = sql(
    db,
    'SELECT id FROM learned_phrasings WHERE slug = ? AND removed_at IS NULL ORDER BY learned_at DESC, id DESC LIMIT -1 OFFSET ?',
  )
    .pluck()
    .all(slug, keep) as number[];
  for (const id of beyond) {
    sql(db, 'DELETE FROM learned_fts WHERE rowid = ?').run(id);
    sql(db, 'DELETE FROM learned_phrasings WHERE id = ?').run(id);
  }
}

/** An agent removes a phrasing from an article: it no longer counts and is not learned again. */
export function removePhrasing(db: Db, slug: string, id: number, byUserId: number, at = new Date()): boolean {
  return db.transaction(() => {
    const { changes } = sql(
      db,
      'UPDATE learned_phrasings SET removed_at = ?, removed_by = ? WHERE id = ? AND slug = ? AND removed_at IS NULL',
    ).run(at.toISOString(), byUserId, id, slug);
    if (changes > 0) sql(db, 'DELETE FROM learned_fts WHERE rowid = ?').run(id);
    return changes > 0;
  })();
}

/** An article's active phrasings, newest first (for its editor page). */
export function learnedPhrasings(db: Db, slug: string): LearnedPhrasing[] {
  return sql(
    db,
    `SELECT id, slug, source, source_id AS sourceId, text, learned_at AS learnedAt FROM learned_phrasings
       WHERE slug = ? AND removed_at IS NULL ORDER BY learned_at DESC, id DESC`,
  ).all(slug) as LearnedPhrasing[];
}

/** The newest solve learned from a source (removed ones included), to collect only what came after. */
export function lastLearnedAt(db: Db, source: PhrasingSource): string | null {
  return sql(db, 'SELECT max(learned_at) FROM learned_phrasings WHERE source = ?').pluck().get(source) as
    string | null;
}

/** Rows the learned ranking reads at most (the best bm25 first): bounds its time on a large table. */
const MAX_ROWS = 400;

/**
 * A phrasing counts by the share of the request's terms it contains, and not at all with a third or
 * less: one shared word ("teams", "printer") says the solved request was about the same thing, not
 * that it was this problem, and lifted the neighbouring article (decision 014, session 26).
 */
const MIN_SHARE = 1 / 3;
/** Phrasings whose stems are kept, by text (ids can be used again after a phrasing is trimmed). */
const STEMS_KEPT = 5000;
const phrasingStems = new Map<string, Set<string>>();

/** Split as FTS5's unicode61 tokenizer splits ("wi-fi": wi, fi), each word stemmed as the English table does. */
const stemsIn = (db: Db, text: string): Set<string> =>
  new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean)
      .map((word) => englishStem(db, word)),
  );

function stemsOf(db: Db, text: string): Set<string> {
  let stems = phrasingStems.get(text);
  if (!stems) {
    stems = stemsIn(db, text);
    if (phrasingStems.size >= STEMS_KEPT) phrasingStems.clear();
    phrasingStems.set(text, stems);
  }
  return stems;
}

/**
 * Each article's best learned match for the terms: the highest bm25 of its phrasings (OR of the
 * terms) times the share of the terms the phrasing contains, times the phrasing's decay. Positive,
 * higher is better, only comparable within one query. Articles are not filtered by reader here:
 * the caller keeps only candidates the reader may see.
 */
export function searchLearned(db: Db, terms: string[], now = Date.now()): Map<string, number> {
  const words = [...new Set(terms.map((t) => t.replace(/"/g, '')).filter(Boolean))];
  const best = new Map<string, number>();
  if (words.length === 0) return best;
  const rows = sql(
    db,
    `SELECT p.slug AS slug, p.text AS text, p.learned_at AS learnedAt, -bm25(learned_fts) AS score
       FROM learned_fts JOIN learned_phrasings p ON p.id = learned_fts.rowid
      WHERE learned_fts MATCH ? ORDER BY rank LIMIT ${MAX_ROWS}`,
  ).all(words.map((w) => `"${w}"`).join(' OR ')) as Array<{
    slug: string;
    text: string;
    learnedAt: string;
    score: number;
  }>;
  const asked = stemsIn(db, words.join(' '));
  const dayMs = 86_400_000;
  for (const r of rows) {
    const share = likeness(asked, stemsOf(db, r.text)).shared / Math.max(1, asked.size);
    if (share <= MIN_SHARE) continue;
    const ageDays = Math.max(0, (now - Date.parse(r.learnedAt)) / dayMs);
    const score = r.score * share * 0.5 ** (ageDays / LEARNING.halfLifeDays);
    if (score > (best.get(r.slug) ?? 0)) best.set(r.slug, score);
  }
  return best;
}

/**
 * How alike a request and a solved request must be for the request to count as the same problem
 * asked again: the Dice coefficient of their terms (2 × shared / both counts), so a short request
 * inside a long solved story is not a repeat, nor a long request around a short one.
 */
export const REPEAT_SIMILARITY = 0.7;
/** Requests longer than this are stories, not repeats: they are not compared (and cost nothing). */
const REPEAT_MAX_TERMS = 12;
/** Phrasings compared at most: the best by bm25. */
const REPEAT_ROWS = 10;

/**
 * The article that solved a request worded as this one (at least REPEAT_SIMILARITY alike, two
 * shared terms or more), with the similarity; null when no solved request was. A person confirmed
 * that article solved those words, which says more than any score (decision 014): the ranking
 * puts it first, whatever the gate makes of the article's own words.
 *
 * `shape` turns a phrasing into terms as the request's were (translated, spelling corrected), so
 * the same words typed again compare equal, whatever their English ending (`englishStem`). `accept`
 * says which articles may be offered (the reader's, not declined): the best acceptable repeat is
 * returned. FTS5 finds the phrasings to compare: the 10 best by bm25 for the terms, and the 10 best
 * for the words as typed (a phrasing is stored as it was written, in German or Italian too).
 */
export function solvedRepeat(
  db: Db,
  terms: string[],
  {
    shape,
    accept,
    typed = [],
  }: {
    shape: (text: string) => string[];
    accept: (slug: string) => boolean;
    /** The request's words as typed: they find phrasings stored in German or Italian too. */
    typed?: string[];
  },
): { slug: string; similarity: number } | null {
  const clean = (list: string[]) => [...new Set(list.map((t) => t.replace(/"/g, '')).filter(Boolean))];
  const words = clean(terms);
  if (words.length < 2 || words.length > REPEAT_MAX_TERMS) return null;
  const bestPhrasings = sql(
    db,
    `SELECT p.id AS id, p.slug AS slug, p.text AS text
       FROM learned_fts JOIN learned_phrasings p ON p.id = learned_fts.rowid
      WHERE learned_fts MATCH ? ORDER BY rank LIMIT ${REPEAT_ROWS}`,
  );
  type Row = { id: number; slug: string; text: string };
  const matching = (list: string[]) =>
    list.length === 0 ? [] : (bestPhrasings.all(list.map((w) => `"${w}"`).join(' OR ')) as Row[]);
  const byId = new Map<number, Row>();
  for (const r of [...matching(words), ...matching(clean(typed).slice(0, 2 * REPEAT_MAX_TERMS))])
    if (accept(r.slug)) byId.set(r.id, r);
  const rows = [...byId.values()];
  if (rows.length === 0) return null;
  const asked = stemmedTerms(db, words);
  if (asked.size < 2) return null;
  let best: { slug: string; similarity: number } | null = null;
  for (const r of rows) {
    const { shared, similarity } = likeness(asked, stemmedTerms(db, shape(r.text)));
    if (shared >= 2 && similarity >= REPEAT_SIMILARITY && similarity > (best?.similarity ?? 0))
      best = { slug: r.slug, similarity };
  }
  return best;
}

/** Terms by their English stem, as FTS5 matches them: "letters" is "letter", "print printing" one term. */
export function stemmedTerms(db: Db, terms: string[]): Set<string> {
  return new Set(terms.map((term) => englishStem(db, term)));
}

/** How alike two sets of terms are: how many they share, and the Dice coefficient (2 × shared / both counts). */
export function likeness(a: Set<string>, b: Set<string>): { shared: number; similarity: number } {
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  return { shared, similarity: (2 * shared) / Math.max(1, a.size + b.size) };
}

/** Forgets everything learned (the evaluation's time split starts and ends empty). */
export function forgetAllPhrasings(db: Db): void {
  db.transaction(() => {
    sql(db, 'DELETE FROM learned_fts').run();
    sql(db, 'DELETE FROM learned_phrasings').run();
  })();
}
