import type { TicketEventType } from '#lib/tickets/history-import.ts';
import { priorityFor } from '#lib/tickets/priority.ts';
import type { Channel } from '#lib/tickets/tickets.ts';
import { autoCloseNote } from '#lib/tickets/workflow.ts';
import type { PlanContext } from './context.ts';
import { agentsOfTier, TIER_ONE_SHARES } from './plan-people.ts';
import type { AgentRef, PlannedActor, TicketDraft, TicketLife } from './plan-types.ts';
import { between, chance, pick, weighted } from './random.ts';
import * as say from './texts.ts';
import { DAY, HOUR, MIN } from './time.ts';

/** Channels where the agent talks to the person at once: the ticket is claimed and answered within minutes. */
const LIVE_CHANNELS: ReadonlySet<Channel> = new Set(['phone', 'walk-in', 'chat']);

/** What will happen to a ticket, decided when it is filed; each step happens only if its time comes before the end. */
type Course = {
  live: boolean;
  claimAt: number;
  respondAt: number;
  /** From the first response to the resolution, leaving out time spent pending. */
  span: number;
  escalations: number;
  note: boolean;
  pending: boolean;
  pendingFor: number;
  reopen: boolean;
  /** A breached SLA: the rating tends to be worse. */
  breached: boolean;
  resolutions: readonly string[];
};

function planCourse(ctx: PlanContext, t: TicketDraft): Course {
  const { rng } = ctx;
  const priority = priorityFor(t.impact, t.urgency);
  const target = ctx.slaTargets.get(priority)!;
  const live = LIVE_CHANNELS.has(t.channel);
  const breachFirst = !live && chance(rng, 0.13);
  const firstDelay = live
    ? between(rng, 1, 12) * MIN
    : target.firstResponseMinutes * MIN * (breachFirst ? between(rng, 1.1, 3) : between(rng, 0.15, 0.95));
  // The queue's backlog: some recent tickets are not done yet, whatever their plan.
  const backlog = Math.min(14, Math.max(1, ctx.days * 0.15)) * DAY;
  const age = ctx.end - t.at;
  const stuck = age < backlog && chance(rng, 0.5 * (1 - age / backlog));
  const claimAt =
    stuck && !live && chance(rng, 0.15)
      ? Infinity
      : t.at + firstDelay * (live ? between(rng, 0.3, 0.9) : between(rng, 0.2, 0.8));
  const respondAt = t.at + firstDelay;
  const breachResolution = chance(rng, 0.09);
  const work = Math.max(
    firstDelay + 10 * MIN,
    target.resolutionMinutes *
      MIN *
      (breachResolution ? between(rng, 1.05, 2.2) : 0.06 + 0.85 * rng() ** 1.5),
  );
  const span = stuck ? ctx.end - respondAt + between(rng, 1, 10) * DAY : work - firstDelay;
  const urgent = priority <= 2;
  const escalations = chance(rng, urgent ? 0.15 : 0.06) ? (chance(rng, 0.25) ? 2 : 1) : 0;
  const note = chance(rng, 0.25);
  // Some wait days on the requester, a replacement part or a vendor (the SLA clock stops meanwhile).
  const longWait = !stuck && !urgent && chance(rng, 0.18);
  const pending = longWait || chance(rng, stuck ? 0.4 : urgent ? 0.08 : 0.15);
  const pendingFor = stuck
    ? span * 2
    : longWait
      ? between(rng, 3, 25) * DAY
      : urgent
        ? between(rng, 0.5, 8) * HOUR
        : between(rng, 1, 40) * HOUR;
  const resolutions = say.RESOLUTIONS[t.category ?? ''] ?? say.GENERIC_RESOLUTIONS;
  return {
    live,
    claimAt,
    respondAt,
    span,
    escalations,
    note,
    pending,
    pendingFor,
    reopen: chance(rng, 0.05),
    breached: breachFirst || breachResolution,
    resolutions,
  };
}

/** A ticket's timeline being written; `done` once a step's time lies past the end of the period. */
type Walk = { ctx: PlanContext; life: TicketLife; done: boolean };

const reached = (w: Walk, at: number): boolean => {
  if (at > w.ctx.end) w.done = true;
  return !w.done;
};

