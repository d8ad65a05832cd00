import { z } from 'zod';
import { hasAnyRole, type Principal } from '#lib/auth/roles.ts';
import { sql, type Db } from '#lib/db/db.ts';
import type { Locale } from '#lib/i18n/locales.ts';
// The suggestions' detector: stop words plus the translation tables' German and Italian words.
import { detectLanguage } from '#lib/search/suggest.ts';
import {
  flushDeflectionEvents,
  getHelpRequest,
  isRequestId,
  recordTicketFiled,
  ticketTriedArticles,
  type TriedArticle,
} from '#lib/deflection/requests.ts';
import { recordAttachments, type StoredFile } from './attachments.ts';
import { ImpactSchema, priorityFor, UrgencySchema, type Impact, type Urgency } from './priority.ts';
import { computeSlaTimes } from './sla.ts';
import type { Status } from './workflow.ts';
import { LocalizedError, msg, type Message, type MessageKey } from '#lib/i18n/translate.ts';

export const SUBJECT_MAX = 200;
export const DESCRIPTION_MAX = 20_000;

/** What an employee sends to open a ticket (form or POST /api/tickets). */
export const NewTicketSchema = z.object({
  subject: z
    .string({ error: 'tickets.subjectRequired' })
    .trim()
    .min(3, 'tickets.subjectShort')
    .max(SUBJECT_MAX, 'tickets.subjectLong'),
  description: z
    .string({ error: 'tickets.descriptionRequired' })
    .trim()
    .min(1, 'tickets.descriptionEmpty')
    .max(DESCRIPTION_MAX, 'tickets.descriptionLong'),
  category: z
    .string()
    .trim()
    .max(60)
    .optional()
    .transform((v) => v || undefined),
  impact: ImpactSchema.default('one'),
  urgency: UrgencySchema.default('medium'),
  requestId: z
    .string()
    .optional()
    .transform((v) => v || undefined),
});
export type NewTicket = z.input<typeof NewTicketSchema>;

export type Ticket = {
  id: number;
  number: number;
  reference: string;
  requesterId: number;
  subject: string;
  description: string;
  category: string | null;
  impact: Impact;
  urgency: Urgency;
  priority: number;
  status: Status;
  channel: Channel;
  /** The language the requester wrote in (null: filed before it was recorded). */
  language: Locale | null;
  requestId: string | null;
  createdAt: string;
  tier: number;
  assigneeId: number | null;
  /** Changes with every edit; forms send it back so a stale save is refused. */
  version: number;
  resolution: string | null;
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
  /** When each target turns amber (75 % of its counted time used); null on tickets from before business hours. */
  firstResponseWarnAt: string | null;
  resolutionWarnAt: string | null;
  firstRespondedAt: string | null;
  resolvedAt: string | null;
  pendingSince: string | null;
  pausedMs: number;
  rating: number | null;
  /** The number of the ticket this one was merged into (null: not merged). */
  mergedInto: number | null;
  /** What the requester saw and opened in the help request the ticket was filed from. */
  tried: TriedArticle[];
};

/** Expected refusals of a ticket, with the field and a sentence for the person (`localized`; `message` is English). */
export class TicketInputError extends LocalizedError {
  readonly field: string;
  constructor(field: string, message: Message) {
    super(message);
    this.field = field;
  }
}

type Row = {
  id: number;
  number: number;
  requester_id: number;
  subject: string;
  description: string;
  category: string | null;
  impact: Impact;
  urgency: Urgency;
  priority: number;
  status: Status;
  channel: Channel;
  language: Locale | null;
  request_id: string | null;
  created_at: string;
  tier: number;
  assignee_id: number | null;
  version: number;
  resolution: string | null;
  first_response_due_at: string | null;
  resolution_due_at: string | null;
  first_response_warn_at: string | null;
  resolution_warn_at: string | null;
  first_responded_at: string | null;
  resolved_at: string | null;
  pending_since: string | null;
  paused_ms: number;
  rating: number | null;
  merged_into: number | null;
};

