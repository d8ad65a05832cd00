import { sql, type Db } from '#lib/db/db.ts';
import { remember } from '#lib/config/remember.ts';

// Views are counted in memory and written once a second in one transaction: a write per page view put
// every article page in line for SQLite's write lock, which the web workers share. A crash loses at
// most a second of view counts (a popularity signal, never a ticket or an outcome).
const FLUSH_MS = 1000;
type ViewQueue = { pending: Map<Db, Map<string, number>>; timer: NodeJS.Timeout | null };
const queue = remember<ViewQueue>('deflection.articleViews', () => ({ pending: new Map(), timer: null }));

/** Counts one view of an article on a UTC day; one row per article and day keeps the table small. */
export function recordArticleView(db: Db, slug: string, at: Date = new Date()): void {
  let counts = queue.pending.get(db);
  if (!counts) queue.pending.set(db, (counts = new Map()));
  const key = `${at.toISOString().slice(0, 10)}\n${slug}`;
  counts.set(key, (counts.get(key) ?? 0) + 1);
  queue.timer ??= setTimeout(flushArticleViews, FLUSH_MS).unref();
}

/** Writes the counted views now (the timer does it every second; shutdown and readers call it too). */
export function flushArticleViews(): void {
  if (queue.timer) clearTimeout(queue.timer);
  queue.timer = null;
  const pending = [...queue.pending];
  queue.pending.clear();
  for (const [db, counts] of pending) {
    if (!db.open) continue;
    db.transaction(() => {
      const add = sql(
        db,
        'INSERT INTO article_views (slug, day, views) VALUES (?, ?, ?) ON CONFLICT (slug, day) DO UPDATE SET views = views + excluded.views',
      );
      for (const [key, views] of counts) {
        const [day, slug] = key.split('\n') as [string, string];
        add.run(slug, day, views);
      }
    })();
  }
}

/** Slugs by views over the last `days` days, most viewed first. */
export function mostViewedSlugs(
  db: Db,
  days: number,
  limit: number,
  now: Date = new Date(),
): Array<{ slug: string; views: number }> {
  flushArticleViews();
  const since = new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
  return sql(
    db,
    'SELECT slug, SUM(views) AS views FROM article_views WHERE day >= ? GROUP BY slug ORDER BY views DESC, slug LIMIT ?',
  ).all(since, limit) as Array<{ slug: string; views: number }>;
}
