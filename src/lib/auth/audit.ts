import path from 'node:path';
import { sql, type Db } from '#lib/db/db.ts';
import { writeArchive } from './audit-archive.ts';

export type AuditEntry = {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  address: string | null;
  detail: string | null;
  /** How many times it happened within the entry's minute (repeated failures are coalesced). */
  count: number;
};

type NewEntry = {
  actor: string;
  action: string;
  target?: string | null;
  address?: string | null;
  detail?: Record<string, unknown>;
};

const columns = (entry: NewEntry) => [
  entry.actor.slice(0, 300),
  entry.action,
  entry.target?.slice(0, 300) ?? null,
  entry.address?.slice(0, 100) ?? null,
  entry.detail ? JSON.stringify(entry.detail).slice(0, 2000) : null,
];

/** Appends one entry; the table refuses updates and deletes (triggers in migrations 0002 and 0013). */
export function recordAudit(db: Db, entry: NewEntry): void {
  sql(db, 'INSERT INTO audit_log (actor, action, target, address, detail) VALUES (?, ?, ?, ?, ?)').run(
    ...columns(entry),
  );
}

/**
 * Records something anyone can repeat at will (a forged cookie, a refused sign-in) as one row per
 * source (action, address and actor) and minute, counting the repeats, so that anonymous requests
 * cannot grow the log without limit. The row keeps the first occurrence's target and detail.
 */
export function recordRepeatedAudit(db: Db, entry: NewEntry, now: Date = new Date()): void {
  const at = now.toISOString();
  const bucket = `${at.slice(0, 16)} ${entry.action} ${entry.address?.slice(0, 100) ?? '-'} ${entry.actor.slice(0, 300)}`;
  sql(
    db,
    `INSERT INTO audit_log (actor, action, target, address, detail, at, bucket) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (bucket) WHERE bucket IS NOT NULL DO UPDATE SET count = count + 1`,
  ).run(...columns(entry), at, bucket);
}

/** Newest first. */
export function listAudit(
  db: Db,
  options: { limit?: number; offset?: number; action?: string } = {},
): { entries: AuditEntry[]; total: number } {
  const where = options.action ? 'WHERE action = ?' : '';
  const args = options.action ? [options.action] : [];
  const entries = sql(
    db,
    `SELECT id, at, actor, action, target, address, detail, count FROM audit_log ${where}
     ORDER BY id DESC LIMIT ? OFFSET ?`,
  ).all(...args, options.limit ?? 50, options.offset ?? 0) as AuditEntry[];
  const total = sql(db, `SELECT count(*) FROM audit_log ${where}`)
    .pluck()
    .get(...args) as number;
  return { entries, total };
}

/** Where pruned entries go, inside DATA_DIR. */
export const AUDIT_ARCHIVE_DIR = 'audit-archive';

export type AuditPrune = { rows: number; archive: string | null; before: string };

/**
 * The one way rows leave the audit log: entries older than `retentionDays` are written to
 * DATA_DIR/audit-archive/audit-through-<last id>.jsonl (flushed to disk), then deleted in one
 * transaction with a record of the prune, which the delete trigger requires. An interrupted prune
 * leaves its rows in the database, and the next one archives them again.
 */
export function pruneAuditLog(
  db: Db,
  options: { dataDir: string; retentionDays: number; now?: Date },
): AuditPrune {
  const now = options.now ?? new Date();
  const before = new Date(now.getTime() - options.retentionDays * 86_400_000).toISOString();
  const throughId = sql(db, 'SELECT max(id) FROM audit_log WHERE at < ?').pluck().get(before) as
    number | null;
  if (throughId === null) return { rows: 0, archive: null, before };
  const archive = path.join(AUDIT_ARCHIVE_DIR, `audit-through-${throughId}.jsonl`);
  const rows = sql(
    db,
    `SELECT id, at, actor, action, target, address, detail, count FROM audit_log
     WHERE at < ? AND id <= ? ORDER BY id`,
  ).iterate(before, throughId) as Iterable<AuditEntry>;
  const written = writeArchive(path.join(options.dataDir, AUDIT_ARCHIVE_DIR), path.basename(archive), rows);
  db.transaction(() => {
    sql(db, 'INSERT INTO audit_log_prunes (before, through_id, rows, archive) VALUES (?, ?, ?, ?)').run(
      before,
      throughId,
      written,
      archive,
    );
    const deleted = sql(db, 'DELETE FROM audit_log WHERE at < ? AND id <= ?').run(before, throughId).changes;
    // Rows are only ever appended with the current time, so nothing can join the archived set; if
    // something did, it was not archived and must not go.
    if (deleted !== written)
      throw new Error(`Audit prune: archived ${written} rows but ${deleted} matched; nothing was deleted.`);
  })();
  return { rows: written, archive, before };
}
