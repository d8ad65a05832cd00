import type { Principal } from '#lib/auth/roles.ts';
import { sql, type Db } from '#lib/db/db.ts';
import { msg, type Message } from '#lib/i18n/translate.ts';
import { notify } from '#lib/notifications/notifications.ts';
import {
  addFollower,
  bumpVersion,
  loadTicket,
  recordEvent,
  requireAgent,
  restartSlaClock,
  WorkflowError,
} from './workflow.ts';

type Side = { id: number; number: number; status: string; requesterId: number; mergedInto: number | null };

function ticketByNumber(db: Db, number: number): Side | null {
  const row = sql(
    db,
    'SELECT id, number, status, requester_id AS requesterId, merged_into AS mergedInto FROM tickets WHERE number = ?',
  ).get(number) as Side | undefined;
  return row ?? null;
}

const numberOf = (db: Db, id: number) =>
  sql(db, 'SELECT number FROM tickets WHERE id = ?').pluck().get(id) as number;

/** Why a merge of `duplicate` into `survivor` is refused, or null when it may go ahead. */
function mergeRefusal(
  db: Db,
  duplicate: Side,
  survivor: Side | null,
  survivorNumber: number,
): Message | null {
  const ticket = `T-${duplicate.number}`;
  if (!survivor) return msg('desk.mergeNoSuchTicket', { ticket: `T-${survivorNumber}` });
  const into = `T-${survivor.number}`;
  if (survivor.id === duplicate.id) return msg('desk.mergeIntoItself', { ticket });
  if (duplicate.mergedInto !== null)
    return msg('desk.mergeAlreadyMerged', { ticket, into: `T-${numberOf(db, duplicate.mergedInto)}` });
  if (survivor.mergedInto !== null)
    return msg('desk.mergeIntoMerged', { into, survivor: `T-${numberOf(db, survivor.mergedInto)}` });
  // Not reachable while merged tickets are refused as survivors; kept so a corrupt chain never loops.
  for (let id: number | null = survivor.id, hops = 0; id !== null && hops < 20; hops++) {
    if (id === duplicate.id) return msg('desk.mergeCycle', { ticket, into });
    id = sql(db, 'SELECT merged_into FROM tickets WHERE id = ?').pluck().get(id) as number | null;
  }
  if (duplicate.status === 'resolved' || duplicate.status === 'closed')
    return msg('desk.mergeDuplicateDone', { ticket });
  if (survivor.status === 'closed') return msg('desk.mergeIntoClosed', { into });
  return null;
}

/** Why merging ticket `duplicateNumber` into `survivorNumber` would be refused; null when it may go ahead. */
export function checkMerge(db: Db, duplicateNumber: number, survivorNumber: number): Message | null {
  const duplicate = ticketByNumber(db, duplicateNumber);
  if (!duplicate) return msg('tickets.noSuchTicket');
  return mergeRefusal(db, duplicate, ticketByNumber(db, survivorNumber), survivorNumber);
}

/**
 * Merges a duplicate into another ticket (decision 044): the duplicate is closed with `merged_into`, both
 * timelines say so, the duplicate's description is kept on the survivor as an internal note, the
 * duplicate's requester and followers follow the survivor (so they can read and answer it), and the
 * duplicate's requester is told. Nothing counts it as resolved: it has no resolution and no resolved_at.
 */
export function mergeTicket(
  db: Db,
  duplicateNumber: number,
  survivorNumber: number,
  actor: Principal,
  options: { expectedVersion?: number; now?: Date } = {},
): { survivorNumber: number } {
  requireAgent(actor);
  const at = (options.now ?? new Date()).toISOString();
  return db.transaction(() => {
    const duplicate = ticketByNumber(db, duplicateNumber);
    if (!duplicate) throw new WorkflowError(msg('tickets.noSuchTicket'));
    const survivor = ticketByNumber(db, survivorNumber);
    const refusal = mergeRefusal(db, duplicate, survivor, survivorNumber);
    if (refusal || !survivor) throw new WorkflowError(refusal ?? msg('tickets.noSuchTicket'));
    const row = loadTicket(db, duplicate.id);
    bumpVersion(db, row, options.expectedVersion, at);
    bumpVersion(db, loadTicket(db, survivor.id), undefined, at);
    if (row.status === 'pending') restartSlaClock(db, row, at);
    sql(db, "UPDATE tickets SET status = 'closed', closed_at = ?, merged_into = ? WHERE id = ?").run(
      at,
      survivor.id,
      duplicate.id,
    );
    recordEvent(db, duplicate.id, actor, 'status', { from: row.status, to: 'closed' }, at);
    recordEvent(db, duplicate.id, actor, 'merged', { to: `T-${survivor.number}` }, at);
    recordEvent(db, survivor.id, actor, 'merged_from', { from: `T-${duplicate.number}` }, at);
    const original = sql(db, 'SELECT subject, description FROM tickets WHERE id = ?').get(duplicate.id) as {
      subject: string;
      description: string;
    };
    recordEvent(
      db,
      survivor.id,
      actor,
      'note',
      { body: mergedNote(duplicate.number, original), internal: true },
      at,
    );
    const people = [
      duplicate.requesterId,
      ...(sql(db, 'SELECT user_id FROM ticket_followers WHERE ticket_id = ?')
        .pluck()
        .all(duplicate.id) as number[]),
    ].filter((id) => id !== survivor.requesterId);
    for (const userId of new Set(people)) {
      if (!addFollower(db, survivor.id, userId, at)) continue;
      const name = sql(db, 'SELECT display_name FROM users WHERE id = ?').pluck().get(userId) as string;
      recordEvent(db, survivor.id, actor, 'follower', { to: name, internal: true }, at);
    }
    notify(db, {
      userId: duplicate.requesterId,
      ticketId: duplicate.id,
      kind: 'merged',
      actorId: actor.kind === 'user' ? actor.id : null,
      at,
    });
    return { survivorNumber: survivor.number };
  })();
}

/** The duplicate's own words, kept on the survivor for the agents (quoted Markdown). */
function mergedNote(number: number, original: { subject: string; description: string }): string {
  const quoted = original.description
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  return `T-${number}: ${original.subject}\n\n${quoted}`.slice(0, 20_000);
}

/** The tickets merged into this one (directly), oldest merge first: id, number and subject. */
export function listMergedInto(
  db: Db,
  ticketId: number,
): Array<{ id: number; number: number; subject: string }> {
  return sql(
    db,
    'SELECT id, number, subject FROM tickets WHERE merged_into = ? ORDER BY closed_at, number',
  ).all(ticketId) as Array<{ id: number; number: number; subject: string }>;
}
