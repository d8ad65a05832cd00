import { hasAnyRole, type Principal } from '#lib/auth/roles.ts';
import { sql, type Db } from '#lib/db/db.ts';
import { notify } from '#lib/notifications/notifications.ts';
import { recordAttachments, type StoredFile } from './attachments.ts';
import { priorityFor, type Impact, type Urgency } from './priority.ts';
import { recomputeSla } from './sla.ts';
import { LocalizedError, msg, type MessageKey } from '#lib/i18n/translate.ts';

export const STATUSES = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];
export const STATUS_LABELS: Record<Status, MessageKey> = {
  new: 'labels.statusNew',
  open: 'labels.statusOpen',
  pending: 'labels.statusPending',
  resolved: 'labels.statusResolved',
  closed: 'labels.statusClosed',
};

/** DESIGN.md's status machine: new → open → pending → resolved → closed, and resolved → open on reopen. */
export const TRANSITIONS: Record<Status, readonly Status[]> = {
  new: ['open', 'pending', 'resolved'],
  open: ['pending', 'resolved'],
  pending: ['open', 'resolved'],
  resolved: ['closed', 'open'],
  closed: [],
};

/** A change the rules refuse; `localized` is for the person who tried (in their language), `message` for logs. */
export class WorkflowError extends LocalizedError {}

/** The ticket changed since the person loaded it (answer 409: reload and try again). */
export class ConflictError extends WorkflowError {}

export type TicketRow = {
  id: number;
  number: number;
  status: Status;
  tier: number;
  assignee_id: number | null;
  requester_id: number;
  version: number;
  pending_since: string | null;
  paused_ms: number;
  first_response_due_at: string | null;
  resolution_due_at: string | null;
  first_responded_at: string | null;
};

/** The row the workflow rules read (for the other writers of `tickets`: merge, bulk). */
export function loadTicket(db: Db, ticketId: number): TicketRow {
  const row = sql(
    db,
    'SELECT id, number, status, tier, assignee_id, requester_id, version, pending_since, paused_ms, first_response_due_at, resolution_due_at, first_responded_at FROM tickets WHERE id = ?',
  ).get(ticketId) as TicketRow | undefined;
  if (!row) throw new WorkflowError(msg('tickets.noSuchTicket'));
  return row;
}

const actorId = (actor: Principal) => (actor.kind === 'user' ? actor.id : null);

/** Writes one timeline event (for the other writers of `tickets`: merge, links). */
export function recordEvent(
  db: Db,
  ticketId: number,
  actor: Principal | null,
  type: string,
  values: { from?: string | null; to?: string | null; body?: string | null; internal?: boolean } = {},
  at = new Date().toISOString(),
): number {
  return Number(
    sql(
      db,
      'INSERT INTO ticket_events (ticket_id, at, actor_id, type, from_value, to_value, body, internal) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      ticketId,
      at,
      actor ? actorId(actor) : null,
      type,
      values.from ?? null,
      values.to ?? null,
      values.body ?? null,
      values.internal ? 1 : 0,
    ).lastInsertRowid,
  );
}

/**
 * Applies a change only if nobody changed the ticket since `expectedVersion` (what the editor saw):
 * a second save never silently overwrites the first.
 */
export function bumpVersion(
  db: Db,
  ticket: TicketRow,
  expectedVersion: number | undefined,
  at: string,
): void {
  const expected = expectedVersion ?? ticket.version;
  const { changes } = sql(
    db,
    'UPDATE tickets SET version = version + 1, updated_at = ? WHERE id = ? AND version = ?',
  ).run(at, ticket.id, expected);
  if (changes !== 1) throw new ConflictError(msg('tickets.conflict'));
}

/**
 * Leaving pending: the time spent waiting is added to `paused_ms` (the reports' resolution time leaves it
 * out); the due times are recomputed from the timeline once the status change is recorded.
 */
