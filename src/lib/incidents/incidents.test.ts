import { describe, expect, it } from 'vitest';
import { deskWithPeople } from '#test/desk.ts';
import { countUnread, listNotifications, markIncidentRead } from '#lib/notifications/notifications.ts';
import { createTicket } from '#lib/tickets/tickets.ts';
import { changeStatus } from '#lib/tickets/workflow.ts';
import { translate } from '#lib/i18n/translate.ts';
import {
  DeclareSchema,
  declareIncident,
  getIncident,
  IncidentError,
  isAffected,
  linkTickets,
  listIncidents,
  listLinkedTickets,
  listOpenIncidents,
  listRecentlyResolvedFor,
  listUpdates,
  markAffected,
  postIncidentUpdate,
  resolveIncident,
  incidentsDeclaredBetween,
  declareIncidentWithTickets,
  incidentsOfTicket,
} from './incidents.ts';
import { flushDeflectionEvents, recordSuggestionsShown } from '#lib/deflection/requests.ts';

const T0 = new Date('2026-11-30T08:00:00.000Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const outlook = {
  title: 'Outlook does not connect',
  service: 'Email',
  message: 'We are looking into it. No need to file a ticket.',
  status: 'investigating' as const,
};

describe('major incidents', () => {
  it('are declared, updated with timestamps, and shown while open', async () => {
    const { db, alex } = await deskWithPeople();
    const id = declareIncident(db, alex, outlook, T0);
    postIncidentUpdate(db, alex, id, { status: 'identified', message: 'A certificate expired.' }, later(20));
    expect(listOpenIncidents(db).map((i) => [i.title, i.status, i.message])).toEqual([
      ['Outlook does not connect', 'identified', 'A certificate expired.'],
    ]);
    expect(listUpdates(db, id).map((u) => [u.at, u.status, u.author])).toEqual([
      ['2026-11-30T08:00:00.000Z', 'investigating', 'Alex'],
      ['2026-11-30T08:20:00.000Z', 'identified', 'Alex'],
    ]);
    expect(DeclareSchema.safeParse({ ...outlook, title: '  ' }).error?.issues[0]?.message).toBe(
      'incidents.titleRequired',
    );
    expect(translate('en', 'incidents.titleRequired')).toContain('Give the incident a title');
    expect(DeclareSchema.safeParse({ ...outlook, status: 'resolved' }).success).toBe(false);
  });

  it('count each affected person once, only while open', async () => {
    const { db, alex, erin, bo } = await deskWithPeople();
    const id = declareIncident(db, alex, outlook, T0);
    expect(markAffected(db, id, erin.id, later(1))).toBe(true);
    expect(markAffected(db, id, erin.id, later(2))).toBe(true);
    expect(markAffected(db, id, bo.id, later(3))).toBe(true);
    expect(getIncident(db, id)?.affected).toBe(2);
    expect(isAffected(db, id, erin.id)).toBe(true);
    resolveIncident(db, alex, id, { note: 'Certificate renewed.' }, later(60));
    expect(markAffected(db, id, alex.id)).toBe(false);
    expect(markAffected(db, 999, erin.id)).toBe(false);
  });

  it('resolve their open linked tickets with the closing note, and tell the affected on the portal', async () => {
    const { db, alex, erin, bo } = await deskWithPeople();
    const file = (subject: string) =>
      createTicket(db, erin.id, { subject, description: 'x', impact: 'one', urgency: 'high' }).ticket;
    const a = file('Outlook down');
    const b = file('Outlook asks for my password');
    const done = file('Outlook slow');
    changeStatus(db, done.id, alex, 'resolved', { note: 'Restarted.' });
    const id = declareIncident(db, alex, outlook, T0);
    expect(linkTickets(db, alex, id, [a.number, b.number, done.number, 424242], later(5))).toEqual({
      linked: [a.number, b.number, done.number],
      unknown: [424242],
    });
    markAffected(db, id, bo.id, later(6));
    const result = resolveIncident(db, alex, id, { note: 'The certificate was renewed.' }, later(60));
    expect(result).toEqual({ ticketsResolved: 2 });
    expect(listLinkedTickets(db, id).map((t) => [t.number, t.status])).toEqual([
      [a.number, 'resolved'],
      [b.number, 'resolved'],
      [done.number, 'resolved'],
    ]);
    const resolution = db.prepare('SELECT resolution FROM tickets WHERE id = ?').pluck().get(a.id);
    expect(resolution).toBe(
      'Resolved with the major incident "Outlook does not connect": The certificate was renewed.',
    );
    // The requester hears of it through the ticket, and can still reopen.
    expect(listNotifications(db, erin.id).filter((n) => n.kind === 'resolved')).toHaveLength(3);
    changeStatus(db, a.id, erin, 'open', { note: 'Still broken on my phone.' });
    // The affected person sees the resolution; the incident left the banner and the list has it last.
    expect(listRecentlyResolvedFor(db, bo.id, later(0)).map((i) => i.closingNote)).toEqual([
      'The certificate was renewed.',
    ]);
    expect(listRecentlyResolvedFor(db, erin.id, later(0))).toEqual([]);
    expect(listOpenIncidents(db)).toEqual([]);
    expect(listIncidents(db)[0]).toMatchObject({ status: 'resolved', tickets: 3, affected: 1 });
    expect(listUpdates(db, id).at(-1)).toMatchObject({
      status: 'resolved',
      message: 'The certificate was renewed.',
    });
    // A resolved incident takes no more updates or links.
    expect(() => postIncidentUpdate(db, alex, id, { status: 'monitoring', message: 'x' })).toThrow(
      IncidentError,
    );
    expect(() => linkTickets(db, alex, id, [a.number])).toThrow(IncidentError);
  });

  it('ring the bell of everyone affected at each update and at the resolution, once each, never for their own action', async () => {
    const { db, alex, erin, bo } = await deskWithPeople();
    const id = declareIncident(db, alex, outlook, T0);
    markAffected(db, id, erin.id, later(1));
    // Bo is an agent who is affected too, and is the one who posts the update: not told of his own action.
    markAffected(db, id, bo.id, later(2));
    const ticket = createTicket(db, erin.id, {
      subject: 'Outlook down',
      description: 'x',
      impact: 'one',
      urgency: 'high',
    }).ticket;
    linkTickets(db, alex, id, [ticket.number], later(3));
    postIncidentUpdate(db, bo, id, { status: 'identified', message: 'A certificate expired.' }, later(20));
    const erinsNotices = () => listNotifications(db, erin.id).filter((n) => n.incidentId === id);
    expect(erinsNotices().map((n) => n.kind)).toEqual(['incident_update']);
    expect(listNotifications(db, bo.id).filter((n) => n.incidentId === id)).toEqual([]);
    expect(erinsNotices()[0]).toMatchObject({
      ticketNumber: null,
      subject: 'Outlook does not connect',
      url: `/incidents/${id}`,
      actorName: 'Bo',
      read: false,
    });
    expect(translate('en', erinsNotices()[0]!.message.key)).toBe(
      'Update on a major incident you are affected by',
    );
    markIncidentRead(db, erin.id, id, later(21));
    expect(countUnread(db, erin.id)).toBe(0);

    resolveIncident(db, alex, id, { note: 'Certificate renewed.' }, later(60));
    // Erin's linked ticket was resolved: she hears it from the ticket, not a second time from the incident.
    expect(erinsNotices().map((n) => n.kind)).toEqual(['incident_update']);
    expect(listNotifications(db, erin.id).filter((n) => n.kind === 'resolved')).toHaveLength(1);
    expect(listNotifications(db, bo.id).map((n) => [n.kind, n.subject])).toEqual([
      ['incident_resolved', 'Outlook does not connect'],
    ]);
  });

  it('count "I\'m affected too" from a help request as that request\'s deflection, and report each incident', async () => {
    const { db, alex, erin, bo } = await deskWithPeople();
    const id = declareIncident(db, alex, outlook, T0);
    const other = declareIncident(
      db,
      alex,
      { ...outlook, title: 'VPN down', service: 'VPN' },
      later(-60 * 24),
    );
    const ask = (requestId: string, userId: number) =>
      recordSuggestionsShown(db, { requestId, userId, query: 'outlook', draft: 'outlook', slugs: [] });
    ask('erins-request-0000001', erin.id);
    ask('bos-request-000000001', bo.id);
    flushDeflectionEvents();
    expect(markAffected(db, id, erin.id, later(5), 'erins-request-0000001')).toBe(true);
    // Someone else's request id is ignored: Bo is affected, Erin's request is not his to move.
    expect(markAffected(db, id, bo.id, later(6), 'erins-request-0000001')).toBe(true);
    const row = (rid: string) =>
      db.prepare('SELECT channel, incident_id AS incidentId FROM help_requests WHERE id = ?').get(rid);
    expect(row('erins-request-0000001')).toEqual({ channel: 'incident', incidentId: id });
    expect(row('bos-request-000000001')).toEqual({ channel: 'web', incidentId: null });
    const tally = () =>
      db
        .prepare(
          'SELECT sum(affected) AS affected, sum(candidate) AS candidate, sum(none) AS none FROM request_hourly',
        )
        .get();
    expect(tally()).toEqual({ affected: 1, candidate: 0, none: 1 });

    resolveIncident(db, alex, id, { note: 'Certificate renewed.' }, later(95));
    expect(incidentsDeclaredBetween(db, later(-60).toISOString(), later(24 * 60).toISOString())).toEqual([
      {
        id,
        title: 'Outlook does not connect',
        service: 'Email',
        declaredAt: T0.toISOString(),
        resolvedAt: later(95).toISOString(),
        affected: 2,
        deflected: 1,
        tickets: 0,
        minutesToResolve: 95,
      },
    ]);
    expect(incidentsDeclaredBetween(db, later(-2 * 60 * 24).toISOString(), T0.toISOString())).toMatchObject([
      { id: other, resolvedAt: null, minutesToResolve: null },
    ]);
  });

  it('are declared with their tickets linked in one go (from a storm or a ticket), naming numbers that match none', async () => {
    const { db, alex, erin } = await deskWithPeople();
    const file = (subject: string) =>
      createTicket(db, erin.id, { subject, description: 'x', impact: 'one', urgency: 'high' }).ticket;
    const a = file('Payflow does not open');
    const b = file('Payflow logs me out');
    const { id, unknown } = declareIncidentWithTickets(db, alex, outlook, [a.number, b.number, 77], T0);
    expect(unknown).toEqual([77]);
    expect(listLinkedTickets(db, id).map((t) => [t.number, t.linkedAt])).toEqual([
      [a.number, T0.toISOString()],
      [b.number, T0.toISOString()],
    ]);
    expect(incidentsOfTicket(db, a.id)).toEqual([{ id, title: outlook.title, status: 'investigating' }]);
  });
});
