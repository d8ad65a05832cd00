import { sql, type Db } from '../db/db.ts';

/** Counts one view of an article on a UTC day; one row per article and day keeps the table small. */
export function recordArticleView(db: Db, slug: string, at: Date = new Date()): void {
  sql(db, 
    `INSERT INTO article_views (slug, day, views) VALUES (?, ?, 1)
     ON CONFLICT (slug, day) DO UPDATE SET views = views + 1`,
  ).run(slug, at.toISOString().slice(0, 10));
}

/** Slugs by views over the last `days` days, most viewed first. */
export function mostViewedSlugs(db: Db, days: number, limit: number, now: Date = new Date()): Array<{ slug: string; views: number }> {
  const since = new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
  return db
    .prepare('SELECT slug, SUM(views) AS views FROM article_views WHERE day >= ? GROUP BY slug ORDER BY views DESC, slug LIMIT ?')
    .all(since, limit) as Array<{ slug: string; views: number }>;
}
