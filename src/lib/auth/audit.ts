import path from 'node:path';
import { sql, type Db } from '#lib/db/db.ts';
import { containsPattern, LIKE_ESCAPE } from '#lib/db/like.ts';
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

/** What the audit log can be narrowed to; every field optional. */
export type AuditFilter = {
  /** Part of the actor ("user:12 ada@…", "token:3 BI", "anonymous"), any case. */
  actor?: string;
  /** One action exactly ("user.disable"). */
  action?: string;
  /** First and last UTC day (YYYY-MM-DD), inclusive. */
  from?: string;
  to?: string;
  /** Instead of UTC days: from this instant (inclusive) and before that one (ISO), e.g. a reader's local days. */
  since?: string;
  until?: string;
};

function auditWhere(filter: AuditFilter): { clause: string; params: Record<string, string> } {
  const where: string[] = [];
  const params: Record<string, string> = {};
  if (filter.actor) {
    where.push(`actor LIKE :actor ${LIKE_ESCAPE}`);
    params.actor = containsPattern(filter.actor);
  }
  if (filter.action) {
    where.push('action = :action');
    params.action = filter.action;
  }
  if (filter.from) {
    where.push('at >= :from');
    params.from = `${filter.from}T00:00:00.000Z`;
  }
  if (filter.to) {
    where.push("at < strftime('%Y-%m-%dT%H:%M:%fZ', :to, '+1 day')");
    params.to = `${filter.to}T00:00:00.000Z`;
  }
  if (filter.since) {
    where.push('at >= :since');
    params.since = filter.since;
  }
  if (filter.until) {
    where.push('at < :until');
    params.until = filter.until;
  }
  return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** Newest first, narrowed by the filter. */
export function listAudit(
  db: Db,
  options: { limit?: number; offset?: number } & AuditFilter = {},
): { entries: AuditEntry[]; total: number } {
  const { clause, params } = auditWhere(options);
  const paging = { ...params, limit: options.limit ?? 50, offset: options.offset ?? 0 };
  if (options.actor) {
    // "Contains" reads every candidate row anyway: count them in the same pass (see searchUsers).
    const rows = sql(
      db,
      `SELECT id, at, actor, action, target, address, detail, count, count(*) OVER () AS total FROM audit_log ${clause}
       ORDER BY id DESC LIMIT :limit OFFSET :offset`,
    ).all(paging) as Array<AuditEntry & { total: number }>;
    if (rows.length > 0 || paging.offset === 0)
      return { entries: rows.map(({ total: _, ...e }) => e), total: rows[0]?.total ?? 0 };
  }
  const entries = sql(
    db,
    `SELECT id, at, actor, action, target, address, detail, count FROM audit_log ${clause}
     ORDER BY id DESC LIMIT :limit OFFSET :offset`,
  ).all(paging) as AuditEntry[];
  const total = sql(db, `SELECT count(*) FROM audit_log ${clause}`).pluck().get(params) as number;
  return { entries, total };
}

/**
 * Every entry matching the filter, newest first, one at a time (the CSV export streams them). A
 * statement of its own, not the shared cache: an iterating statement is busy until it ends, and two
 * admins may export at once.
 */
export function iterateAudit(db: Db, filter: AuditFilter): IterableIterator<AuditEntry> {
  const { clause, params } = auditWhere(filter);
  return db
    .prepare(
      `SELECT id, at, actor, action, target, address, detail, count FROM audit_log ${clause} ORDER BY id DESC`,
    )
    .iterate(params) as IterableIterator<AuditEntry>;
}

/** The actions that occur in the log, for the filter's choices. */
export function listAuditActions(db: Db): string[] {
  return sql(db, 'SELECT DISTINCT action FROM audit_log ORDER BY action').pluck().all() as string[];
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
