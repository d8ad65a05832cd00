import { createPlanContext, type PlanInput } from './context.ts';
import { planFeedback } from './plan-feedback.ts';
import { planTicketLife } from './plan-lifecycle.ts';
import { planAgents, planEmployees } from './plan-people.ts';
import { planRequests } from './plan-requests.ts';
import { planTickets } from './plan-tickets.ts';
import type { DemoPlan } from './plan-types.ts';

export type { PlanInput } from './context.ts';
export type * from './plan-types.ts';

/**
 * A help desk's history over `days` days before `now`, as plain data: the same input and seed always
 * give the same plan. Pure: it reads no file and no database (see writeDemoHistory for that).
 */
export function planDemoHistory(input: PlanInput): DemoPlan {
  const ctx = createPlanContext(input);
  const employees = planEmployees(ctx);
  const agents = planAgents(ctx);
  const requests = planRequests(ctx, input.requests);
  const tickets = planTickets(ctx, requests, input.tickets).map((t) => ({
    ...t,
    life: planTicketLife(ctx, t),
  }));
  // After the tickets: filing one often follows a "No, this did not help" that the votes reflect.
  const { votes, views } = planFeedback(ctx, requests);
  return { start: ctx.start, end: ctx.end, employees, agents, requests, tickets, votes, views };
}
