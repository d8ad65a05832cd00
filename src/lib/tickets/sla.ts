import { z } from 'zod';
import { sql, type Db } from '#lib/db/db.ts';
import { msg, type Message } from '#lib/i18n/translate.ts';
import { explainClock, instantAfter, type Clock, type ClockSegment, type Span } from './business-time.ts';
import { getCalendar, getDefaultCalendar, type SlaCalendar } from './sla-calendars.ts';

/** Whether a target counts every minute (24×7) or only the working minutes of its calendar. */
export const CLOCKS = ['calendar', 'business'] as const;
export type ClockKind = (typeof CLOCKS)[number];

export type SlaTarget = {
  priority: number;
  firstResponseMinutes: number;
  resolutionMinutes: number;
  clock: ClockKind;
  /** The calendar business minutes are counted in; null: the default calendar. */
  calendarId: number | null;
};

export function getSlaTargets(db: Db): Map<number, SlaTarget> {
  const rows = sql(
    db,
    'SELECT priority, first_response_minutes AS firstResponseMinutes, resolution_minutes AS resolutionMinutes, clock, calendar_id AS calendarId FROM sla_targets',
  ).all() as SlaTarget[];
  return new Map(rows.map((r) => [r.priority, r]));
}

export function setSlaTarget(db: Db, target: SlaTarget): void {
  sql(
    db,
    'UPDATE sla_targets SET first_response_minutes = ?, resolution_minutes = ?, clock = ?, calendar_id = ? WHERE priority = ?',
  ).run(
    target.firstResponseMinutes,
    target.resolutionMinutes,
    target.clock,
    target.calendarId,
    target.priority,
  );
}

/** Due times from a start, in minutes of the target's clock; the messages are `problem`s of admin.minutesInvalid. */
const Minutes = z.coerce.number({ error: 'number' }).int('whole').min(1, 'min').max(525_600, 'max');

/**
 * Replaces the targets of all four priorities at once, or none: `field(name)` gives what the admin typed
 * in `first-<p>`, `resolution-<p>`, `clock-<p>` and `calendar-<p>` (a missing clock or calendar keeps the
 * current one). Answers messages keyed by those names when something needs fixing.
 */
