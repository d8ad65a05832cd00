import { describe, expect, it } from 'vitest';
import { testDatabase } from '#test/db.ts';
import { createUser } from '#lib/auth/users.ts';
import {
  flushDeflectionEvents,
  recordArticleOpened,
  recordOutcome,
  recordSuggestionsShown,
} from '#lib/deflection/requests.ts';
import { priorityFor } from './priority.ts';
import {
  createTicket,
  getTicketForViewer,
  listRequesterTickets,
  TicketInputError,
  TicketLimitError,
} from './tickets.ts';

async function setup() {
  const db = testDatabase();
  const erin = await createUser(db, {
    email: 'erin@example.com',
    displayName: 'Erin',
    roles: ['employee'],
    password: 'quiet river stones 9',
  });
  const eve = await createUser(db, {
    email: 'eve@example.com',
    displayName: 'Eve',
    roles: ['employee'],
    password: 'quiet river stones 9',
  });
  const alex = await createUser(db, {
    email: 'alex@example.com',
    displayName: 'Alex',
    roles: ['agent'],
    agentTier: 1,
    password: 'quiet river stones 9',
  });
  const principal = (u: typeof erin) => ({
    kind: 'user' as const,
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    roles: u.roles,
    agentTier: u.agentTier,
  });
  return { db, erin, eve, alex, principal };
}

describe('priority', () => {
  it('follows the impact × urgency matrix', () => {
    expect(priorityFor('organisation', 'high')).toBe(1);
    expect(priorityFor('department', 'medium')).toBe(2);
    expect(priorityFor('several', 'medium')).toBe(3);
    expect(priorityFor('one', 'high')).toBe(3);
    expect(priorityFor('one', 'low')).toBe(4);
  });
});

describe('the per-person ticket limit', () => {
  it("refuses a person's ticket beyond the hourly limit with a sentence and the wait, but never a repeat or a call an agent logs", async () => {
    const { db, erin, eve, alex } = await setup();
    const file = (key: string) =>
      createTicket(
        db,
        erin.id,
        { subject: `Problem ${key}`, description: 'x' },
        { idempotencyKey: key, maxPerHour: 2 },
      );
    file('a');
    file('b');
    expect(() => file('c')).toThrow(TicketLimitError);
    try {
      file('c');
    } catch (error) {
      expect((error as TicketLimitError).message).toMatch(/filed 2 tickets in the last hour/);
      expect((error as TicketLimitError).retryAfterSeconds).toBeGreaterThan(3500);
    }
    expect(file('a').created).toBe(false); // a retry of a filed ticket still answers with it
    const logged = createTicket(
      db,
      erin.id,
      { subject: 'Called in', description: 'x' },
      { channel: 'phone', loggedBy: alex.id, maxPerHour: 2 },
    );
    expect(logged.created).toBe(true);
    expect(createTicket(db, eve.id, { subject: 'Mine', description: 'x' }, { maxPerHour: 2 }).created).toBe(
      true,
    );
    expect(listRequesterTickets(db, erin.id)).toHaveLength(3);
  });
});