export function restartSlaClock(db: Db, ticket: TicketRow, at: string): void {
  if (!ticket.pending_since) return;
  const paused = Date.parse(at) - Date.parse(ticket.pending_since);
  sql(db, 'UPDATE tickets SET pending_since = NULL, paused_ms = paused_ms + ? WHERE id = ?').run(
    paused,
    ticket.id,
  );
}

/** An agent's tier (1 when none is set). */
function agentTierOf(db: Db, userId: number): number {
  return (sql(db, 'SELECT agent_tier FROM users WHERE id = ?').pluck().get(userId) as number | null) ?? 1;
}

/**
 * A ticket in a tier's queue is taken only by agents of that tier or above (decision 041): lower tiers may
 * read it and write notes, never claim it or be assigned it.
 */
function requireTier(agentTier: number, ticketTier: number, who: string | null): void {
  if (agentTier < ticketTier)
    throw new WorkflowError(
      who === null
        ? msg('tickets.tierTooLowYou', { ticketTier, agentTier })
        : msg('tickets.tierTooLowOther', { ticketTier, agentTier, name: who }),
    );
}

/** Keeps an agent on a ticket that left their hands: they see it under "Mine" and hear the requester's answers. */
export function addFollower(db: Db, ticketId: number, userId: number, at: string): boolean {
  return (
    sql(db, 'INSERT OR IGNORE INTO ticket_followers (ticket_id, user_id, since) VALUES (?, ?, ?)').run(
      ticketId,
      userId,
      at,
    ).changes === 1
  );
}

/** The agents following a ticket (not its assignee). */
export function listFollowers(db: Db, ticketId: number): Array<{ id: number; name: string }> {
  return sql(
    db,
    'SELECT u.id, u.display_name AS name FROM ticket_followers f JOIN users u ON u.id = f.user_id WHERE f.ticket_id = ? ORDER BY f.since',
  ).all(ticketId) as Array<{ id: number; name: string }>;
}

/**
 * A ticket's followers: the agents who keep it in sight, or the people on the requester's side (the
 * requester of a ticket merged into it; decision 044), who read it and answer like its requester.
 */
export function followersOf(db: Db, ticketId: number, side: 'agents' | 'requesters'): number[] {
  return sql(
    db,
    `SELECT f.user_id FROM ticket_followers f WHERE f.ticket_id = ? AND ${side === 'agents' ? '' : 'NOT '}EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = f.user_id AND r.role = 'agent')`,
  )
    .pluck()
    .all(ticketId) as number[];
}

/**
 * Who hears of the requester's answer or reopening: the assignee, or every active agent of the ticket's
 * tier when nobody has it; and the followers.
 */
function deskRecipients(db: Db, ticket: TicketRow, options = { tierWhenUnassigned: true }): number[] {
  const handlers =
    ticket.assignee_id !== null || !options.tierWhenUnassigned
      ? [ticket.assignee_id].filter((id): id is number => id !== null)
      : (sql(
          db,
          "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'agent' WHERE u.disabled_at IS NULL AND coalesce(u.agent_tier, 1) = ?",
        )
          .pluck()
          .all(ticket.tier) as number[]);
  return [...new Set([...handlers, ...followersOf(db, ticket.id, 'agents')])];
}

/** Whether a person follows a ticket as a participant or an agent (ticket_followers). */
export function isFollower(db: Db, ticketId: number, userId: number): boolean {
  return Boolean(
    sql(db, 'SELECT 1 FROM ticket_followers WHERE ticket_id = ? AND user_id = ?').get(ticketId, userId),
  );
}

/**
 * Colleagues the requester copied (Cc) on a mail about their ticket: they follow it, see it in the
 * portal, hear of the desk's replies, and their own replies land on it. In the caller's transaction
 * or its own; the requester is never their own follower. Returns how many were new.
 */
export function addParticipants(
  db: Db,
  ticketId: number,
  userIds: readonly number[],
  now = new Date(),
): number {
  const at = now.toISOString();
  return db.transaction(() => {
    const ticket = loadTicket(db, ticketId);
    let added = 0;
    for (const userId of new Set(userIds)) {
      if (userId === ticket.requester_id || !addFollower(db, ticketId, userId, at)) continue;
      const name = sql(db, 'SELECT display_name FROM users WHERE id = ?').pluck().get(userId) as string;
      recordEvent(db, ticketId, null, 'follower', { to: name, internal: true }, at);
      added++;
    }
    return added;
  })();
}

