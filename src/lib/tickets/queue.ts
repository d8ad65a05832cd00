import { z } from 'zod';
import type { Principal } from '#lib/auth/roles.ts';
import { sql, type Db } from '#lib/db/db.ts';
import { slaState, type SlaState } from './sla.ts';
import { STATUSES, type Status } from './workflow.ts';
import type { MessageKey } from '#lib/i18n/translate.ts';

export const QUEUE_VIEWS = ['mine', 'unassigned', 'open'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];
export const VIEW_LABELS: Record<QueueView, MessageKey> = {
  mine: 'labels.viewMine',
  unassigned: 'labels.viewUnassigned',
  open: 'labels.viewOpen',
};
export const PAGE_SIZE = 50;

// Filters come from the URL: anything unusable is ignored, never an error.
export const QueueFilters = z.object({
  view: z.enum(QUEUE_VIEWS).catch('unassigned'),
  status: z.enum(STATUSES).optional().catch(undefined),
  priority: z.coerce.number().int().min(1).max(4).optional().catch(undefined),
  category: z.string().max(60).optional().catch(undefined),
  tier: z.coerce.number().int().min(1).max(3).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type QueueFilters = z.infer<typeof QueueFilters>;

export type QueueRow = {
  number: number;
  /** What a bulk action sends back, so a ticket changed since the queue was shown is refused. */
  version: number;
  subject: string;
  status: Status;
  priority: number;
  tier: number;
  category: string | null;
  requesterName: string;
  assigneeName: string | null;
  createdAt: string;
  /** The next SLA target: first response until there is one, then resolution. */
  sla: { target: 'first response' | 'resolution'; dueAt: string | null; state: SlaState };
};

const OPEN = "t.status IN ('new', 'open', 'pending')";

function viewCondition(
  view: QueueView,
  agent: { id: number; tier: number },
): { where: string; args: unknown[] } {
  // Mine: what I have, and what I follow (a ticket I escalated stays in sight). Read as a set of ids
  // from the assignee and follower indexes: an agent holds few of the open tickets.
  if (view === 'mine')
    return {
      where: `${OPEN} AND t.id IN (SELECT id FROM tickets WHERE assignee_id = ? UNION ALL SELECT ticket_id FROM ticket_followers WHERE user_id = ?)`,
      args: [agent.id, agent.id],
    };
  // Exactly the condition of the partial index tickets_unassigned_due (migration 0054), so the count
  // and the page are one range of it.
  if (view === 'unassigned')
    return { where: `${OPEN} AND t.assignee_id IS NULL AND t.tier = ?`, args: [agent.tier] };
  return { where: OPEN, args: [] };
}

// Without statistics SQLite would seek tickets_status_due for each open status and sort them all;
// walking tickets_open_due in queue order stops after one page. INDEXED BY also fails loudly if a
// later migration drops the index.
const tableFor = (view: QueueView, explicitStatus: boolean) =>
  view === 'open' && !explicitStatus ? 'tickets t INDEXED BY tickets_open_due' : 'tickets t';

/** The agent queue: one view, filters, sorted by priority then by the next due time; with counts per view. */
export function listQueue(db: Db, agent: Principal, filters: QueueFilters, now: Date = new Date()) {
  const me = {
    id: agent.kind === 'user' ? agent.id : -1,
    tier: agent.kind === 'user' ? (agent.agentTier ?? 1) : 1,
  };
  const base = viewCondition(filters.view, me);
  const where = [base.where];
  const args = [...base.args];
  // The status filter widens "open" views to any status (e.g. resolved) when asked for explicitly.
  if (filters.status) {
    where[0] = base.where.replace(OPEN, '1 = 1');
    where.push('t.status = ?');
    args.push(filters.status);
  }
  for (const [column, value] of [
    ['t.priority', filters.priority],
    ['t.category', filters.category],
    ['t.tier', filters.tier],
  ] as const) {
    if (value !== undefined && value !== '') {
      where.push(`${column} = ?`);
      args.push(value);
    }
  }
  const condition = where.join(' AND ');
  // Each count is one range of an index (tickets_status_due, tickets_unassigned_due, the assignee's).
  const counts = Object.fromEntries(
    QUEUE_VIEWS.map((v) => {
      const c = viewCondition(v, me);
      return [
        v,
        sql(db, `SELECT count(*) FROM tickets t WHERE ${c.where}`)
          .pluck()
          .get(...c.args) as number,
      ];
    }),
  ) as Record<QueueView, number>;
  const total =
    where.length === 1 && !filters.status
      ? counts[filters.view]
      : (sql(db, `SELECT count(*) FROM tickets t WHERE ${condition}`)
          .pluck()
          .get(...args) as number);
  // next_due_at: the first response's due time until there is one, then the resolution's (migration 0054).
  const rows = sql(
    db,
    `SELECT t.number, t.version, t.subject, t.status, t.priority, t.tier, t.category, t.created_at, t.first_responded_at, t.first_response_due_at,
        t.resolution_due_at, t.first_response_warn_at, t.resolution_warn_at, t.resolved_at, t.pending_since, t.paused_ms, r.display_name AS requester_name, a.display_name AS assignee_name
      FROM ${tableFor(filters.view, Boolean(filters.status))} JOIN users r ON r.id = t.requester_id LEFT JOIN users a ON a.id = t.assignee_id
      WHERE ${condition}
      ORDER BY t.priority, t.next_due_at, t.id
      LIMIT ? OFFSET ?`,
  ).all(...args, PAGE_SIZE, (filters.page - 1) * PAGE_SIZE) as Array<Record<string, string | number | null>>;
  return {
    total,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    counts,
    rows: rows.map((r): QueueRow => {
      const responded = r.first_responded_at !== null;
      const dueAt = (responded ? r.resolution_due_at : r.first_response_due_at) as string | null;
      return {
        number: r.number as number,
        version: r.version as number,
        subject: r.subject as string,
        status: r.status as Status,
        priority: r.priority as number,
        tier: r.tier as number,
        category: r.category as string | null,
        requesterName: r.requester_name as string,
        assigneeName: r.assignee_name as string | null,
        createdAt: r.created_at as string,
        sla: {
          target: responded ? 'resolution' : 'first response',
          dueAt,
          state: slaState(
            {
              startedAt: r.created_at as string,
              dueAt,
              warnAt: (responded ? r.resolution_warn_at : r.first_response_warn_at) as string | null,
              doneAt: responded ? (r.resolved_at as string | null) : null,
              pausedSince: r.pending_since as string | null,
              pausedMs: r.paused_ms as number,
            },
            now,
          ),
        },
      };
    }),
  };
}
