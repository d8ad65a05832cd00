import { describe, expect, it } from 'vitest';
import { listNotifications } from '#lib/notifications/notifications.ts';
import { createTicket, getTicketById } from '#lib/tickets/tickets.ts';
import {
  assignTicket,
  changeStatus,
  closeResolvedTickets,
  warnSlaAboutToBreach,
} from '#lib/tickets/workflow.ts';
import { deskWithPeople } from '#test/desk.ts';
import { queueNotificationMails } from './notification-mail.ts';
import { listMailTo } from './outbox.ts';
import { optOutOfMail } from './preferences.ts';

const settings = { from: 'IT Desk <desk@example.test>', publicUrl: 'https://help.example.test' };

async function desk() {
  const people = await deskWithPeople();
  const { ticket } = createTicket(people.db, people.erin.id, {
    subject: 'Badge reader rejects my card',
    description: 'Red light at the door.',
    impact: 'one',
    urgency: 'high',
  });
  return { ...people, ticket };
}

describe('"closed" and "SLA about to be missed" by mail', () => {
  it('tells the requester when their request closes on its own or by an agent', async () => {
    const { db, erin, alex, ticket } = await desk();
    changeStatus(db, ticket.id, alex, 'resolved', { note: 'New card printed.' });
    const later = new Date(Date.now() + 8 * 86_400_000);
    expect(closeResolvedTickets(db, 7, later)).toBe(1);
    expect(listNotifications(db, erin.id)[0]).toMatchObject({
      kind: 'closed',
      url: `/requests/${ticket.number}`,
      message: { key: 'email.bellClosedRequest' },
    });
    queueNotificationMails(db, settings, later);
    const closed = listMailTo(db, 'erin@example.com').find((m) => m.kind === 'closed')!;
    expect(closed.subject).toBe(`[T-${ticket.number}] Closed: Badge reader rejects my card`);
    expect(closed.text).toContain(
      `Your request T-${ticket.number} "Badge reader rejects my card" was closed`,
    );
    expect(closed.text).toContain(`https://help.example.test/requests/${ticket.number}`);

    const { ticket: second } = createTicket(db, erin.id, {
      subject: 'Duplicate of the badge',
      description: 'x',
    });
    changeStatus(db, second.id, alex, 'resolved', { note: 'Same as the first.' });
    changeStatus(db, second.id, alex, 'closed');
    expect(listNotifications(db, erin.id)[0]).toMatchObject({ kind: 'closed', ticketNumber: second.number });
    // An agent is not told of their own closing, and a requester confirming tells the agent, not themself.
    expect(listNotifications(db, alex.id).filter((n) => n.kind === 'closed')).toEqual([]);
  });

  it("warns the tier's agents, or the assignee, once per target when a ticket passes its amber time", async () => {
    const { db, alex, bo, ticket } = await desk();
    optOutOfMail(db, bo.id, 'sla_warning');
    const amber = (t: string | null) => new Date(Date.parse(t!) + 1000);
    const firstWarn = getTicketById(db, ticket.id)!.firstResponseWarnAt;
    expect(warnSlaAboutToBreach(db, new Date(Date.parse(firstWarn!) - 60_000))).toBe(0);
    expect(warnSlaAboutToBreach(db, amber(firstWarn))).toBe(1);
    expect(warnSlaAboutToBreach(db, amber(firstWarn))).toBe(0); // once
    const warned = (id: number) => listNotifications(db, id).filter((n) => n.kind === 'sla_warning').length;
    expect([warned(alex.id), warned(bo.id)]).toEqual([1, 1]);

    queueNotificationMails(db, settings, amber(firstWarn));
    const [mail] = listMailTo(db, 'alex@example.com').filter((m) => m.kind === 'sla_warning');
    expect(mail!.subject).toBe(`[T-${ticket.number}] SLA about to be missed: Badge reader rejects my card`);
    expect(mail!.text).toMatch(/The first response of ticket T-\d+ "Badge reader rejects my card" is due /);
    expect(mail!.text).toContain(`https://help.example.test/agent/tickets/${ticket.number}`);
    expect(listMailTo(db, 'bo@example.com').filter((m) => m.kind === 'sla_warning')).toEqual([]);

    // Assigned, the resolution target warns its agent only; a pending ticket is not warned.
    assignTicket(db, ticket.id, bo, alex.id);
    const resolutionWarn = getTicketById(db, ticket.id)!.resolutionWarnAt;
    expect(warnSlaAboutToBreach(db, amber(resolutionWarn))).toBe(1);
    expect([warned(alex.id), warned(bo.id)]).toEqual([2, 1]);

    const { ticket: waiting } = createTicket(db, bo.id, { subject: 'Waiting one', description: 'x' });
    changeStatus(db, waiting.id, alex, 'pending', { note: 'Which door?' });
    const waitingWarn = getTicketById(db, waiting.id)!.firstResponseWarnAt;
    expect(warnSlaAboutToBreach(db, amber(waitingWarn))).toBe(0);
  });
});