export const requireAgent = (actor: Principal) => {
  if (!hasAnyRole(actor, ['agent'])) throw new WorkflowError(msg('tickets.agentsOnly'));
};

/** Moves a ticket to another status, enforcing the machine, the resolution note and the SLA pause. */
export function changeStatus(
  db: Db,
  ticketId: number,
  actor: Principal,
  to: Status,
  options: { note?: string; expectedVersion?: number; now?: Date; articles?: string[] } = {},
): void {
  const at = (options.now ?? new Date()).toISOString();
  db.transaction(() => {
    const ticket = loadTicket(db, ticketId);
    const isRequester = actor.kind === 'user' && actor.id === ticket.requester_id;
    // Requesters may only confirm (resolved → closed) or reopen (resolved → open); agents do the rest.
    if (!(isRequester && ticket.status === 'resolved' && (to === 'closed' || to === 'open')))
      requireAgent(actor);
    if (ticket.status === to && ticket.status !== 'closed')
      throw new WorkflowError(msg('tickets.alreadyStatus', { status: to }));
    if (!TRANSITIONS[ticket.status].includes(to)) {
      throw new WorkflowError(
        ticket.status === 'closed'
          ? msg('tickets.closedTicket')
          : msg('tickets.badTransition', { from: ticket.status, to }),
      );
    }
    const note = options.note?.trim() ?? '';
    if (to === 'resolved' && !note) throw new WorkflowError(msg('tickets.resolutionNoteRequired'));
    if (ticket.status === 'resolved' && to === 'open' && isRequester && !note)
      throw new WorkflowError(msg('tickets.reopenReasonRequired'));
    bumpVersion(db, ticket, options.expectedVersion, at);

    // Pending stops the SLA clock; leaving it moves the open due times later by the time spent waiting.
    if (to === 'pending') sql(db, 'UPDATE tickets SET pending_since = ? WHERE id = ?').run(at, ticketId);
    if (ticket.status === 'pending') restartSlaClock(db, ticket, at);
    if (to === 'resolved') {
      sql(db, 'UPDATE tickets SET resolved_at = ?, resolution = ? WHERE id = ?').run(at, note, ticketId);
      for (const slug of new Set(options.articles ?? []))
        sql(
          db,
          'INSERT OR IGNORE INTO ticket_articles (ticket_id, slug, linked_by, at) VALUES (?, ?, ?, ?)',
        ).run(ticketId, slug, actorId(actor), at);
    }
    if (to === 'closed') sql(db, 'UPDATE tickets SET closed_at = ? WHERE id = ?').run(at, ticketId);
    if (ticket.status === 'resolved' && to === 'open')
      sql(db, 'UPDATE tickets SET resolved_at = NULL WHERE id = ?').run(ticketId);
    sql(db, 'UPDATE tickets SET status = ? WHERE id = ?').run(to, ticketId);
    recordEvent(db, ticketId, actor, 'status', { from: ticket.status, to, body: note || null }, at);
    if (to === 'pending' || ticket.status === 'pending') recomputeSla(db, ticketId, new Date(at));
    // The requester hears of a resolution; the agent hears when the requester confirms or reopens.
    const notice =
      to === 'resolved'
        ? { userId: ticket.requester_id, kind: 'resolved' as const }
        : isRequester && to === 'open'
          ? { userId: ticket.assignee_id, kind: 'reopened' as const }
          : isRequester && to === 'closed'
            ? { userId: ticket.assignee_id, kind: 'closed' as const }
            : null;
    if (notice && notice.kind === 'resolved')
      notify(db, { ...notice, ticketId, actorId: actorId(actor), at });
    else if (to === 'closed' && !isRequester)
      // An agent closed it: the requester hears that their request is closed.
      notify(db, { userId: ticket.requester_id, kind: 'closed', ticketId, actorId: actorId(actor), at });
    else if (notice)
      // A confirmation is news for those who worked it; a reopened ticket needs someone to pick it up.
      for (const userId of deskRecipients(db, ticket, { tierWhenUnassigned: notice.kind === 'reopened' }))
        notify(db, { userId, kind: notice.kind, ticketId, actorId: actorId(actor), at });
  })();
}

