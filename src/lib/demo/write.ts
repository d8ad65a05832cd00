import { importHistoryAccounts } from '#lib/auth/history-import.ts';
import type { Db } from '#lib/db/db.ts';
import {
  importArticleFeedback,
  importArticleViews,
  importHelpRequests,
  type HistoricHelpRequest,
  type HistoricRequestStep,
} from '#lib/deflection/history-import.ts';
import { withRollupTriggersSuspended } from '#lib/reports/rollups.ts';
import {
  importHistoricTickets,
  type HistoricTicket,
  type HistoricTicketEvent,
} from '#lib/tickets/history-import.ts';
import type {
  DemoPlan,
  PlannedActor,
  PlannedRequest,
  PlannedTicket,
  PlannedTicketEvent,
} from './plan-types.ts';
import { iso } from './time.ts';

/** User ids of the plan's people, by their index in the plan. */
type Ids = { employees: number[]; agents: number[] };

export type WriteOptions = {
  /** Runs first inside the write lock (e.g. refusing a second history that another run just finished). */
  before?: () => void;
  log?: (message: string) => void;
};

/**
 * Writes a plan through the modules that own the tables, in one transaction with the report rollups
 * rebuilt once at the end; returns the accounts and events written.
 */
export function writeDemoHistory(
  db: Db,
  plan: DemoPlan,
  options: WriteOptions = {},
): { users: number; events: number } {
  return inBulkTransaction(db, () =>
    withRollupTriggersSuspended(db, () => {
      options.before?.();
      return writePlan(db, plan, options.log ?? (() => {}));
    }),
  );
}

/**
 * One transaction with a large page cache and without per-row foreign-key checks. A large history
 * writes hundreds of megabytes: with the default 2 MB cache dirty pages spill to the WAL mid-way
 * (about 15 % slower at 200,000 requests). Every reference points at rows this run writes (the tests
 * check them with foreign_key_check); checking each of 1.4 million inserts costs about a sixth of the time.
 */
function inBulkTransaction<T>(db: Db, write: () => T): T {
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('cache_size = -262144');
  db.pragma('foreign_keys = OFF');
  try {
    return db.transaction(write).immediate();
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
}

function writePlan(
  db: Db,
  plan: DemoPlan,
  log: (message: string) => void,
): { users: number; events: number } {
  const ids = writePeople(db, plan);
  log(`Wrote ${(ids.employees.length + ids.agents.length).toLocaleString('en')} accounts.`);
  // Tickets first: the help requests they were filed from record their ids.
  const tickets = importHistoricTickets(
    db,
    plan.tickets.map((t) => historicTicket(plan, ids, t)),
  );
  log('Wrote the tickets.');
  const requests = importHelpRequests(db, historicRequests(plan, ids, tickets.ids));
  log('Wrote the help requests.');
  importArticleFeedback(
    db,
    plan.votes.map((v) => ({
      slug: v.article,
      userId: ids.employees[v.user]!,
      helpful: v.helpful,
      comment: v.comment,
      at: iso(v.at),
    })),
  );
  importArticleViews(
    db,
    plan.views.map((v) => ({ slug: v.article, day: v.day, views: v.views })),
  );
  log('Wrote votes and article views.');
  return { users: ids.employees.length + ids.agents.length, events: tickets.events + requests.events };
}

function writePeople(db: Db, plan: DemoPlan): Ids {
  const employees = importHistoryAccounts(
    db,
    plan.employees.map((e) => ({
      email: e.email,
      displayName: e.name,
      role: 'employee',
      agentTier: null,
      createdAt: iso(e.since),
    })),
  );
  const agents = importHistoryAccounts(
    db,
    plan.agents.map((a) => ({
      email: a.email,
      displayName: a.name,
      role: 'agent',
      agentTier: a.tier,
      createdAt: iso(a.since),
    })),
  );
  return { employees, agents };
}

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

function* historicRequests(plan: DemoPlan, ids: Ids, ticketIds: number[]): Generator<HistoricHelpRequest> {
  for (const r of plan.requests) {
    const steps: HistoricRequestStep[] = r.opened.map((o) => ({
      at: iso(o.at),
      type: 'article_opened',
      slug: o.article,
    }));
    if (r.solved) steps.push({ at: iso(r.solved.at), type: 'solved', slug: r.solved.article });
    else if (r.rejected) steps.push({ at: iso(r.rejected.at), type: 'not_solved', slug: r.rejected.article });
    const ticket =
      r.ticket === null ? null : { id: ticketIds[r.ticket]!, filedAt: iso(plan.tickets[r.ticket]!.at) };
    yield {
      id: r.id,
      userId: ids.employees[r.user]!,
      startedAt: iso(r.at),
      answeredAt: iso(r.answeredAt),
      draft: r.topic.draft,
      finalQuery: r.topic.query,
      suggested: r.shown,
      steps,
      ticket,
    };
  }
}

/** What the employee saw in the request, with what they opened and rejected: the agent starts from it. */
const triedIn = (r: PlannedRequest): HistoricTicket['tried'] =>
  r.shown.map((slug, i) => ({
    slug,
    bestRank: i + 1,
    opened: r.opened.some((o) => o.article === slug),
    rejected: r.rejected?.article === slug,
  }));

function historicTicket(plan: DemoPlan, ids: Ids, t: PlannedTicket): HistoricTicket {
  const { life } = t;
  const request = t.request === null ? null : plan.requests[t.request]!;
  const requesterId = ids.employees[t.requester]!;
  return {
    requesterId,
    loggedBy: t.loggedBy === null ? null : ids.agents[t.loggedBy]!,
    subject: t.subject,
    description: t.description,
    category: t.category,
    impact: t.impact,
    urgency: t.urgency,
    channel: t.channel,
    requestId: request?.id ?? null,
    createdAt: iso(t.at),
    status: life.status,
    tier: life.tier,
    assigneeId: life.assignee === null ? null : ids.agents[life.assignee]!,
    version: life.version,
    firstRespondedAt: isoOrNull(life.firstRespondedAt),
    resolvedAt: isoOrNull(life.resolvedAt),
    closedAt: isoOrNull(life.closedAt),
    pendingSince: isoOrNull(life.pendingSince),
    pausedMs: life.pausedMs,
    resolution: life.resolution,
    rating: life.rating,
    ratingComment: life.ratingComment,
    timeline: life.timeline.map((e) => historicEvent(ids, requesterId, e)),
    tried: request ? triedIn(request) : [],
    linked: life.link
      ? [{ slug: life.link.article, linkedBy: ids.agents[life.link.by]!, at: iso(life.link.at) }]
      : [],
  };
}

function historicEvent(ids: Ids, requesterId: number, e: PlannedTicketEvent): HistoricTicketEvent {
  const actorId = (actor: PlannedActor) =>
    actor === 'system' ? null : actor === 'requester' ? requesterId : ids.agents[actor.agent]!;
  const to = e.to === null || typeof e.to === 'string' ? e.to : String(ids.agents[e.to.agent]!);
  return {
    at: iso(e.at),
    actorId: actorId(e.actor),
    type: e.type,
    from: e.from,
    to,
    body: e.body,
    internal: e.internal,
  };
}