describe('tickets', () => {
  it('are numbered from T-1001 with priority from the answers', async () => {
    const { db, erin } = await setup();
    const { ticket } = createTicket(db, erin.id, {
      subject: 'Printer jams',
      description: 'Every page jams.',
      impact: 'department',
      urgency: 'high',
    });
    expect(ticket).toMatchObject({
      number: 1001,
      reference: 'T-1001',
      priority: 2,
      status: 'new',
      requesterId: erin.id,
    });
    expect(createTicket(db, erin.id, { subject: 'Second one', description: 'x' }).ticket).toMatchObject({
      number: 1002,
      priority: 3,
    });
  });

  it('returns the same ticket for the same idempotency key (double-click), per person', async () => {
    const { db, erin, eve } = await setup();
    const first = createTicket(
      db,
      erin.id,
      { subject: 'VPN down', description: 'x' },
      { idempotencyKey: 'abc' },
    );
    const again = createTicket(
      db,
      erin.id,
      { subject: 'VPN down', description: 'x' },
      { idempotencyKey: 'abc' },
    );
    expect(again).toEqual({ ticket: first.ticket, created: false });
    expect(
      createTicket(db, eve.id, { subject: 'VPN down', description: 'x' }, { idempotencyKey: 'abc' }).created,
    ).toBe(true);
    expect(listRequesterTickets(db, erin.id)).toHaveLength(1);
  });

  it.each([
    [{ subject: '', description: 'x' }, 'subject'],
    [{ subject: 'x'.repeat(201), description: 'x' }, 'subject'],
    [{ subject: 'Fine', description: 'x'.repeat(20_001) }, 'description'],
    [{ subject: 'Fine', description: '   ' }, 'description'],
    [{ subject: 'Fine', description: 'x', impact: 'galaxy' }, 'impact'],
  ])('refuses bad input with the field named: %o', async (input, field) => {
    const { db, erin } = await setup();
    try {
      createTicket(db, erin.id, input as never);
      throw new Error('accepted');
    } catch (error) {
      expect((error as { issues?: Array<{ path: string[] }> }).issues?.[0]?.path[0]).toBe(field);
    }
    expect(listRequesterTickets(db, erin.id)).toEqual([]);
  });

  it('keeps HTML as text', async () => {
    const { db, erin } = await setup();
    const { ticket } = createTicket(db, erin.id, {
      subject: '<b>bold</b>',
      description: '<script>alert(1)</script>',
    });
    expect(ticket.description).toBe('<script>alert(1)</script>');
  });

  it('refuses a help request that belongs to someone else, and an unknown category', async () => {
    const { db, erin, eve } = await setup();
    recordSuggestionsShown(db, {
      requestId: 'eve-request-000000001',
      userId: eve.id,
      query: 'vpn',
      draft: 'vpn',
      slugs: ['vpn-cannot-connect'],
    });
    flushDeflectionEvents();
    expect(() =>
      createTicket(db, erin.id, { subject: 'VPN', description: 'x', requestId: 'eve-request-000000001' }),
    ).toThrow(TicketInputError);
    expect(() =>
      createTicket(
        db,
        erin.id,
        { subject: 'VPN', description: 'x', category: 'nope' },
        { categories: ['network'] },
      ),
    ).toThrow(/category/);
  });

  it('keeps what the employee saw, opened and rejected in the request it came from', async () => {
    const { db, erin } = await setup();
    const rid = 'erin-request-00000001';
    recordSuggestionsShown(db, {
      requestId: rid,
      userId: erin.id,
      query: 'vpn',
      draft: 'vpn',
      slugs: ['connect-to-the-vpn', 'vpn-cannot-connect'],
    });
    recordSuggestionsShown(db, {
      requestId: rid,
      userId: erin.id,
      query: 'vpn home',
      draft: 'vpn home',
      slugs: ['vpn-cannot-connect', 'fix-slow-home-internet-and-wifi-drops'],
    });
    flushDeflectionEvents();
    recordArticleOpened(db, rid, erin.id, 'vpn-cannot-connect');
    recordOutcome(db, rid, erin.id, 'vpn-cannot-connect', false);
    const { ticket } = createTicket(db, erin.id, {
      subject: 'VPN',
      description: 'Still broken',
      requestId: rid,
    });
    expect(ticket.tried).toEqual([
      { slug: 'connect-to-the-vpn', bestRank: 1, opened: false, rejected: false },
      { slug: 'vpn-cannot-connect', bestRank: 1, opened: true, rejected: true },
      { slug: 'fix-slow-home-internet-and-wifi-drops', bestRank: 2, opened: false, rejected: false },
    ]);
    expect(db.prepare('SELECT ticket_id FROM help_requests WHERE id = ?').pluck().get(rid)).toBe(ticket.id);
  });

  it('records the channel and the agent who logged a call, for the requester', async () => {
    const { db, erin, alex } = await setup();
    const { ticket } = createTicket(
      db,
      erin.id,
      { subject: 'Called in', description: 'x' },
      { channel: 'phone', loggedBy: alex.id },
    );
    expect(ticket).toMatchObject({ channel: 'phone', requesterId: erin.id });
    expect(
      db
        .prepare("SELECT actor_id, body FROM ticket_events WHERE ticket_id = ? AND type = 'created'")
        .get(ticket.id),
    ).toEqual({ actor_id: alex.id, body: 'via phone' });
    expect(createTicket(db, erin.id, { subject: 'Web one', description: 'x' }).ticket.channel).toBe('web');
  });

  it('can be read by its requester and agents only', async () => {
    const { db, erin, eve, alex, principal } = await setup();
    const { ticket } = createTicket(db, erin.id, { subject: 'Mine', description: 'x' });
    expect(getTicketForViewer(db, ticket.number, principal(erin))?.id).toBe(ticket.id);
    expect(getTicketForViewer(db, ticket.number, principal(alex))?.id).toBe(ticket.id);
    expect(getTicketForViewer(db, ticket.number, principal(eve))).toBeNull();
    expect(getTicketForViewer(db, 999_999, principal(erin))).toBeNull();
  });
});
