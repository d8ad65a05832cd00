import { sql, type Db } from '#lib/db/db.ts';

/**
 * Updates meant for Meilisearch wait here until the engine confirms them, so an update made while it
 * is down (killed, restarting, an external MEILI_URL unreachable) is applied when it is back. Entries
 * are idempotent (the whole knowledge base by content hash, or one ticket's current state), so an
 * entry applied twice does no harm, and repeated entries collapse into one.
 */
export type OutboxKind = 'articles' | 'ticket';
export type OutboxEntry = { id: number; kind: OutboxKind; ref: string; attempts: number };

/** Records an update before it is attempted; returns what `completeSearchUpdate` needs once it is confirmed. */
export function enqueueSearchUpdate(db: Db, kind: OutboxKind, ref = ''): { id: number; at: string } {
  const at = new Date().toISOString();
  const row = sql(
    db,
    `INSERT INTO search_outbox (kind, ref, at) VALUES (?, ?, ?)
    ON CONFLICT (kind, ref) DO UPDATE SET at = excluded.at RETURNING id`,
  ).get(kind, ref, at) as { id: number };
  return { id: row.id, at };
}

/** Removes an entry once the engine confirmed it — unless it was queued again meanwhile (newer change). */
export function completeSearchUpdate(db: Db, id: number, queuedAt?: string): void {
  if (queuedAt) sql(db, 'DELETE FROM search_outbox WHERE id = ? AND at <= ?').run(id, queuedAt);
  else sql(db, 'DELETE FROM search_outbox WHERE id = ?').run(id);
}

export function pendingSearchUpdates(db: Db, limit = 500): Array<OutboxEntry & { at: string }> {
  return sql(db, 'SELECT id, kind, ref, attempts, at FROM search_outbox ORDER BY id LIMIT ?').all(
    limit,
  ) as Array<OutboxEntry & { at: string }>;
}

export function countPendingSearchUpdates(db: Db): number {
  return sql(db, 'SELECT count(*) FROM search_outbox').pluck().get() as number;
}

/**
 * Applies what is waiting, oldest first, stopping at the first failure (the engine is still away).
 * `apply` must throw when the engine did not confirm. Returns how many were applied.
 */
export async function drainSearchOutbox(
  db: Db,
  apply: (entry: OutboxEntry) => Promise<void>,
): Promise<number> {
  let applied = 0;
  for (const entry of pendingSearchUpdates(db)) {
    try {
      await apply(entry);
    } catch {
      sql(db, 'UPDATE search_outbox SET attempts = attempts + 1 WHERE id = ?').run(entry.id);
      break;
    }
    completeSearchUpdate(db, entry.id, entry.at);
    applied++;
  }
  return applied;
}
