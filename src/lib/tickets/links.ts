import type { Principal } from '#lib/auth/roles.ts';
import { sql, type Db } from '#lib/db/db.ts';
import { msg } from '#lib/i18n/translate.ts';
import { recordEvent, requireAgent, WorkflowError } from './workflow.ts';
import type { Status } from './workflow.ts';

/** A ticket related to another one (not a duplicate: both stay open on their own). */
export type LinkedTicket = { number: number; subject: string; status: Status };

const pair = (a: number, b: number): [number, number] => (a < b ? [a, b] : [b, a]);

function otherByNumber(db: Db, number: number) {
  return sql(db, 'SELECT id, number, merged_into AS mergedInto FROM tickets WHERE number = ?').get(number) as
    { id: number; number: number; mergedInto: number | null } | undefined;
}

const numberOf = (db: Db, id: number) =>
  sql(db, 'SELECT number FROM tickets WHERE id = ?').pluck().get(id) as number;

/** Links two tickets as related; both timelines say so (for agents). Refuses itself, a merged ticket, a repeat. */
export function linkTickets(db: Db, ticketId: number, otherNumber: number, actor: Principal): void {
  requireAgent(actor);
  db.transaction(() => {
    const number = numberOf(db, ticketId);
    const other = otherByNumber(db, otherNumber);
    if (!other) throw new WorkflowError(msg('desk.linkNoSuchTicket', { ticket: `T-${otherNumber}` }));
    if (other.id === ticketId) throw new WorkflowError(msg('desk.linkItself'));
    if (other.mergedInto !== null)
      throw new WorkflowError(
        msg('desk.linkMerged', { ticket: `T-${other.number}`, into: `T-${numberOf(db, other.mergedInto)}` }),
      );
    const at = new Date().toISOString();
    const [low, high] = pair(ticketId, other.id);
    const { changes } = sql(
      db,
      'INSERT OR IGNORE INTO ticket_links (ticket_id, other_id, linked_by, at) VALUES (?, ?, ?, ?)',
    ).run(low, high, actor.kind === 'user' ? actor.id : null, at);
    if (changes === 0) throw new WorkflowError(msg('desk.linkExists', { ticket: `T-${other.number}` }));
    recordEvent(db, ticketId, actor, 'linked', { to: `T-${other.number}`, internal: true }, at);
    recordEvent(db, other.id, actor, 'linked', { to: `T-${number}`, internal: true }, at);
  })();
}

/** Removes the link between two tickets; both timelines say so. */
export function unlinkTickets(db: Db, ticketId: number, otherNumber: number, actor: Principal): void {
  requireAgent(actor);
  db.transaction(() => {
    const other = otherByNumber(db, otherNumber);
    const [low, high] = pair(ticketId, other?.id ?? -1);
    const removed =
      other &&
      sql(db, 'DELETE FROM ticket_links WHERE ticket_id = ? AND other_id = ?').run(low, high).changes;
    if (!other || !removed)
      throw new WorkflowError(msg('desk.linkNotLinked', { ticket: `T-${otherNumber}` }));
    const at = new Date().toISOString();
    recordEvent(db, ticketId, actor, 'unlinked', { to: `T-${other.number}`, internal: true }, at);
    recordEvent(db, other.id, actor, 'unlinked', { to: `T-${numberOf(db, ticketId)}`, internal: true }, at);
  })();
}

/** The tickets linked to this one, by number. */
export function listLinkedTickets(db: Db, ticketId: number): LinkedTicket[] {
  return sql(
    db,
    `SELECT t.number, t.subject, t.status FROM tickets t JOIN (
       SELECT other_id AS id FROM ticket_links WHERE ticket_id = ?
       UNION SELECT ticket_id FROM ticket_links WHERE other_id = ?) l ON l.id = t.id
     ORDER BY t.number`,
  ).all(ticketId, ticketId) as LinkedTicket[];
}
