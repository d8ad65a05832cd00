import { sql, type Db } from '#lib/db/db.ts';
import { priorityFor, type Impact, type Urgency } from './priority.ts';
import { computeSlaTimes, getSlaRules, pausesFrom, type SlaRules } from './sla.ts';
import type { Channel, Ticket } from './tickets.ts';
import type { Status } from './workflow.ts';

/** The timeline entries workflow.ts writes after "created" (which the import writes itself). */
export type TicketEventType =
  | 'claimed'
  | 'assigned'
  | 'reply'
  | 'note'
  | 'escalated'
  | 'sent_back'
  | 'status'
  | 'priority'
  | 'category'
  | 'impact'
  | 'urgency'
  | 'rated';

export type HistoricTicketEvent = {
  at: string;
  actorId: number | null;
  type: TicketEventType;
  from: string | null;
  to: string | null;
  body: string | null;
  internal: boolean;
};

/** A past ticket of a generated history: what it was filed with, where its timeline left it, and the timeline. */
export type HistoricTicket = {
  requesterId: number;
  /** The agent who logged a call, walk-in, e-mail or chat; null when the requester filed it on the portal. */
  loggedBy: number | null;
  subject: string;
  description: string;
  category: string | null;
  impact: Impact;
  urgency: Urgency;
  channel: Channel;
  requestId: string | null;
  createdAt: string;
  status: Status;
  tier: number;
  assigneeId: number | null;
  version: number;
  firstRespondedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  pendingSince: string | null;
  /** Time spent pending (the SLA clock stopped); the due times follow the timeline's pending spans. */
  pausedMs: number;
  resolution: string | null;
  rating: number | null;
  ratingComment: string | null;
  /** Everything after "created", in time order. */
  timeline: readonly HistoricTicketEvent[];
  /** What the employee saw in the help request it was filed from. */
  tried: readonly Ticket['tried'][number][];
  /** Articles linked when it was resolved. */
  linked: ReadonlyArray<{ slug: string; linkedBy: number; at: string }>;
};

/**
 * Writes past tickets in the order given, numbered after the existing queue, with priority, SLA due and
 * amber times derived as the live desk derives them (the target's clock, the timeline's pauses); returns their ids and the number of timeline events.
 * Runs inside the caller's transaction.
 */
export function importHistoricTickets(
  db: Db,
  tickets: readonly HistoricTicket[],
): { ids: number[]; events: number } {
  const rules = getSlaRules(db);
  const last = sql(db, 'SELECT coalesce(max(number), 1000) FROM tickets').pluck().get() as number;
  const write = ticketWriter(db);
  let events = 0;
  const ids = tickets.map((t, i) => {
    const id = write.ticket(t, last + i + 1, rules);
    events += write.timeline(id, t) + 1;
    write.articles(id, t);
    return id;
  });
  return { ids, events };
}

/**
 * The spans a past ticket waited on its requester, from its timeline. The live desk last recomputed a
 * ticket still pending at its last status or priority change, so a pause still running ends there.
 */
function historicPauses(t: HistoricTicket) {
  let lastRecompute = Date.parse(t.createdAt);
  for (const e of t.timeline)
    if (e.type === 'status' || e.type === 'priority')
      lastRecompute = Math.max(lastRecompute, Date.parse(e.at));
  return pausesFrom(
    t.timeline.filter((e) => e.type === 'status'),
    lastRecompute,
  );
}

function ticketWriter(db: Db) {
  const insertTicket = sql(
    db,
    `INSERT INTO tickets (number, requester_id, subject, description, category, impact, urgency, priority, status, channel, request_id, created_at,
      tier, assignee_id, first_response_due_at, first_response_warn_at, resolution_due_at, resolution_warn_at, first_responded_at, resolved_at, closed_at, pending_since, paused_ms, resolution, version, updated_at, rating, rating_comment)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertEvent = sql(
    db,
    'INSERT INTO ticket_events (ticket_id, at, actor_id, type, from_value, to_value, body, internal) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertTried = sql(
    db,
    'INSERT INTO ticket_tried_articles (ticket_id, slug, best_rank, opened, rejected) VALUES (?, ?, ?, ?, ?)',
  );
  const insertLink = sql(
    db,
    'INSERT OR IGNORE INTO ticket_articles (ticket_id, slug, linked_by, at) VALUES (?, ?, ?, ?)',
  );
  return {
    ticket(t: HistoricTicket, number: number, rules: SlaRules): number {
      const priority = priorityFor(t.impact, t.urgency);
      const due = computeSlaTimes(db, { createdAt: t.createdAt, priority, pauses: historicPauses(t) }, rules);
      // Like rateTicket, a rating does not count as a change to the ticket.
      let updatedAt = t.createdAt;
      for (const e of t.timeline) if (e.type !== 'rated' && e.at > updatedAt) updatedAt = e.at;
      const { lastInsertRowid } = insertTicket.run(
        number,
        t.requesterId,
        t.subject,
        t.description,
        t.category,
        t.impact,
        t.urgency,
        priority,
        t.status,
        t.channel,
        t.requestId,
        t.createdAt,
        t.tier,
        t.assigneeId,
        due.firstResponseDueAt,
        due.firstResponseWarnAt,
        due.resolutionDueAt,
        due.resolutionWarnAt,
        t.firstRespondedAt,
        t.resolvedAt,
        t.closedAt,
        t.pendingSince,
        t.pausedMs,
        t.resolution,
        t.version,
        updatedAt,
        t.rating,
        t.ratingComment,
      );
      // As createTicket records it: the agent who logged it opened it, and how it arrived.
      insertEvent.run(
        lastInsertRowid,
        t.createdAt,
        t.loggedBy ?? t.requesterId,
        'created',
        null,
        `P${priority}`,
        t.channel === 'web' ? null : `via ${t.channel}`,
        0,
      );
      return Number(lastInsertRowid);
    },
    timeline(id: number, t: HistoricTicket): number {
      for (const e of t.timeline)
        insertEvent.run(id, e.at, e.actorId, e.type, e.from, e.to, e.body, e.internal ? 1 : 0);
      return t.timeline.length;
    },
    articles(id: number, t: HistoricTicket): void {
      for (const a of t.tried) insertTried.run(id, a.slug, a.bestRank, a.opened ? 1 : 0, a.rejected ? 1 : 0);
      for (const l of t.linked) insertLink.run(id, l.slug, l.linkedBy, l.at);
    },
  };
}
