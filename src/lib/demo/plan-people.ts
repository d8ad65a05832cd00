import { HISTORY_EMAIL_DOMAIN } from '#lib/auth/demo-accounts.ts';
import type { PlanContext } from './context.ts';
import type { PlannedAgent, PlannedPerson } from './plan-types.ts';
import { between, pick } from './random.ts';
import { AGENTS, FIRST_NAMES, LAST_NAMES } from './texts.ts';
import { DAY } from './time.ts';

/** Employees with unique addresses (anna.berger, anna.berger2, …), in the company for one to thirty months. */
export function planEmployees(ctx: PlanContext): PlannedPerson[] {
  const { rng } = ctx;
  const taken = new Map<string, number>();
  return Array.from({ length: ctx.employees }, () => {
    const first = pick(rng, FIRST_NAMES);
    const last = pick(rng, LAST_NAMES);
    const local = `${first}.${last}`.toLowerCase();
    const n = (taken.get(local) ?? 0) + 1;
    taken.set(local, n);
    const since = ctx.start - Math.floor(between(rng, 30, 900) * DAY);
    return { email: `${local}${n > 1 ? n : ''}@${HISTORY_EMAIL_DOMAIN}`, name: `${first} ${last}`, since };
  });
}

/** The desk's six agents, there since before the period. */
export function planAgents(ctx: PlanContext): PlannedAgent[] {
  return AGENTS.map((a) => ({
    email: `${a.name.toLowerCase().replace(/\s+/g, '.')}.agent@${HISTORY_EMAIL_DOMAIN}`,
    name: a.name,
    tier: a.tier,
    since: ctx.start - 400 * DAY,
  }));
}

/** Tier-1 agents by index with how much of the queue each takes. */
export const TIER_ONE_SHARES: ReadonlyArray<readonly [number, number]> = AGENTS.flatMap((a, i) =>
  a.tier === 1 ? [[i, [0.4, 0.35, 0.25][i] ?? 0.3] as const] : [],
);

/** Indexes of the agents of a tier. */
export const agentsOfTier = (tier: number): number[] =>
  AGENTS.flatMap((a, i) => (a.tier === tier ? [i] : []));
