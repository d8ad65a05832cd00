import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { mailFailingReason } from '#lib/auth/users.ts';
import { sql, type Db } from '#lib/db/db.ts';

/** What a queued message is about; /admin/mail shows it, and a person's preferences are per kind. */
export type MailKind = string;

export const OutgoingMailSchema = z.object({
  kind: z.string().min(1).max(40),
  to: z.email().max(254),
  subject: z
    .string()
    .min(1)
    .max(300)
    .transform((s) => s.replace(/[\r\n]+/g, ' ')),
  text: z.string().min(1).max(200_000),
  html: z.string().max(400_000).optional(),
  /** Extra headers (List-Unsubscribe, In-Reply-To, References): names and values without line breaks. */
  headers: z
    .record(
      z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,60}$/),
      z
        .string()
        .max(2000)
        .regex(/^[^\r\n]*$/),
    )
    .default({}),
  /** Files from the attachments folder sent with it (an agent's reply): names as the recipient sees them. */
  attachments: z
    .array(
      z.object({
        fileName: z.string().min(1).max(255),
        mediaType: z.string().min(1).max(255),
        storedName: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/),
      }),
    )
    .max(10)
    .optional(),
});
export type OutgoingMail = z.input<typeof OutgoingMailSchema>;

export type OutboxStatus = 'queued' | 'sent' | 'failed';

export type OutboxEntry = {
  id: number;
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
  attachments: Array<{ fileName: string; mediaType: string; storedName: string }>;
  messageId: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
};

type Row = {
  id: number;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  headers: string;
  attachments: string | null;
  message_id: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
};

const toEntry = (r: Row): OutboxEntry => ({
  id: r.id,
  kind: r.kind,
  to: r.to_address,
  subject: r.subject,
  text: r.text_body,
  html: r.html_body,
  headers: JSON.parse(r.headers) as Record<string, string>,
  attachments: r.attachments ? (JSON.parse(r.attachments) as OutboxEntry['attachments']) : [],
  messageId: r.message_id,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  createdAt: r.created_at,
  sentAt: r.sent_at,
});

/** The domain part of the sender, for Message-IDs (`localhost` when the sender has none). */
export function senderDomain(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from);
  return match?.[1] ?? 'localhost';
}

/**
 * Queues one message. Call it inside the transaction of whatever caused the mail, so both are stored
 * or neither is. The Message-ID is fixed now, so a message sent again after a crash is the same message.
 */
export function enqueueMail(
  db: Db,
  mail: OutgoingMail,
  options: { from: string; now?: Date },
): { id: number; messageId: string } {
  const m = OutgoingMailSchema.parse(mail);
  const at = (options.now ?? new Date()).toISOString();
  const messageId = `<${randomUUID()}@${senderDomain(options.from)}>`;
  // An address that bounced for good is not mailed: the message is kept as failed, with the reason,
  // for /admin/mail (an admin clears the mark on the account, or sends it again by hand).
  const bounced = mailFailingReason(db, m.to);
  const id = sql(
    db,
    `INSERT INTO mail_outbox (kind, to_address, subject, text_body, html_body, headers, attachments, message_id, next_attempt_at, created_at, status, last_error)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    m.kind,
    m.to,
    m.subject,
    m.text,
    m.html ?? null,
    JSON.stringify(m.headers),
    m.attachments?.length ? JSON.stringify(m.attachments) : null,
    messageId,
    at,
    at,
    bounced === null ? 'queued' : 'failed',
    bounced === null ? null : `Not sent: the address bounced (${bounced}).`,
  ).lastInsertRowid as number;
  return { id, messageId };
}

/** Queued messages whose time has come, oldest first. */
export function dueMail(db: Db, now = new Date(), limit = 20): OutboxEntry[] {
  const rows = sql(
    db,
    `SELECT * FROM mail_outbox WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
  ).all(now.toISOString(), limit) as Row[];
  return rows.map(toEntry);
}

/** When the next queued message is due (null: nothing queued), so the drain can sleep until then. */
export function nextDueAt(db: Db): string | null {
  return (
    (sql(db, `SELECT min(next_attempt_at) FROM mail_outbox WHERE status = 'queued'`).pluck().get() as
      string | null) ?? null
  );
}

export function markMailSent(db: Db, id: number, now = new Date()): void {
  sql(
    db,
    `UPDATE mail_outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?`,
  ).run(now.toISOString(), id);
}

/** Wait before attempt n+1: 10 s doubling per attempt, at most an hour. Transient failures never give up. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60 * 60_000, 10_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Records a failed attempt. A temporary failure (server down, 4xx) is tried again after a growing wait;
 * a permanent refusal (5xx: no such mailbox, message refused) becomes `failed` for an admin to look at.
 */
export function markMailAttemptFailed(
  db: Db,
  id: number,
  error: { message: string; permanent: boolean },
  now = new Date(),
): void {
  const attempts = (sql(db, 'SELECT attempts FROM mail_outbox WHERE id = ?').pluck().get(id) as number) + 1;
  const next = new Date(now.getTime() + retryDelayMs(attempts)).toISOString();
  sql(
    db,
    `UPDATE mail_outbox SET attempts = ?, last_error = ?, next_attempt_at = ?, status = ? WHERE id = ?`,
  ).run(attempts, error.message.slice(0, 1000), next, error.permanent ? 'failed' : 'queued', id);
}

/** An admin's "send again" for a failed message; false when there is no such failed message. */
export function retryFailedMail(db: Db, id: number, now = new Date()): boolean {
  return (
    sql(
      db,
      `UPDATE mail_outbox SET status = 'queued', next_attempt_at = ? WHERE id = ? AND status = 'failed'`,
    ).run(now.toISOString(), id).changes === 1
  );
}

export type OutboxSummary = { queued: number; failed: number; sent: number; oldestQueuedAt: string | null };

export function summarizeOutbox(db: Db): OutboxSummary {
  const counts = sql(db, 'SELECT status, count(*) AS n FROM mail_outbox GROUP BY status').all() as Array<{
    status: OutboxStatus;
    n: number;
  }>;
  const n = (s: OutboxStatus) => counts.find((c) => c.status === s)?.n ?? 0;
  const oldest = sql(db, `SELECT min(created_at) FROM mail_outbox WHERE status = 'queued'`).pluck().get() as
    string | null;
  return { queued: n('queued'), failed: n('failed'), sent: n('sent'), oldestQueuedAt: oldest ?? null };
}

/** The newest messages with one status, for /admin/mail. */
export function listOutbox(db: Db, status: OutboxStatus, limit = 50): OutboxEntry[] {
  const rows = sql(db, 'SELECT * FROM mail_outbox WHERE status = ? ORDER BY id DESC LIMIT ?').all(
    status,
    limit,
  ) as Row[];
  return rows.map(toEntry);
}

/** Every message to one address, newest first (tests and the bench read what was sent). */
export function listMailTo(db: Db, address: string): OutboxEntry[] {
  const rows = sql(db, 'SELECT * FROM mail_outbox WHERE to_address = ? COLLATE NOCASE ORDER BY id DESC').all(
    address,
  ) as Row[];
  return rows.map(toEntry);
}

/** Sent messages older than `days` are dropped (their content may hold personal data). */
export function pruneSentMail(db: Db, days = 30, now = new Date()): number {
  const before = new Date(now.getTime() - days * 86_400_000).toISOString();
  return sql(db, `DELETE FROM mail_outbox WHERE status = 'sent' AND sent_at < ?`).run(before).changes;
}
