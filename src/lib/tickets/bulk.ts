import { z } from 'zod';
import type { Principal } from '#lib/auth/roles.ts';
import { sql, type Db } from '#lib/db/db.ts';
import { msg, type Message } from '#lib/i18n/translate.ts';
import { priorityFor, URGENCIES, type Impact, type Urgency } from './priority.ts';
import {
  assignTicket,
  changeStatus,
  moveTier,
  requireAgent,
  STATUSES,
  updateClassification,
  WorkflowError,
} from './workflow.ts';

/** At most this many tickets in one bulk action (the queue shows 50 a page). */
export const BULK_LIMIT = 100;

/** One ticket picked in the queue: its number, and the version the agent saw (a later change is refused). */
export type BulkPick = { number: number; version?: number };

/** What a bulk action does to every picked ticket; zod messages are catalogue keys. */
export const BulkActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('assign'), assigneeId: z.number().int().positive() }),
  z.object({
    kind: z.literal('status'),
    to: z.enum(STATUSES, { error: 'desk.bulkChooseStatus' }),
    note: z.string().trim().max(20_000).default(''),
  }),
  z.object({ kind: z.literal('priority'), priority: z.number().int().min(1).max(4) }),
  z.object({ kind: z.literal('category'), category: z.string().max(60).nullable() }),
  z.object({
    kind: z.literal('escalate'),
    reason: z.string({ error: 'desk.bulkReasonRequired' }).trim().min(1, 'desk.bulkReasonRequired').max(2000),
  }),
]);
export type BulkAction = z.infer<typeof BulkActionSchema>;

export type BulkResult = {
  changed: number[];
  refused: Array<{ number: number; reason: Message }>;
};

type Current = {
  id: number;
  number: number;
  version: number;
  mergedInto: number | null;
  assigneeId: number | null;
  assigneeName: string | null;
  category: string | null;
  impact: Impact;
  urgency: Urgency;
  priority: number;
};

function currentTicket(db: Db, number: number): Current | null {
  const row = sql(
    db,
    `SELECT t.id, t.number, t.version, m.number AS mergedInto, t.assignee_id AS assigneeId, a.display_name AS assigneeName,
        t.category, t.impact, t.urgency, t.priority
      FROM tickets t LEFT JOIN tickets m ON m.id = t.merged_into LEFT JOIN users a ON a.id = t.assignee_id WHERE t.number = ?`,
  ).get(number) as Current | undefined;
  return row ?? null;
}

/**
 * The urgency that gives a ticket this priority at its impact (priority follows impact × urgency), the
 * one nearest its current urgency; null when no urgency reaches it (the impact must change first).
 */
export function urgencyFor(impact: Impact, current: Urgency, priority: number): Urgency | null {
  const reaching = URGENCIES.filter((u) => priorityFor(impact, u) === priority);
  const distance = (u: Urgency) => Math.abs(URGENCIES.indexOf(u) - URGENCIES.indexOf(current));
  return reaching.sort((a, b) => distance(a) - distance(b))[0] ?? null;
}

/** Applies the action to one ticket through the workflow's own function (its own transaction and checks). */
function applyToOne(db: Db, actor: Principal, t: Current, action: BulkAction, expected?: number): void {
  switch (action.kind) {
    case 'assign':
      if (t.assigneeId === action.assigneeId)
        throw new WorkflowError(msg('desk.bulkAlreadyAssigned', { name: t.assigneeName ?? '' }));
      return assignTicket(db, t.id, actor, action.assigneeId, expected);
    case 'status':
      return changeStatus(db, t.id, actor, action.to, { note: action.note, expectedVersion: expected });
    case 'priority': {
      if (t.priority === action.priority)
        throw new WorkflowError(msg('desk.bulkAlreadyPriority', { priority: `P${action.priority}` }));
      const urgency = urgencyFor(t.impact, t.urgency, action.priority);
      if (!urgency)
        throw new WorkflowError(msg('desk.bulkPriorityUnreachable', { priority: `P${action.priority}` }));
      return updateClassification(
        db,
        t.id,
        actor,
        { category: t.category, impact: t.impact, urgency },
        expected,
      );
    }
    case 'category':
      if (t.category === action.category) throw new WorkflowError(msg('desk.bulkAlreadyCategory'));
      return updateClassification(
        db,
        t.id,
        actor,
        { category: action.category, impact: t.impact, urgency: t.urgency },
        expected,
      );
    case 'escalate':
      return moveTier(db, t.id, actor, 'up', action.reason, expected);
  }
}

/**
 * One action on several tickets, each checked by the same rules as on its own page (role, tier, status
 * machine, the version the agent saw) and written in its own transaction with its own timeline event:
 * a refusal of one never undoes or blocks another. Answers what changed and why the rest was refused.
 */
export function applyBulkAction(db: Db, actor: Principal, picks: BulkPick[], action: BulkAction): BulkResult {
  requireAgent(actor);
  const result: BulkResult = { changed: [], refused: [] };
  const seen = new Set<number>();
  for (const pick of picks.slice(0, BULK_LIMIT)) {
    if (seen.has(pick.number)) continue;
    seen.add(pick.number);
    const ticket = currentTicket(db, pick.number);
    try {
      if (!ticket) throw new WorkflowError(msg('tickets.noSuchTicket'));
      if (ticket.mergedInto !== null)
        throw new WorkflowError(msg('desk.bulkMerged', { into: `T-${ticket.mergedInto}` }));
      applyToOne(db, actor, ticket, action, pick.version);
      result.changed.push(pick.number);
    } catch (error) {
      if (!(error instanceof WorkflowError)) throw error;
      result.refused.push({ number: pick.number, reason: error.localized });
    }
  }
  return result;
}