export function replaceSlaTargets(
  db: Db,
  field: (name: string) => unknown,
): { ok: true } | { ok: false; errors: Record<string, Message> } {
  const current = getSlaTargets(db);
  const calendars = new Set(sql(db, 'SELECT id FROM sla_calendars').pluck().all() as number[]);
  const errors: Record<string, Message> = {};
  const minutesProblem = (priority: number, field: 'first' | 'resolution', problem: string) =>
    msg('admin.minutesInvalid', { priority, field, problem });
  const targets = [1, 2, 3, 4].map((p): SlaTarget | null => {
    const first = Minutes.safeParse(field(`first-${p}`));
    const resolution = Minutes.safeParse(field(`resolution-${p}`));
    if (!first.success) errors[`first-${p}`] = minutesProblem(p, 'first', first.error.issues[0]!.message);
    if (!resolution.success)
      errors[`resolution-${p}`] = minutesProblem(p, 'resolution', resolution.error.issues[0]!.message);
    if (first.success && resolution.success && first.data > resolution.data)
      errors[`first-${p}`] = msg('admin.firstAfterResolution', { priority: p });
    const clockText = field(`clock-${p}`);
    const clock = clockText === null || clockText === undefined ? current.get(p)?.clock : clockText;
    if (!CLOCKS.includes(clock as ClockKind))
      errors[`clock-${p}`] = msg('admin.chooseClock', { priority: p });
    const calendarText = field(`calendar-${p}`);
    let calendarId = current.get(p)?.calendarId ?? null;
    if (calendarText !== null && calendarText !== undefined) {
      calendarId = calendarText === '' ? null : Number(calendarText);
      if (calendarId !== null && !calendars.has(calendarId))
        errors[`calendar-${p}`] = msg('admin.chooseCalendar', { priority: p });
    }
    if (!first.success || !resolution.success) return null;
    return {
      priority: p,
      firstResponseMinutes: first.data,
      resolutionMinutes: resolution.data,
      clock: clock as ClockKind,
      calendarId,
    };
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  db.transaction(() => {
    for (const t of targets) setSlaTarget(db, t!);
  })();
  return { ok: true };
}

/** The clock a target counts with: calendar time, or the business hours of its calendar (or the default one). */
export function clockFor(db: Db, target: Pick<SlaTarget, 'clock' | 'calendarId'>): Clock {
  const calendar = calendarFor(db, target);
  return calendar ? { kind: 'business', calendar } : { kind: 'calendar' };
}

/** The calendar a business-hours target counts in (its own, else the default); null for calendar time. */
function calendarFor(db: Db, target: Pick<SlaTarget, 'clock' | 'calendarId'>): SlaCalendar | null {
  if (target.clock === 'calendar') return null;
  return (target.calendarId !== null && getCalendar(db, target.calendarId)) || getDefaultCalendar(db);
}

/** Each priority's target with the clock it counts on: read once, for one ticket or thousands. */
export type SlaRules = Map<number, { target: SlaTarget; clock: Clock }>;

export function getSlaRules(db: Db): SlaRules {
  const clocks = new Map<string, Clock>();
  const rules: SlaRules = new Map();
  for (const target of getSlaTargets(db).values()) {
    const key = `${target.clock}:${target.calendarId}`;
    if (!clocks.has(key)) clocks.set(key, clockFor(db, target));
    rules.set(target.priority, { target, clock: clocks.get(key)! });
  }
  return rules;
}

/** The part of the computation that reads the ticket: when it started and when it waited on its requester. */
type SlaInput = { createdAt: string; priority: number; pauses: Span[] };

/** Due times and the moments they turn amber (75 % of the counted time used). */
export type SlaTimes = {
  firstResponseDueAt: string | null;
  firstResponseWarnAt: string | null;
  resolutionDueAt: string | null;
  resolutionWarnAt: string | null;
};

const toIso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Computes a ticket's due times from its start, its priority's target and its pending pauses. */
export function computeSlaTimes(db: Db, input: SlaInput, rules: SlaRules = getSlaRules(db)): SlaTimes {
  const rule = rules.get(input.priority);
  if (!rule)
    return {
      firstResponseDueAt: null,
      firstResponseWarnAt: null,
      resolutionDueAt: null,
      resolutionWarnAt: null,
    };
  const { target, clock } = rule;
  const start = Date.parse(input.createdAt);
  const after = (minutes: number) => toIso(instantAfter(clock, start, minutes * 60_000, input.pauses));
  return {
    firstResponseDueAt: after(target.firstResponseMinutes),
    firstResponseWarnAt: after(target.firstResponseMinutes * 0.75),
    resolutionDueAt: after(target.resolutionMinutes),
    resolutionWarnAt: after(target.resolutionMinutes * 0.75),
  };
}

/** A status change of a ticket's timeline, as ticket_events records it. */
export type StatusChange = { at: string; from: string | null; to: string | null };

/**
 * The spans a ticket waited on its requester, from its status changes in order (into and out of
 * pending); a pause still running ends at `until` (never before it began).
 */
export function pausesFrom(changes: Iterable<StatusChange>, until: number): Span[] {
  const pauses: Span[] = [];
  let since: number | null = null;
  for (const c of changes) {
    if (c.to === 'pending' && since === null) since = Date.parse(c.at);
    else if (c.from === 'pending' && since !== null) {
      pauses.push({ start: since, end: Math.max(since, Date.parse(c.at)) });
      since = null;
    }
  }
  if (since !== null) pauses.push({ start: since, end: Math.max(since, until) });
  return pauses;
}

/** The spans a ticket waited on its requester, read from its timeline; a pause still running ends at `now`. */
export function pendingPauses(db: Db, ticketId: number, now: Date = new Date()): Span[] {
  const changes = sql(
    db,
    'SELECT at, from_value AS "from", to_value AS "to" FROM ticket_events WHERE ticket_id = ? AND type = \'status\' ORDER BY id',
  ).all(ticketId) as StatusChange[];
  return pausesFrom(changes, now.getTime());
}

function writeSlaTimes(db: Db, ticketId: number, times: SlaTimes): void {
  sql(
    db,
    'UPDATE tickets SET first_response_due_at = ?, first_response_warn_at = ?, resolution_due_at = ?, resolution_warn_at = ? WHERE id = ?',
  ).run(
    times.firstResponseDueAt,
    times.firstResponseWarnAt,
    times.resolutionDueAt,
    times.resolutionWarnAt,
    ticketId,
  );
}

/**
 * Recomputes a ticket's due and amber times from its own timeline (never patched incrementally), after
 * its priority, status or the calendar changed. Call inside the change's transaction.
 */
export function recomputeSla(db: Db, ticketId: number, now: Date = new Date()): void {
  const row = sql(db, 'SELECT created_at AS createdAt, priority FROM tickets WHERE id = ?').get(ticketId) as
    { createdAt: string; priority: number } | undefined;
  if (!row) return;
  writeSlaTimes(db, ticketId, computeSlaTimes(db, { ...row, pauses: pendingPauses(db, ticketId, now) }));
}

/**
 * After a calendar or a target changed: every ticket not yet resolved gets due times by the new rules.
 * The rules (and their calendars) and the open tickets' status changes are read once, not per ticket.
 */
export function recomputeOpenTickets(db: Db, now: Date = new Date()): number {
  return db.transaction(() => {
    const rules = getSlaRules(db);
    const tickets = sql(
      db,
      "SELECT id, created_at AS createdAt, priority FROM tickets WHERE status IN ('new', 'open', 'pending')",
    ).all() as Array<{ id: number; createdAt: string; priority: number }>;
    const changes = new Map<number, StatusChange[]>();
    const events = sql(
      db,
      `SELECT e.ticket_id AS ticketId, e.at, e.from_value AS "from", e.to_value AS "to"
        FROM tickets t JOIN ticket_events e ON e.ticket_id = t.id
        WHERE t.status IN ('new', 'open', 'pending') AND e.type = 'status' ORDER BY e.ticket_id, e.id`,
    ).iterate() as Iterable<StatusChange & { ticketId: number }>;
    for (const e of events) {
      const list = changes.get(e.ticketId) ?? [];
      if (list.length === 0) changes.set(e.ticketId, list);
      list.push(e);
    }
    for (const t of tickets) {
      const pauses = pausesFrom(changes.get(t.id) ?? [], now.getTime());
      writeSlaTimes(db, t.id, computeSlaTimes(db, { ...t, pauses }, rules));
    }
    return tickets.length;
  })();
}

/** "How is this SLA counted?": the clock, the targets, and the ticket's life cut into counted, paused and closed stretches. */
export type SlaExplanation = {
  clock: ClockKind;
  calendarName: string | null;
  /** The zone times are shown in: the calendar's, or the default calendar's for calendar time. */
  timeZone: string;
  firstResponseMinutes: number;
  resolutionMinutes: number;
  /** Counted minutes so far (until resolved, or now). */
  countedMinutes: number;
  segments: ClockSegment[];
};

/** Explains a ticket's SLA clock up to its resolution (or now); null when its priority has no target. */
export function explainSla(db: Db, ticketId: number, now: Date = new Date()): SlaExplanation | null {
  const row = sql(db, 'SELECT created_at, priority, resolved_at FROM tickets WHERE id = ?').get(ticketId) as
    { created_at: string; priority: number; resolved_at: string | null } | undefined;
  const target = row ? getSlaTargets(db).get(row.priority) : undefined;
  if (!row || !target) return null;
  const calendar = calendarFor(db, target);
  const clock: Clock = calendar ? { kind: 'business', calendar } : { kind: 'calendar' };
  const until = row.resolved_at ? Date.parse(row.resolved_at) : now.getTime();
  const segments = explainClock(clock, Date.parse(row.created_at), until, pendingPauses(db, ticketId, now));
  const counted = segments.filter((s) => s.kind === 'counted').reduce((sum, s) => sum + s.end - s.start, 0);
  return {
    clock: target.clock,
    calendarName: calendar?.name ?? null,
    timeZone: calendar?.timeZone ?? getDefaultCalendar(db).timeZone,
    firstResponseMinutes: target.firstResponseMinutes,
    resolutionMinutes: target.resolutionMinutes,
    countedMinutes: Math.floor(counted / 60_000),
    segments,
  };
}

export type SlaState = 'ok' | 'warning' | 'breached' | 'met' | 'paused';

/**
 * Where a ticket stands against a target: amber ("warning") from 75 % of the allowed time used (the
 * stored `warnAt`, counted on the target's clock; older tickets without one by elapsed time), red
 * ("breached") past the due time; "met" once done in time; "paused" while pending.
 */
export function slaState(
  input: {
    startedAt: string;
    dueAt: string | null;
    warnAt?: string | null;
    doneAt: string | null;
    pausedSince: string | null;
    pausedMs?: number;
  },
  now: Date = new Date(),
): SlaState {
  if (!input.dueAt) return 'ok';
  const due = Date.parse(input.dueAt);
  if (input.doneAt) return Date.parse(input.doneAt) <= due ? 'met' : 'breached';
  if (input.pausedSince) return 'paused';
  const t = now.getTime();
  if (t >= due) return 'breached';
  if (input.warnAt) return t >= Date.parse(input.warnAt) ? 'warning' : 'ok';
  // Pending time moved the due time later; leave it out of both the time used and the time allowed.
  const start = Date.parse(input.startedAt) + (input.pausedMs ?? 0);
  return (t - start) / (due - start) >= 0.75 ? 'warning' : 'ok';
}