export type ClaimResult = { ok: true } | { ok: false; holderId: number };

/** Takes an unassigned ticket. Of two agents claiming at once exactly one wins; the other learns who has it. */
export function claimTicket(db: Db, ticketId: number, agent: Principal): ClaimResult {
  requireAgent(agent);
  const id = actorId(agent);
  if (id === null) throw new WorkflowError(msg('tickets.claimedByPeople'));
  return db.transaction((): ClaimResult => {
    requireTier(agentTierOf(db, id), loadTicket(db, ticketId).tier, null);
    const at = new Date().toISOString();
    // The condition in the UPDATE decides the race: only one statement can find the ticket unassigned.
    const { changes } = sql(
      db,
      'UPDATE tickets SET assignee_id = ?, version = version + 1, updated_at = ? WHERE id = ? AND assignee_id IS NULL',
    ).run(id, at, ticketId);
    if (changes === 0) {
      const holder = loadTicket(db, ticketId).assignee_id;
      return { ok: false, holderId: holder ?? -1 };
    }
    if (loadTicket(db, ticketId).status === 'new')
      sql(db, "UPDATE tickets SET status = 'open' WHERE id = ?").run(ticketId);
    recordEvent(db, ticketId, agent, 'claimed', { to: String(id) }, at);
    return { ok: true };
  })();
}

/** Moves a ticket one tier up (with a reason) or back down; it leaves the current agent's hands. */
export function moveTier(
  db: Db,
  ticketId: number,
  actor: Principal,
  direction: 'up' | 'down',
  reason: string,
  expectedVersion?: number,
): void {
  requireAgent(actor);
  db.transaction(() => {
    const ticket = loadTicket(db, ticketId);
    const tier = ticket.tier + (direction === 'up' ? 1 : -1);
    if (tier < 1 || tier > 3)
      throw new WorkflowError(msg(direction === 'up' ? 'tickets.lastTier' : 'tickets.firstTier'));
    if (!reason.trim())
      throw new WorkflowError(msg(direction === 'up' ? 'tickets.escalateReason' : 'tickets.sendBackReason'));
    const at = new Date().toISOString();
    bumpVersion(db, ticket, expectedVersion, at);
    sql(db, 'UPDATE tickets SET tier = ?, assignee_id = NULL WHERE id = ?').run(tier, ticketId);
    recordEvent(
      db,
      ticketId,
      actor,
      direction === 'up' ? 'escalated' : 'sent_back',
      { from: String(ticket.tier), to: String(tier), body: reason.trim(), internal: true },
      at,
    );
    // The ticket leaves the agent's hands, not their sight: they follow it from now on.
    if (ticket.assignee_id !== null && addFollower(db, ticketId, ticket.assignee_id, at)) {
      const name = sql(db, 'SELECT display_name FROM users WHERE id = ?')
        .pluck()
        .get(ticket.assignee_id) as string;
      recordEvent(db, ticketId, actor, 'follower', { to: name, internal: true }, at);
    }
  })();
}

/**
 * A reply (the requester sees it) or an internal note (never shown to them). An agent's first public
 * reply is the first response the SLA measures.
 */
