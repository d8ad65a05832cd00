import { sql, type Db } from '#lib/db/db.ts';
import { remember } from '#lib/config/remember.ts';
import {
  dropEntries,
  newWriteBehind,
  noteRefusedBatch,
  noteWrittenBatch,
  retryDelayMs,
  type WriteBehind,
} from './write-behind.ts';

// Views are counted in memory and written once a second in one transaction: a write per page view put
// every article page in line for SQLite's write lock, which the web workers share. A crash loses at
// most a second of view counts (a popularity signal, never a ticket or an outcome). Counts the database
// refuses (a full disk) are kept and tried again (see write-behind.ts), for at most MAX_PENDING_VIEW_KEYS
// articles and days; a page view never fails for them.
const FLUSH_MS = 1000;
export const MAX_PENDING_VIEW_KEYS = 10_000;
type ViewQueue = WriteBehind & { pending: Map<Db, Map<string, number>> };
const queue = remember<ViewQueue>('deflection.articleViews', () => ({
  ...newWriteBehind(),
  pending: new Map(),
}));
const WHAT = 'article view counts';

/** Counts one view of an article on a UTC day; one row per article and day keeps the table small. */
export function recordArticleView(db: Db, slug: string, at: Date = new Date()): void {
  addViews(db, `${at.toISOString().slice(0, 10)}\n${slug}`, 1);
  queue.timer ??= setTimeout(flushArticleViews, FLUSH_MS).unref();
}

function addViews(db: Db, key: string, views: number): void {
  let counts = queue.pending.get(db);
  if (!counts) queue.pending.set(db, (counts = new Map()));
  counts.set(key, (counts.get(key) ?? 0) + views);
  // Maps keep insertion order: the first keys are the oldest, and the first to go when there is no room.
  for (const [oldest, dropped] of counts) {
    if (counts.size <= MAX_PENDING_VIEW_KEYS) break;
    counts.delete(oldest);
    dropEntries(queue, dropped, WHAT);
  }
}

/** Views waiting in memory, and those dropped since the process started. */
export function articleViewBacklog(): { pending: number; dropped: number } {
  let pending = 0;
  for (const counts of queue.pending.values()) for (const views of counts.values()) pending += views;
  return { pending, dropped: queue.dropped };
}

/**
 * Writes the counted views now (the timer does it every second; shutdown and readers call it too).
 * Never throws for counts the database refuses (they are kept for the next attempt), except inside a
 * caller's transaction, which must then fail whole.
 */
export function flushArticleViews(): void {
  if (queue.timer) clearTimeout(queue.timer);
  queue.timer = null;
  const pending = [...queue.pending];
  queue.pending.clear();
  let kept = false;
  let refusal: unknown = null;
  for (const [db, counts] of pending) {
    if (!db.open) continue;
    const nested = db.inTransaction;
    try {
      writeViews(db, counts);
      noteWrittenBatch(queue, WHAT);
    } catch (error) {
      if (nested) refusal = error;
      if (!noteRefusedBatch(queue, WHAT, counts.size, error)) continue;
      for (const [key, views] of counts) addViews(db, key, views);
      kept = true;
    }
  }
  if (kept)
    queue.timer ??= setTimeout(flushArticleViews, Math.max(FLUSH_MS, retryDelayMs(queue.failures))).unref();
  if (refusal) throw refusal;
}

function writeViews(db: Db, counts: Map<string, number>): void {
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
