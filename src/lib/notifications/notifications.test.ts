import { describe, expect, it } from 'vitest';
import { deskWithPeople } from '#test/desk.ts';
import { translate } from '#lib/i18n/translate.ts';
import { createTicket } from '#lib/tickets/tickets.ts';
import { addMessage, assignTicket, changeStatus, claimTicket } from '#lib/tickets/workflow.ts';
import { countUnread, listNotifications, markAllRead, markTicketRead } from './notifications.ts';

async function setup() {
  const { db, erin, alex, bo } = await deskWithPeople();
  const { ticket } = createTicket(db, erin.id, {
    subject: 'VPN down',
    description: 'x',
    impact: 'one',
    urgency: 'high',
  });
  return { db, erin, alex, bo, ticket };
}

describe('notifications', () => {
  it('tell the requester of replies and the resolution, but never of internal notes', async () => {
    const { db, erin, alex, ticket } = await setup();
    claimTicket(db, ticket.id, alex);
    addMessage(db, ticket.id, alex, 'Internal: checking the VPN gateway', true);
    expect(countUnread(db, erin.id)).toBe(0);
    addMessage(db, ticket.id, alex, 'Can you restart the client?', false);
    changeStatus(db, ticket.id, alex, 'resolved', { note: 'Reinstalled the client' });
    expect(countUnread(db, erin.id)).toBe(2);
    const list = listNotifications(db, erin.id);
    expect(list.map((n) => n.kind)).toEqual(['resolved', 'reply']);
    expect(list[0]).toMatchObject({
      ticketNumber: ticket.number,
      url: `/requests/${ticket.number}`,
      actorName: 'Alex',
      read: false,
    });
    // Stored as what happened; worded in the reader's language when shown.
    expect(list[0]!.message).toEqual({ key: 'notifications.resolved', values: { actor: 'Alex' } });
    expect(translate('en', list[0]!.message.key, list[0]!.message.values)).toBe(
      'Alex resolved your request: is it fixed?',
    );
    expect(translate('de', list[0]!.message.key, list[0]!.message.values)).toContain(
      'Ist das Problem behoben?',
    );
  });

  it('tell an agent of assignments and of what the requester does, not of their own actions', async () => {
    const { db, erin, alex, bo, ticket } = await setup();
    assignTicket(db, ticket.id, alex, bo.id);
    claimTicket(db, ticket.id, alex); // already assigned: refused, nobody notified
    expect(countUnread(db, alex.id)).toBe(0);
    expect(listNotifications(db, bo.id)).toMatchObject([
      { kind: 'assigned', url: `/agent/tickets/${ticket.number}` },
    ]);
    assignTicket(db, ticket.id, bo, alex.id);
    addMessage(db, ticket.id, erin, 'It happens again after lunch', false);
    changeStatus(db, ticket.id, alex, 'resolved', { note: 'fixed' });
    changeStatus(db, ticket.id, erin, 'open', { note: 'still broken' });
    expect(listNotifications(db, alex.id).map((n) => n.kind)).toEqual([
      'reopened',
      'requester_reply',
      'assigned',
    ]);
  });

  it('are read when the ticket is opened, or all at once', async () => {
    const { db, erin, alex, ticket } = await setup();
    const other = createTicket(db, erin.id, { subject: 'Printer jam', description: 'x' }).ticket;
    addMessage(db, ticket.id, alex, 'one', false);
    addMessage(db, other.id, alex, 'two', false);
    markTicketRead(db, erin.id, ticket.id);
    expect(countUnread(db, erin.id)).toBe(1);
    expect(markAllRead(db, erin.id)).toBe(1);
    expect(countUnread(db, erin.id)).toBe(0);
    expect(listNotifications(db, erin.id).every((n) => n.read)).toBe(true);
  });
});