export function addMessage(
  db: Db,
  ticketId: number,
  actor: Principal,
  body: string,
  internal: boolean,
  files: StoredFile[] = [],
): number {
  const text = body.trim();
  if (!text && files.length === 0) throw new WorkflowError(msg('tickets.messageEmpty'));
  if (text.length > 20_000) throw new WorkflowError(msg('tickets.messageTooLong'));
  return db.transaction(() => {
    const ticket = loadTicket(db, ticketId);
    const isAgent = hasAnyRole(actor, ['agent']);
    const isOwner = actor.kind === 'user' && actor.id === ticket.requester_id;
    // A colleague the requester copied speaks on the requester's side.
    const isParticipant = !isAgent && !isOwner && actor.kind === 'user' && isFollower(db, ticketId, actor.id);
    const isRequester = isOwner || isParticipant;
    if (!isAgent && !isRequester) throw new WorkflowError(msg('tickets.noSuchTicket'));
    if (internal && !isAgent) throw new WorkflowError(msg('tickets.notesAgentsOnly'));
    if (ticket.status === 'closed') throw new WorkflowError(msg('tickets.closedTicket'));
    const at = new Date().toISOString();
    if (isAgent && !internal && !ticket.first_responded_at)
      sql(db, 'UPDATE tickets SET first_responded_at = ? WHERE id = ?').run(at, ticketId);
    sql(db, 'UPDATE tickets SET updated_at = ? WHERE id = ?').run(at, ticketId);
    const eventId = recordEvent(
      db,
      ticketId,
      actor,
      internal ? 'note' : 'reply',
      { body: text || null, internal },
      at,
    );
    // The answer the desk was waiting for: the ticket is back in the agent's hands and the SLA clock runs again.
    if (isRequester && !isAgent && ticket.status === 'pending') {
      restartSlaClock(db, ticket, at);
      sql(db, "UPDATE tickets SET status = 'open', version = version + 1 WHERE id = ?").run(ticketId);
      recordEvent(db, ticketId, actor, 'status', { from: 'pending', to: 'open' }, at);
      recomputeSla(db, ticketId, new Date(at));
    }
    recordAttachments(db, { ticketId, eventId, uploaderId: actorId(actor), internal, at, files });
    if (!internal) {
      // The requester's answer reaches whoever works the ticket: its agent, else its tier's queue, and the followers.
      // The requester's side (the requester and the colleagues they copied) hears the desk's replies,
      // and the requester hears a colleague's.
      const requesterSide = [ticket.requester_id, ...followersOf(db, ticketId, 'requesters')];
      const desk = isRequester ? deskRecipients(db, ticket) : [];
      const side = isRequester ? (isParticipant ? [ticket.requester_id] : []) : requesterSide;
      for (const userId of desk)
        notify(db, { userId, ticketId, kind: 'requester_reply', actorId: actorId(actor), at });
      for (const userId of side) notify(db, { userId, ticketId, kind: 'reply', actorId: actorId(actor), at });
    }
    return eventId;
  })();
}

export type TimelineEvent = {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  type: string;
  from: string | null;
  to: string | null;
  body: string | null;
  internal: boolean;
};

/** The timeline; requesters never get internal events. */
export function getTimeline(
  db: Db,
  ticketId: number,
  options: { includeInternal: boolean },
): TimelineEvent[] {
  const rows = sql(
    db,
    `SELECT e.id, e.at, e.actor_id AS actorId, u.display_name AS actorName, e.type, e.from_value AS "from", e.to_value AS "to", e.body, e.internal
    FROM ticket_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.ticket_id = ? ${options.includeInternal ? '' : 'AND e.internal = 0'} ORDER BY e.id`,
  ).all(ticketId) as Array<Omit<TimelineEvent, 'internal'> & { internal: number }>;
  return rows.map((r) => ({ ...r, internal: r.internal === 1 }));
}

