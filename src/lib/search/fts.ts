import type { Article } from '../content/load.ts';
import type { Reader } from '../content/store.ts';
import { sql, type Db } from '../db/db.ts';
import { MAX_TERMS } from './shape-query.ts';

/** Replaces the FTS5 copy of the knowledge base (a few ms per hundred articles; run at start and after edits). */
export function rebuildFtsIndex(db: Db, articles: Article[]): void {
  db.transaction(() => {
    sql(db, 'DELETE FROM articles_fts').run();
    const insert = sql(db, 'INSERT INTO articles_fts (slug, type, status, audience, title, tags, summary, headings, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    for (const a of articles) insert.run(a.slug, a.type, a.status, a.audience, a.title, a.tags.join(' '), a.summary, a.headings.map((h) => h.text).join('\n'), a.text);
  })();
}

// Column weights for bm25(), in table order: the four UNINDEXED columns, then title, tags, summary, headings, body.
const WEIGHTS = '0, 0, 0, 0, 3.0, 2.0, 1.5, 1.5, 1.0';

/**
 * BM25 ranking over the terms (OR-ed, so one missing word cannot sink the right article; porter
 * stemming, title weighted ×3). The last term also matches as a prefix: the employee may still be typing it.
 */
export function searchFts(db: Db, terms: string[], reader: Reader, limit = 20, prefixLast = false, onlyTitles = false): Array<{ slug: string; type: string }> {
  const words = terms.map((t) => t.replace(/"/g, '')).filter(Boolean).slice(0, MAX_TERMS);
  if (words.length === 0) return [];
  const any = words.map((w, i) => `"${w}"${prefixLast && i === words.length - 1 && w.length >= 3 ? '*' : ''}`).join(' OR ');
  // Titles and tags name what an article is about; matching only them is a ranking of its own.
  const match = onlyTitles ? `{title tags} : (${any})` : any;
  return sql(
    db,
    `SELECT slug, type FROM articles_fts
     WHERE articles_fts MATCH ? AND (? OR status = 'published') AND (? OR audience = 'employees')
     ORDER BY bm25(articles_fts, ${WEIGHTS}) LIMIT ?`,
  ).all(match, reader.seesUnpublished ? 1 : 0, reader.seesInternal ? 1 : 0, limit) as Array<{ slug: string; type: string }>;
}