const holder = (w: Walk): PlannedActor => (w.life.assignee === null ? 'system' : { agent: w.life.assignee });

type EventValues = { from?: string; to?: string | AgentRef; body?: string | null; internal?: boolean };
function add(
  w: Walk,
  at: number,
  actor: PlannedActor,
  type: TicketEventType,
  values: EventValues = {},
): void {
  w.life.timeline.push({
    at,
    actor,
    type,
    from: values.from ?? null,
    to: values.to ?? null,
    body: values.body ?? null,
    internal: values.internal ?? false,
  });
}

/** The ticket's timeline up to the end of the period, and the state it leaves the ticket in. */
export function planTicketLife(ctx: PlanContext, t: TicketDraft): TicketLife {
  const course = planCourse(ctx, t);
  const life: TicketLife = {
    status: 'new',
    tier: 1,
    assignee: null,
    version: 1,
    firstRespondedAt: null,
    resolvedAt: null,
    closedAt: null,
    pendingSince: null,
    pausedMs: 0,
    resolution: null,
    rating: null,
    ratingComment: null,
    link: null,
    timeline: [],
  };
  const w: Walk = { ctx, life, done: false };
  if (claim(w, t, course) && respond(w, course)) {
    // Escalation, an internal note and a wait on the requester happen in that order inside the work.
    let clock = escalate(w, course, course.respondAt);
    clock = writeNote(w, course, clock);
    waitOnRequester(w, course, clock);
    if (resolveInTime(w, t, course)) closeAndRate(w, course);
  }
  return life;
}

function claim(w: Walk, t: TicketDraft, course: Course): boolean {
  if (!reached(w, course.claimAt)) return false;
  // Whoever took the call keeps it; otherwise a tier-1 agent picks it from the queue.
  const agent = t.loggedBy !== null && course.live ? t.loggedBy : weighted(w.ctx.rng, TIER_ONE_SHARES);
  w.life.assignee = agent;
  w.life.status = 'open';
  w.life.version++;
  add(w, course.claimAt, { agent }, 'claimed', { to: { agent } });
  return true;
}

function respond(w: Walk, course: Course): boolean {
  if (!reached(w, course.respondAt)) return false;
  add(w, course.respondAt, holder(w), 'reply', { body: pick(w.ctx.rng, say.FIRST_REPLIES) });
  w.life.firstRespondedAt = course.respondAt;
  return true;
}

function escalate(w: Walk, course: Course, clock: number): number {
  const { rng } = w.ctx;
  const { life } = w;
  for (let k = 0; k < course.escalations; k++) {
    const at = clock + course.span * between(rng, 0.05, 0.12);
    if (!reached(w, at)) break;
    add(w, at, holder(w), 'escalated', {
      from: String(life.tier),
      to: String(life.tier + 1),
      body: pick(rng, say.ESCALATION_REASONS[life.tier]!),
      internal: true,
    });
    life.tier++;
    life.assignee = null;
    life.version++;
    clock = at + Math.min(course.span * 0.08, 3 * HOUR) * between(rng, 0.1, 1);
    if (!reached(w, clock)) break;
    const agent = pick(rng, agentsOfTier(life.tier));
    life.assignee = agent;
    life.version++;
    add(w, clock, { agent }, 'claimed', { to: { agent } });
  }
  return clock;
}

function writeNote(w: Walk, course: Course, clock: number): number {
  if (w.done || !course.note) return clock;
  const at = clock + course.span * between(w.ctx.rng, 0.05, 0.15);
  if (!reached(w, at)) return clock;
  add(w, at, holder(w), 'note', { body: pick(w.ctx.rng, say.INTERNAL_NOTES), internal: true });
  return at;
}