/** Changes category, impact or urgency; priority and the SLA due times follow from them. */
export function updateClassification(
  db: Db,
  ticketId: number,
  actor: Principal,
  input: { category: string | null; impact: Impact; urgency: Urgency },
  expectedVersion?: number,
): void {
  requireAgent(actor);
  db.transaction(() => {
    const ticket = loadTicket(db, ticketId);
    const current = sql(db, 'SELECT category, impact, urgency, priority FROM tickets WHERE id = ?').get(
      ticketId,
    ) as { category: string | null; impact: Impact; urgency: Urgency; priority: number };
    const at = new Date().toISOString();
    bumpVersion(db, ticket, expectedVersion, at);
    const priority = priorityFor(input.impact, input.urgency);
    if (priority !== current.priority)
      recordEvent(db, ticketId, actor, 'priority', { from: `P${current.priority}`, to: `P${priority}` }, at);
    if ((input.category ?? null) !== current.category)
      recordEvent(db, ticketId, actor, 'category', { from: current.category, to: input.category }, at);
    if (input.impact !== current.impact)
      recordEvent(db, ticketId, actor, 'impact', { from: current.impact, to: input.impact }, at);
    if (input.urgency !== current.urgency)
      recordEvent(db, ticketId, actor, 'urgency', { from: current.urgency, to: input.urgency }, at);
    sql(db, 'UPDATE tickets SET category = ?, impact = ?, urgency = ?, priority = ? WHERE id = ?').run(
      input.category,
      input.impact,
      input.urgency,
      priority,
      ticketId,
    );
    // The new priority's target, counted over the ticket's whole life on its clock.
    if (priority !== current.priority) recomputeSla(db, ticketId, new Date(at));
  })();
}

/** The requester's one-question rating (1–5, optional comment) of a closed ticket. */
export function rateTicket(
  db: Db,
  ticketId: number,
  requester: Principal,
  rating: number,
  comment: string | null,
): void {
  const ticket = loadTicket(db, ticketId);
  if (requester.kind !== 'user' || requester.id !== ticket.requester_id)
    throw new WorkflowError(msg('tickets.rateRequesterOnly'));
  if (ticket.status !== 'closed') throw new WorkflowError(msg('tickets.rateWhenClosed'));
  if (!Number.isInteger(rating) || rating < 1 || rating > 5)
    throw new WorkflowError(msg('tickets.rateRange'));
  const text = comment?.trim().slice(0, 2000) || null;
  db.transaction(() => {
    sql(db, 'UPDATE tickets SET rating = ?, rating_comment = ? WHERE id = ?').run(rating, text, ticketId);
    recordEvent(db, ticketId, requester, 'rated', { to: String(rating), body: text });
  })();
}

/** The timeline's note on a ticket the auto-close job closed. */
export const autoCloseNote = (days: number): string =>
  `Closed automatically ${days} days after it was resolved.`;

/**
 * Closes tickets resolved more than `days` ago that the requester never answered. Safe to run twice
 * or from two processes at once: only tickets still resolved are picked, in one transaction.
 */
export function closeResolvedTickets(db: Db, days: number, now: Date = new Date()): number {
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  const at = now.toISOString();
  return db.transaction(() => {
    const ids = sql(db, "SELECT id FROM tickets WHERE status = 'resolved' AND resolved_at <= ?")
      .pluck()
      .all(cutoff) as number[];
    for (const id of ids) {
      const { changes } = sql(
        db,
        "UPDATE tickets SET status = 'closed', closed_at = ?, version = version + 1, updated_at = ? WHERE id = ? AND status = 'resolved'",
      ).run(at, at, id);
      if (changes === 1) {
        recordEvent(
          db,
          id,
          null,
          'status',
          { from: 'resolved', to: 'closed', body: autoCloseNote(days) },
          at,
        );
        // The requester hears that it is closed (by mail too: notification-mail.ts).
        notify(db, {
          userId: loadTicket(db, id).requester_id,
          kind: 'closed',
          ticketId: id,
          actorId: null,
          at,
        });
      }
    }
    return ids.length;
  })();
}

/**
 * The requester said an article solved their problem (the "This solved it" link in the acknowledgement
 * of a mailed request): the ticket is resolved by the system with that article as the resolution, and
 * closed at once (the requester already confirmed). The agents who had it hear that it is closed.
 * False when the ticket was already closed (nothing changes).
 */
