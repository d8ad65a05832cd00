import { sql, type Db } from '#lib/db/db.ts';

export type AuditEntry = {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  address: string | null;
  detail: string | null;
};

/** Appends one entry; the table refuses updates and deletes (triggers in migration 0002). */
export function recordAudit(
  db: Db,
  entry: {
    actor: string;
    action: string;
    target?: string | null;
    address?: string | null;
    detail?: Record<string, unknown>;
  },
): void {
  sql(db, 'INSERT INTO audit_log (actor, action, target, address, detail) VALUES (?, ?, ?, ?, ?)').run(
    entry.actor.slice(0, 300),
    entry.action,
    entry.target?.slice(0, 300) ?? null,
    entry.address?.slice(0, 100) ?? null,
    entry.detail ? JSON.stringify(entry.detail).slice(0, 2000) : null,
  );
}

/** Newest first. */
export function listAudit(
  db: Db,
  options: { limit?: number; offset?: number; action?: string } = {},
): { entries: AuditEntry[]; total: number } {
  const where = options.action ? 'WHERE action = ?' : '';
  const args = options.action ? [options.action] : [];
  const entries = sql(db, `SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT ? OFFSET ?`).all(
    ...args,
    options.limit ?? 50,
    options.offset ?? 0,
  ) as AuditEntry[];
  const total = sql(db, `SELECT count(*) FROM audit_log ${where}`)
    .pluck()
    .get(...args) as number;
  return { entries, total };
}