function waitOnRequester(w: Walk, course: Course, clock: number): void {
  if (w.done || !course.pending) return;
  const { life } = w;
  // At most 75 % of the work has passed here, so the answer comes back before the resolution.
  const asked = clock + course.span * between(w.ctx.rng, 0.05, 0.2);
  if (!reached(w, asked + 1_000)) return;
  add(w, asked, holder(w), 'reply', { body: pick(w.ctx.rng, say.PENDING_QUESTIONS) });
  add(w, asked + 1_000, holder(w), 'status', { from: 'open', to: 'pending' });
  life.status = 'pending';
  life.pendingSince = asked + 1_000;
  life.version++;
  const back = life.pendingSince + course.pendingFor;
  if (!reached(w, back)) return;
  add(w, back, 'requester', 'reply', { body: pick(w.ctx.rng, say.REQUESTER_ANSWERS) });
  add(w, back, 'requester', 'status', { from: 'pending', to: 'open' });
  life.pausedMs += Math.round(back - life.pendingSince);
  life.pendingSince = null;
  life.status = 'open';
  life.version++;
}

function resolve(w: Walk, at: number, text: string): void {
  add(w, at, holder(w), 'status', { from: w.life.status, to: 'resolved', body: text });
  w.life.status = 'resolved';
  w.life.resolvedAt = at;
  w.life.resolution = text;
  w.life.version++;
}

function resolveInTime(w: Walk, t: TicketDraft, course: Course): boolean {
  const { rng } = w.ctx;
  const { life } = w;
  const at = course.respondAt + course.span + life.pausedMs;
  if (!reached(w, at)) return false;
  resolve(w, at, pick(rng, course.resolutions));
  // Someone holds the ticket here: an escalation whose claim had not happened yet ended the walk above.
  if (t.answer !== null && life.assignee !== null && chance(rng, 0.6))
    life.link = { article: t.answer, by: life.assignee, at };
  if (course.reopen) reopen(w, course, at);
  return true;
}

function reopen(w: Walk, course: Course, resolvedAt: number): void {
  const { rng } = w.ctx;
  const back = resolvedAt + between(rng, 2, 48) * HOUR;
  if (!reached(w, back)) return;
  add(w, back, 'requester', 'status', { from: 'resolved', to: 'open', body: pick(rng, say.REOPEN_NOTES) });
  w.life.status = 'open';
  w.life.resolvedAt = null;
  w.life.version++;
  const reply = back + between(rng, 20, 240) * MIN;
  if (reached(w, reply))
    add(w, reply, holder(w), 'reply', { body: 'Sorry about that, I am looking at it again.' });
  const again = reply + between(rng, 1, 24) * HOUR;
  if (reached(w, again))
    resolve(w, again, `Root cause found after the reopen. ${pick(rng, course.resolutions)}`);
}

/** Confirmed by the requester within a day or so, or closed by the auto-close job; some rate the help. */
function closeAndRate(w: Walk, course: Course): void {
  const { rng, autoCloseDays, end } = w.ctx;
  const { life } = w;
  if (life.status !== 'resolved' || life.resolvedAt === null) return;
  const confirmed = chance(rng, 0.55);
  const closeAt =
    life.resolvedAt +
    (confirmed ? between(rng, 20 * MIN, 30 * HOUR) : autoCloseDays * DAY + between(rng, 0, 10 * MIN));
  if (!reached(w, closeAt)) return;
  add(w, closeAt, confirmed ? 'requester' : 'system', 'status', {
    from: 'resolved',
    to: 'closed',
    body: confirmed ? null : autoCloseNote(autoCloseDays),
  });
  life.status = 'closed';
  life.closedAt = closeAt;
  life.version++;
  const rateAt = closeAt + (confirmed ? between(rng, 1 * MIN, 2 * HOUR) : between(rng, 1 * HOUR, 48 * HOUR));
  if (!chance(rng, confirmed ? 0.55 : 0.2) || rateAt > end) return;
  const rough = course.breached || course.reopen;
  const rating = rough
    ? weighted(rng, [
        [5, 20],
        [4, 25],
        [3, 25],
        [2, 15],
        [1, 15],
      ] as const)
    : weighted(rng, [
        [5, 52],
        [4, 28],
        [3, 10],
        [2, 5],
        [1, 5],
      ] as const);
  life.rating = rating;
  life.ratingComment = chance(rng, 0.3)
    ? pick(rng, rating >= 4 ? say.RATING_COMMENTS_GOOD : say.RATING_COMMENTS_BAD)
    : null;
  add(w, rateAt, 'requester', 'rated', { to: String(rating), body: life.ratingComment });
}