export function closeSolvedBySelfService(
  db: Db,
  ticketId: number,
  solved: { slug: string; note: string; now?: Date },
): boolean {
  const at = (solved.now ?? new Date()).toISOString();
  return db.transaction(() => {
    const ticket = loadTicket(db, ticketId);
    if (ticket.status === 'closed') return false;
    bumpVersion(db, ticket, undefined, at);
    if (ticket.status === 'pending') restartSlaClock(db, ticket, at);
    if (ticket.status !== 'resolved') {
      sql(db, 'UPDATE tickets SET resolved_at = ?, resolution = ? WHERE id = ?').run(
        at,
        solved.note,
        ticketId,
      );
      sql(
        db,
        'INSERT OR IGNORE INTO ticket_articles (ticket_id, slug, linked_by, at) VALUES (?, ?, NULL, ?)',
      ).run(ticketId, solved.slug, at);
      recordEvent(
        db,
        ticketId,
        null,
        'status',
        { from: ticket.status, to: 'resolved', body: solved.note },
        at,
      );
    }
    sql(db, "UPDATE tickets SET status = 'closed', closed_at = ? WHERE id = ?").run(at, ticketId);
    recordEvent(db, ticketId, null, 'status', { from: 'resolved', to: 'closed' }, at);
    for (const userId of deskRecipients(db, ticket, { tierWhenUnassigned: false }))
      notify(db, { userId, kind: 'closed', ticketId, actorId: null, at });
    return true;
  })();
}

/** An SLA target a warning is about. */
export type SlaWarningTarget = 'first_response' | 'resolution';

/**
 * Warns whoever works a ticket that one of its SLA targets is about to be missed: a ticket that is
 * being worked (new or open, not pending) past the target's amber time and not yet past its due time.
 * The assignee hears it, or every active agent of the ticket's tier when nobody has it, and the agents
 * following it; once per ticket and target (sla_warnings), however often this runs and in how many
 * processes. Returns how many warnings were given.
 */
export function warnSlaAboutToBreach(db: Db, now: Date = new Date()): number {
  const at = now.toISOString();
  return db.transaction(() => {
    const due = sql(
      db,
      `SELECT id, 'first_response' AS target FROM tickets
         WHERE status IN ('new', 'open') AND first_responded_at IS NULL
           AND first_response_warn_at <= ? AND first_response_due_at > ?
       UNION ALL
       SELECT id, 'resolution' FROM tickets
         WHERE status IN ('new', 'open') AND resolution_warn_at <= ? AND resolution_due_at > ?`,
    ).all(at, at, at, at) as Array<{ id: number; target: SlaWarningTarget }>;
    let warned = 0;
    for (const { id, target } of due) {
      const { changes } = sql(
        db,
        'INSERT OR IGNORE INTO sla_warnings (ticket_id, target, at) VALUES (?, ?, ?)',
      ).run(id, target, at);
      if (changes !== 1) continue;
      for (const userId of deskRecipients(db, loadTicket(db, id)))
        notify(db, { userId, kind: 'sla_warning', ticketId: id, actorId: null, at });
      warned++;
    }
    return warned;
  })();
}

/** The warning given on a ticket at `at` (what a notification of kind sla_warning is about), or null. */
export function getSlaWarning(
  db: Db,
  ticketId: number,
  at: string,
): { target: SlaWarningTarget; dueAt: string; warnAt: string } | null {
  return (
    (sql(
      db,
      `SELECT w.target,
         CASE w.target WHEN 'first_response' THEN t.first_response_due_at ELSE t.resolution_due_at END AS dueAt,
         CASE w.target WHEN 'first_response' THEN t.first_response_warn_at ELSE t.resolution_warn_at END AS warnAt
       FROM sla_warnings w JOIN tickets t ON t.id = w.ticket_id WHERE w.ticket_id = ? AND w.at = ? ORDER BY w.target LIMIT 1`,
    ).get(ticketId, at) as { target: SlaWarningTarget; dueAt: string; warnAt: string } | undefined) ?? null
  );
}

