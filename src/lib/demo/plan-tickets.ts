import type { Impact, Urgency } from '#lib/tickets/priority.ts';
import type { Channel } from '#lib/tickets/tickets.ts';
import { someone, type PlanContext } from './context.ts';
import { TIER_ONE_SHARES } from './plan-people.ts';
import type { PlannedRequest, TicketDraft, Topic } from './plan-types.ts';
import { between, chance, pick, weighted } from './random.ts';
import { HOUR, MIN, timeSampler } from './time.ts';

/**
 * The tickets of the period in filing order: about 70 % filed from help requests on the portal, the
 * rest logged by agents (phone, walk-in, e-mail, chat), some from people who had searched first.
 * Links each request to the ticket filed from it.
 */
export function planTickets(ctx: PlanContext, requests: PlannedRequest[], count: number): TicketDraft[] {
  const fromRequests = Math.min(Math.round(0.7 * count), Math.round(0.1 * requests.length));
  const ranked = rankUnsolved(ctx, requests);
  const tickets = ranked.slice(0, fromRequests).map((i) => ticketFromRequest(ctx, requests, i));
  // Some searched first and called within the day: those requests count as tickets, not as potential deflections.
  const pool = ranked.slice(fromRequests).filter((i) => requests[i]!.at < ctx.end - 30 * MIN);
  const afterSearching = Math.min(
    Math.round(0.03 * requests.length),
    Math.floor((count - tickets.length) / 2),
  );
  tickets.push(...callsAfterSearching(ctx, requests, pool, afterSearching));
  tickets.push(...directTickets(ctx, count - tickets.length));
  // Numbers follow filing order.
  tickets.sort((a, b) => a.at - b.at);
  tickets.forEach((t, i) => {
    if (t.request !== null) requests[t.request]!.ticket = i;
  });
  return tickets;
}

/**
 * Unsolved requests as a weighted sample without replacement (exponential keys), favouring what found
 * nothing, the early weeks (the KB was weaker) and the recurring problem.
 */
function rankUnsolved(ctx: PlanContext, requests: PlannedRequest[]): number[] {
  const keyed: Array<{ key: number; index: number }> = [];
  requests.forEach((r, index) => {
    if (r.solved) return;
    const t = (r.at - ctx.start) / (ctx.end - ctx.start);
    const base = r.topic.answer === null ? 1.8 : r.rejected ? 1.5 : r.opened.length > 0 ? 1 : 0.8;
    const weight = base * (1.35 - 0.7 * t) * (r.surge ? 2.5 : 1);
    keyed.push({ key: -Math.log(1 - ctx.rng()) / weight, index });
  });
  return keyed.sort((a, b) => a.key - b.key).map((k) => k.index);
}

function classify(ctx: PlanContext, surge: boolean): { impact: Impact; urgency: Urgency } {
  const impact = surge
    ? weighted(ctx.rng, [
        ['one', 45],
        ['several', 35],
        ['department', 15],
        ['organisation', 5],
      ] as const)
    : weighted(ctx.rng, [
        ['one', 72],
        ['several', 15],
        ['department', 9],
        ['organisation', 4],
      ] as const);
  return {
    impact,
    urgency: weighted(ctx.rng, [
      ['medium', 55],
      ['low', 22],
      ['high', 23],
    ] as const),
  };
}

const textOf = (topic: Topic) => ({
  subject: topic.subject,
  description: topic.description || topic.subject,
  category: topic.category,
  answer: topic.answer,
});

function ticketFromRequest(ctx: PlanContext, requests: PlannedRequest[], index: number): TicketDraft {
  const { rng } = ctx;
  const request = requests[index]!;
  // Those who opened an article usually said "No, this did not help" before asking for a person.
  const last = request.opened[request.opened.length - 1];
  let at = last
    ? last.at + Math.floor(between(rng, 20_000, 240_000))
    : request.answeredAt + Math.floor(between(rng, 10_000, 120_000));
  if (last && !request.rejected && chance(rng, 0.7))
    request.rejected = { article: last.article, at: at - 10_000 };
  if (request.rejected) at = Math.max(at, request.rejected.at + Math.floor(between(rng, 10_000, 90_000)));
  return {
    at,
    requester: request.user,
    request: index,
    loggedBy: null,
    channel: 'web',
    ...textOf(request.topic),
    ...classify(ctx, request.surge),
  };
}

/** A ticket an agent logged from a call, a visit, an e-mail or a chat. */
function loggedTicket(
  ctx: PlanContext,
  at: number,
  requester: number,
  surge: boolean,
  topic: Topic,
): TicketDraft {
  const { rng } = ctx;
  const channel: Channel = weighted(rng, [
    ['phone', 45],
    ['email', 25],
    ['walk-in', 15],
    ['chat', 15],
  ] as const);
  const text = textOf(topic);
  const description =
    channel === 'phone'
      ? `Caller reports: ${text.description}`
      : channel === 'walk-in'
        ? `Came to the desk: ${text.description}`
        : text.description;
  const loggedBy = weighted(rng, TIER_ONE_SHARES);
  return { at, requester, request: null, loggedBy, channel, ...text, description, ...classify(ctx, surge) };
}

/** People who searched, gave up and called within the day: half about the same problem, half about something else. */
function callsAfterSearching(
  ctx: PlanContext,
  requests: PlannedRequest[],
  pool: number[],
  count: number,
): TicketDraft[] {
  const { rng } = ctx;
  const tickets: TicketDraft[] = [];
  for (let n = 0; n < count && pool.length > 0; n++) {
    const j = Math.floor(rng() * pool.length);
    const request = requests[pool[j]!]!;
    pool[j] = pool[pool.length - 1]!;
    pool.pop();
    const at =
      request.at + Math.floor(between(rng, 10 * MIN, Math.min(23 * HOUR, ctx.end - request.at - MIN)));
    const topic = chance(rng, 0.5) ? request.topic : pick(rng, ctx.topics);
    tickets.push(loggedTicket(ctx, at, request.user, request.surge, topic));
  }
  return tickets;
}

/** Calls and visits from people who never searched, some about the growing problem or a content gap. */
function directTickets(ctx: PlanContext, count: number): TicketDraft[] {
  const { rng, surge } = ctx;
  const sample = timeSampler(rng, ctx.start, ctx.end - MIN);
  return Array.from({ length: Math.max(0, count) }, () => {
    const at = sample();
    const surging = chance(rng, surge.share(at));
    const gap = !surging && chance(rng, 0.06);
    const topic = gap ? weighted(rng, ctx.gaps) : surging ? pick(rng, surge.topics) : pick(rng, ctx.topics);
    return loggedTicket(
      ctx,
      at,
      someone(ctx),
      surging || (!gap && topic.category === surge.category && at >= surge.start),
      topic,
    );
  });
}