function toTicket(db: Db, row: Row): Ticket {
  return {
    id: row.id,
    number: row.number,
    reference: `T-${row.number}`,
    requesterId: row.requester_id,
    subject: row.subject,
    description: row.description,
    category: row.category,
    impact: row.impact,
    urgency: row.urgency,
    priority: row.priority,
    status: row.status,
    channel: row.channel,
    language: row.language,
    requestId: row.request_id,
    createdAt: row.created_at,
    tier: row.tier,
    assigneeId: row.assignee_id,
    version: row.version,
    resolution: row.resolution,
    firstResponseDueAt: row.first_response_due_at,
    resolutionDueAt: row.resolution_due_at,
    firstResponseWarnAt: row.first_response_warn_at,
    resolutionWarnAt: row.resolution_warn_at,
    firstRespondedAt: row.first_responded_at,
    resolvedAt: row.resolved_at,
    pendingSince: row.pending_since,
    pausedMs: row.paused_ms,
    rating: row.rating,
    mergedInto:
      row.merged_into === null
        ? null
        : (sql(db, 'SELECT number FROM tickets WHERE id = ?').pluck().get(row.merged_into) as number),
    tried: ticketTriedArticles(db, row.id),
  };
}

/** A person filed as many tickets in the last hour as the desk allows; says when the next one is possible. */
export class TicketLimitError extends LocalizedError {
  readonly retryAfterSeconds: number;
  constructor(limit: number, retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super(msg('tickets.tooManyTickets', { limit, minutes }));
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

const HOUR_MS = 3_600_000;

/** Refuses a ticket beyond `limit` filed by the person themselves in the last hour (phone and walk-in tickets logged by agents do not count). */
function checkTicketLimit(db: Db, requesterId: number, limit: number, now: Date): void {
  const since = new Date(now.getTime() - HOUR_MS).toISOString();
  const recent = sql(
    db,
    "SELECT count(*) AS n, min(created_at) AS first FROM tickets WHERE requester_id = ? AND created_at > ? AND channel = 'web'",
  ).get(requesterId, since) as { n: number; first: string | null };
  if (recent.n < limit || !recent.first) return;
  throw new TicketLimitError(limit, Math.ceil((Date.parse(recent.first) + HOUR_MS - now.getTime()) / 1000));
}

/** How a request reached the desk: the portal, or an agent logging a call, a walk-in, an email or a chat. */
export const CHANNELS = ['web', 'phone', 'walk-in', 'email', 'chat'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, MessageKey> = {
  web: 'labels.channelWeb',
  phone: 'labels.channelPhone',
  'walk-in': 'labels.channelWalkIn',
  email: 'labels.channelEmail',
  chat: 'labels.channelChat',
};

/**
 * Files a ticket. The same idempotency key from the same person returns the ticket it created
 * (double-clicks, retries; `created: false`, and `files` are not recorded again: the caller discards them).
 * A ticket from a help request keeps what the employee saw and opened there.
 */
export function createTicket(
  db: Db,
  requesterId: number,
  /** Checked here against NewTicketSchema: a form's or an API client's fields, or a NewTicket. */
  input: unknown,
  options: {
    idempotencyKey?: string;
    categories?: string[];
    channel?: Channel;
    loggedBy?: number;
    files?: StoredFile[];
    /** At most this many self-filed tickets per person and hour (0 or unset: no limit); a repeat of a key is never refused. */
    maxPerHour?: number;
    /** The language the requester wrote in: their portal language on the web; unset, it is detected from the text. */
    language?: Locale;
  } = {},
): { ticket: Ticket; created: boolean } {
  const t = NewTicketSchema.parse(input);
  if (t.category && options.categories && !options.categories.includes(t.category))
    throw new TicketInputError('category', msg('tickets.categoryUnknown'));
  const key = options.idempotencyKey?.slice(0, 200) || null;
  if (t.requestId !== undefined) {
    if (!isRequestId(t.requestId) || !getHelpRequest(db, t.requestId, requesterId))
      throw new TicketInputError('requestId', msg('tickets.requestNotYours'));
  }
  flushDeflectionEvents();
  return db.transaction(() => {
    if (key) {
      const existing = sql(db, 'SELECT * FROM tickets WHERE requester_id = ? AND idempotency_key = ?').get(
        requesterId,
        key,
      ) as Row | undefined;
      if (existing) return { ticket: toTicket(db, existing), created: false };
    }
    const created = new Date();
    if (options.maxPerHour && !options.loggedBy)
      checkTicketLimit(db, requesterId, options.maxPerHour, created);
    const now = created.toISOString();
    const priority = priorityFor(t.impact, t.urgency);
    const due = computeSlaTimes(db, { createdAt: now, priority, pauses: [] });
    const next = sql(db, 'SELECT coalesce(max(number), 1000) + 1 FROM tickets').pluck().get() as number;
    const { lastInsertRowid } = sql(
      db,
      `INSERT INTO tickets (number, requester_id, subject, description, category, impact, urgency, priority, channel, language, request_id, idempotency_key, created_at, updated_at, first_response_due_at, resolution_due_at, first_response_warn_at, resolution_warn_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      next,
      requesterId,
      t.subject,
      t.description,
      t.category ?? null,
      t.impact,
      t.urgency,
      priority,
      options.channel ?? 'web',
      options.language ?? detectLanguage(`${t.subject}\n${t.description}`),
      t.requestId ?? null,
      key,
      now,
      now,
      due.firstResponseDueAt,
      due.resolutionDueAt,
      due.firstResponseWarnAt,
      due.resolutionWarnAt,
    );
    const id = Number(lastInsertRowid);
    // An agent logging a call or a walk-in is the one who opened it; the requester is still the requester.
    sql(
      db,
      "INSERT INTO ticket_events (ticket_id, at, actor_id, type, to_value, body) VALUES (?, ?, ?, 'created', ?, ?)",
    ).run(
      id,
      now,
      options.loggedBy ?? requesterId,
      `P${priority}`,
      options.channel && options.channel !== 'web' ? `via ${options.channel}` : null,
    );
    recordAttachments(db, {
      ticketId: id,
      eventId: null,
      uploaderId: options.loggedBy ?? requesterId,
      internal: false,
      at: now,
      files: options.files ?? [],
    });
    if (t.requestId) recordTicketFiled(db, { requestId: t.requestId, ticketId: id, at: now });
    return {
      ticket: toTicket(db, sql(db, 'SELECT * FROM tickets WHERE id = ?').get(id) as Row),
      created: true,
    };
  })();
}

/** A ticket by its id, without a viewer's check: for callers that already proved their right (a signed link). */
export function getTicketById(db: Db, id: number): Ticket | null {
  const row = sql(db, 'SELECT * FROM tickets WHERE id = ?').get(id) as Row | undefined;
  return row ? toTicket(db, row) : null;
}

/** Whether a ticket with this number exists (whoever may see it). */
export function ticketNumberExists(db: Db, number: number): boolean {
  return (
    Number.isSafeInteger(number) && Boolean(sql(db, 'SELECT 1 FROM tickets WHERE number = ?').get(number))
  );
}

/** Merges are refused into merged tickets, so chains stay short; the limit only guards against a corrupt cycle. */
const MAX_MERGE_HOPS = 20;

/**
 * A ticket as this principal may see it: its requester, a follower (the requester of a ticket merged
 * into it), or an agent. A merged ticket leads to the ticket it was merged into, through a chain of
 * merges (decision 044): compare the number asked for with the one returned. Null for anyone else
 * (answer 404).
 */
export function getTicketForViewer(db: Db, number: number, viewer: Principal): Ticket | null {
  if (!Number.isSafeInteger(number)) return null;
  let row = sql(db, 'SELECT * FROM tickets WHERE number = ?').get(number) as Row | undefined;
  for (let hops = 0; row?.merged_into != null && hops < MAX_MERGE_HOPS; hops++)
    row = sql(db, 'SELECT * FROM tickets WHERE id = ?').get(row.merged_into) as Row | undefined;
  if (!row) return null;
  if (hasAnyRole(viewer, ['agent'])) return toTicket(db, row);
  if (viewer.kind !== 'user') return null;
  const follows = () =>
    Boolean(
      sql(db, 'SELECT 1 FROM ticket_followers WHERE ticket_id = ? AND user_id = ?').get(row.id, viewer.id),
    );
  return viewer.id === row.requester_id || follows() ? toTicket(db, row) : null;
}

/** The ticket with this number exactly (a merged one is not followed); null when there is none. */
export function getTicketByNumber(db: Db, number: number): Ticket | null {
  if (!Number.isSafeInteger(number)) return null;
  const row = sql(db, 'SELECT * FROM tickets WHERE number = ?').get(number) as Row | undefined;
  return row ? toTicket(db, row) : null;
}

/** An employee's own tickets, newest first. */
export function listRequesterTickets(db: Db, requesterId: number): Ticket[] {
  return (
    sql(db, 'SELECT * FROM tickets WHERE requester_id = ? ORDER BY created_at DESC, id DESC LIMIT 200').all(
      requesterId,
    ) as Row[]
  ).map((r) => toTicket(db, r));
}
