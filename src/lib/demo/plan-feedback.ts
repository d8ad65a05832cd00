import type { PlanContext } from './context.ts';
import type { PlannedRequest, PlannedViews, PlannedVote } from './plan-types.ts';
import { between, chance, pick } from './random.ts';
import { FEEDBACK_NOT_HELPFUL } from './texts.ts';
import { HOUR, iso } from './time.ts';

/** A "was this helpful?" vote after a request: mostly yes after "solved it", mostly no after "this did not help". */
function voteAfter(ctx: PlanContext, r: PlannedRequest): PlannedVote | null {
  const { rng } = ctx;
  if (r.solved) {
    if (!chance(rng, 0.3)) return null;
    return {
      article: r.solved.article,
      user: r.user,
      helpful: chance(rng, 0.97),
      comment: null,
      at: r.solved.at + 5_000,
    };
  }
  if (r.rejected) {
    if (!chance(rng, 0.25)) return null;
    const helpful = chance(rng, 0.1);
    const comment = !helpful && chance(rng, 0.3) ? pick(rng, FEEDBACK_NOT_HELPFUL) : null;
    return { article: r.rejected.article, user: r.user, helpful, comment, at: r.rejected.at - 3_000 };
  }
  const last = r.opened[r.opened.length - 1];
  if (!last || !chance(rng, 0.06)) return null;
  return {
    article: last.article,
    user: r.user,
    helpful: chance(rng, 0.6),
    comment: null,
    at: last.at + 60_000,
  };
}

/**
 * Votes, and views per article and UTC day up to the end of the period: every article opened from a
 * request, and reading without one (browsing, the search page, links from colleagues).
 */
export function planFeedback(
  ctx: PlanContext,
  requests: readonly PlannedRequest[],
): { votes: PlannedVote[]; views: PlannedViews[] } {
  const { rng } = ctx;
  const votes: PlannedVote[] = [];
  const counts = new Map<string, number>();
  const view = (article: string, at: number) => {
    const key = `${iso(at).slice(0, 10)}\n${article}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  for (const r of requests) {
    for (const o of r.opened) view(o.article, o.at);
    const vote = voteAfter(ctx, r);
    if (vote) votes.push(vote);
    if (chance(rng, 0.8))
      view(pick(rng, ctx.topics).answer!, r.at + Math.floor(between(rng, -4 * HOUR, 4 * HOUR)));
  }
  const today = iso(ctx.end).slice(0, 10);
  const views: PlannedViews[] = [];
  for (const [key, n] of counts) {
    const [day, article] = key.split('\n') as [string, string];
    if (day <= today) views.push({ article, day, views: n });
  }
  return { votes, views };
}
