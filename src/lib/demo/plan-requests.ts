import { seededRequestId } from '#lib/deflection/history-import.ts';
import { someone, type PlanContext } from './context.ts';
import type { PlannedRequest, Topic } from './plan-types.ts';
import { between, chance, pick, weighted } from './random.ts';
import { MIN, timeSampler } from './time.ts';

/** Help requests over the period, in time order, each with its suggestions and what the employee did. */
export function planRequests(ctx: PlanContext, count: number): PlannedRequest[] {
  const sample = timeSampler(ctx.rng, ctx.start, ctx.end - 20 * MIN);
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) times[i] = sample();
  times.sort();
  return Array.from(times, (at) => planRequest(ctx, at));
}

/** About four characters a second, at least a few seconds, before the suggestions that were recorded. */
const typing = (ctx: PlanContext, characters: number) =>
  Math.floor(Math.max(3_000, characters * 250) * between(ctx.rng, 0.6, 1.4));

function planRequest(ctx: PlanContext, at: number): PlannedRequest {
  const { rng } = ctx;
  const t = (at - ctx.start) / (ctx.end - ctx.start); // 0 … 1 over the period: the knowledge base gets better
  const base = {
    id: seededRequestId(rng),
    user: someone(ctx),
    at,
    shown: [],
    opened: [],
    solved: null,
    rejected: null,
    ticket: null,
  };
  if (chance(rng, 0.095 - 0.03 * t)) {
    const gap = weighted(rng, ctx.gaps);
    return { ...base, topic: gap, surge: false, answeredAt: at + typing(ctx, gap.subject.length) };
  }
  const topic = chance(rng, ctx.surge.share(at)) ? pick(rng, ctx.surge.topics) : pick(rng, ctx.topics);
  const request: PlannedRequest = {
    ...base,
    topic,
    surge: topic.category === ctx.surge.category && at >= ctx.surge.start,
    answeredAt: at + typing(ctx, topic.draft.length),
  };
  request.shown = suggestionsFor(ctx, topic, t);
  planOutcome(ctx, request, t);
  return request;
}

/** What was suggested: the right answer in the top 3 about 70 % of the time (a little more as the KB improves). */
function suggestionsFor(ctx: PlanContext, topic: Topic, t: number): string[] {
  const { rng } = ctx;
  const size = weighted(rng, [
    [5, 85],
    [4, 7],
    [3, 5],
    [2, 2],
    [1, 1],
  ] as const);
  const top3 = 0.64 + 0.12 * t;
  const r = rng();
  const position =
    r < top3 * 0.6
      ? 1
      : r < top3 * 0.85
        ? 2
        : r < top3
          ? 3
          : r < top3 + 0.15
            ? 4 + Math.floor(rng() * 2)
            : 99;
  const shown: Array<string | null> = new Array(size).fill(null);
  if (position <= size) shown[position - 1] = topic.answer;
  const sameCategory = ctx.byCategory.get(topic.category ?? '') ?? [];
  const candidates = [...topic.related];
  for (let slot = 0, guard = 0; slot < size && guard < 200; guard++) {
    if (shown[slot] !== null) {
      slot++;
      continue;
    }
    const next =
      candidates.shift() ??
      (chance(rng, 0.6) && sameCategory.length > 0 ? pick(rng, sameCategory) : pick(rng, ctx.articles));
    // The answer appears only in its own slot (or not at all).
    if (next !== topic.answer && !shown.includes(next)) shown[slot++] = next;
  }
  return shown.filter((slug): slug is string => slug !== null);
}

/** Confirmed ("solved it") needs a right answer on the list; otherwise some open an article, the rest leave. */
function planOutcome(ctx: PlanContext, request: PlannedRequest, t: number): void {
  const { rng } = ctx;
  const { shown, topic } = request;
  if (shown.length === 0) return;
  const right = shown.find((a) => a === topic.answer || topic.related.includes(a));
  let clock = request.answeredAt + Math.floor(between(rng, 4_000, 40_000));
  const open = (article: string) => {
    request.opened.push({ article, at: clock });
    clock += Math.floor(between(rng, 30_000, 300_000));
  };
  // Scaled so that 20 % (first day) to 30 % (last day) of all requests end confirmed: about 90 % show
  // suggestions and 83 % of those include a right answer. The new, growing problem is solved less often.
  const solvedChance =
    right === undefined ? 0 : ((0.2 + 0.1 * t) / (0.9 * 0.83)) * (request.surge ? 0.45 : 1);
  const roll = rng();
  if (right !== undefined && roll < solvedChance) {
    if (chance(rng, 0.15) && shown[0] !== right) open(shown[0]!);
    open(right);
    request.solved = { article: right, at: clock };
  } else if (roll < solvedChance + (1 - solvedChance) * 0.74) {
    open(
      right !== undefined && chance(rng, 0.75)
        ? right
        : shown[Math.min(shown.length - 1, Math.floor(rng() ** 2 * shown.length))]!,
    );
    const other = chance(rng, 0.2) ? pick(rng, shown) : null;
    if (other !== null && !request.opened.some((o) => o.article === other)) open(other);
    if (chance(rng, 0.12))
      request.rejected = { article: request.opened[request.opened.length - 1]!.article, at: clock };
  }
}