/** Gives a ticket to an agent (or takes it back with null). */
export function assignTicket(
  db: Db,
  ticketId: number,
  actor: Principal,
  assigneeId: number | null,
  expectedVersion?: number,
): void {
  requireAgent(actor);
  db.transaction(() => {
    const ticket = loadTicket(db, ticketId);
    if (assigneeId !== null) {
      const ok = sql(
        db,
        "SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'agent' WHERE u.id = ? AND u.disabled_at IS NULL",
      ).get(assigneeId);
      if (!ok) throw new WorkflowError(msg('tickets.activeAgent'));
      const name = sql(db, 'SELECT display_name FROM users WHERE id = ?').pluck().get(assigneeId) as string;
      requireTier(agentTierOf(db, assigneeId), ticket.tier, name);
    }
    if (ticket.assignee_id === assigneeId) return;
    const at = new Date().toISOString();
    bumpVersion(db, ticket, expectedVersion, at);
    sql(db, 'UPDATE tickets SET assignee_id = ? WHERE id = ?').run(assigneeId, ticketId);
    if (ticket.status === 'new' && assigneeId !== null)
      sql(db, "UPDATE tickets SET status = 'open' WHERE id = ?").run(ticketId);
    recordEvent(
      db,
      ticketId,
      actor,
      'assigned',
      {
        from: ticket.assignee_id === null ? null : String(ticket.assignee_id),
        to: assigneeId === null ? null : String(assigneeId),
        internal: true,
      },
      at,
    );
    notify(db, { userId: assigneeId, ticketId, kind: 'assigned', actorId: actorId(actor), at });
  })();
}

/** Active agents, for the assign list. */
export function listAgents(db: Db): Array<{ id: number; name: string; tier: number | null }> {
  return sql(
    db,
    "SELECT u.id, u.display_name AS name, u.agent_tier AS tier FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'agent' WHERE u.disabled_at IS NULL ORDER BY u.display_name",
  ).all() as Array<{ id: number; name: string; tier: number | null }>;
}

/** Articles linked to a ticket when it was resolved. */
export function linkedArticles(db: Db, ticketId: number): string[] {
  return sql(db, 'SELECT slug FROM ticket_articles WHERE ticket_id = ? ORDER BY at, slug')
    .pluck()
    .all(ticketId) as string[];
}

/** How often each article was linked when resolving tickets: in total, and since a time given per slug (its publication). */
export function articleReuse(
  db: Db,
  since: Map<string, string> = new Map(),
): Map<string, { total: number; since: number | null }> {
  const totals = sql(db, 'SELECT slug, count(*) AS n FROM ticket_articles GROUP BY slug').all() as Array<{
    slug: string;
    n: number;
  }>;
  const countSince = sql(db, 'SELECT count(*) FROM ticket_articles WHERE slug = ? AND at >= ?');
  return new Map(
    totals.map((t) => [
      t.slug,
      {
        total: t.n,
        since: since.has(t.slug) ? (countSince.pluck().get(t.slug, since.get(t.slug)) as number) : null,
      },
    ]),
  );
}

/** An article linked to a resolved ticket: the ticket's words, and when the ticket was resolved. */
export type ResolvedArticleLink = {
  number: number;
  requesterId: number;
  linkedBy: number | null;
  slug: string;
  subject: string;
  description: string;
  at: string;
};

/**
 * Articles linked to tickets resolved (or since closed) at or after `since` (ISO), oldest resolution
 * first: by the resolution, not the link, so an article linked early to a ticket resolved late is not
 * passed over by a reader that has moved on.
 */
export function resolvedArticleLinksSince(db: Db, since: string, limit: number): ResolvedArticleLink[] {
  return sql(
    db,
    `SELECT t.number, t.requester_id AS requesterId, ta.linked_by AS linkedBy, ta.slug, t.subject, t.description,
            t.resolved_at AS at
       FROM ticket_articles ta JOIN tickets t ON t.id = ta.ticket_id
      WHERE t.resolved_at >= ? AND t.status IN ('resolved', 'closed') ORDER BY t.resolved_at LIMIT ?`,
  ).all(since, limit) as ResolvedArticleLink[];
}
