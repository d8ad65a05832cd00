import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createUser, getUserById, toPrincipal } from '#lib/auth/users.ts';
import type { Db } from '#lib/db/db.ts';
import { flushDeflectionEvents, recordSuggestionsShown } from '#lib/deflection/requests.ts';
import { createTicket } from '#lib/tickets/tickets.ts';
import { testDatabase } from '#test/db.ts';
import { declareIncident, linkTickets } from './incidents.ts';
import { detectStorms, MAX_WINDOW_ITEMS, poissonTail, ticketsToLink, type StormSettings } from './storm.ts';

const NOW = Date.parse('2026-11-30T10:00:00.000Z');
const MIN = 60_000;
const settings: StormSettings = { minPeople: 5, windowMinutes: 60, baselineDays: 7, burstFactor: 3 };

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

async function desk(people = 8): Promise<{ db: Db; ids: number[]; agent: number }> {
  const db = testDatabase();
  const password = 'quiet river stones 9';
  const ids: number[] = [];
  for (let i = 0; i < people; i++)
    ids.push(
      (
        await createUser(db, {
          email: `p${i}@example.com`,
          displayName: `P${i}`,
          roles: ['employee'],
          password,
        })
      ).id,
    );
  const agent = (
    await createUser(db, {
      email: 'agent@example.com',
      displayName: 'Agent',
      roles: ['agent'],
      agentTier: 1,
      password,
    })
  ).id;
  return { db, ids, agent };
}

/** A ticket filed `minutesAgo` before NOW. */
function file(db: Db, person: number, minutesAgo: number, subject: string, category?: string) {
  vi.setSystemTime(NOW - minutesAgo * MIN);
  return createTicket(db, person, {
    subject,
    description: 'Details in the subject.',
    ...(category ? { category } : {}),
  }).ticket;
}

/** A help request typed `minutesAgo` before NOW, left without a ticket or "solved". */
function ask(db: Db, person: number, minutesAgo: number, text: string, n: number) {
  vi.setSystemTime(NOW - minutesAgo * MIN);
  recordSuggestionsShown(db, {
    requestId: `storm-request-${String(n).padStart(8, '0')}`,
    userId: person,
    query: text,
    draft: text,
    slugs: [],
  });
  flushDeflectionEvents();
}

const storms = (db: Db, s: Partial<StormSettings> = {}) =>
  detectStorms(db, new Date(NOW), { ...settings, ...s });

describe('the storm proposal', () => {
  it('groups alike tickets and help requests of different people in the window, in English, German and Italian', async () => {
    const { db, ids } = await desk();
    const a = file(db, ids[0]!, 50, "Outlook won't open", 'email');
    const b = file(db, ids[1]!, 41, 'Outlook keeps asking for my password', 'email');
    const c = file(db, ids[2]!, 30, 'Cannot send mail from Outlook', 'email');
    const d = file(db, ids[3]!, 22, 'Outlook startet nicht');
    ask(db, ids[4]!, 12, 'Outlook non si apre\nDa stamattina.', 1);
    // Not alike: other problems at the same time.
    file(db, ids[5]!, 20, 'Printer on floor 2 jams');
    file(db, ids[6]!, 10, 'Need access to SAP');
    const [storm, ...more] = storms(db);
    expect(more).toEqual([]);
    expect(storm).toMatchObject({ word: 'outlook', people: 5, requests: 1, service: 'email' });
    expect(storm!.tickets.map((t) => t.number)).toEqual([a.number, b.number, c.number, d.number]);
    expect(storm!.since).toBe(new Date(NOW - 50 * MIN).toISOString());
    // Four people are not a storm (minPeople 5); a desk may ask for fewer.
    expect(storms(db, { minPeople: 6 })).toEqual([]);
  });

  it('reads at most the newest MAX_WINDOW_ITEMS of a flooded window, and still finds the storm in them', async () => {
    const { db, ids } = await desk();
    // An import or a flood: far more tickets in the window than any storm needs, all about other things.
    db.transaction(() => {
      for (let i = 0; i < MAX_WINDOW_ITEMS + 200; i++) file(db, ids[7]!, 55, `Printer ${i} jams`);
    })();
    for (let p = 0; p < 5; p++) file(db, ids[p]!, 10 - p, 'Teams calls drop after a minute');
    const started = performance.now();
    const found = storms(db);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(found).toHaveLength(1);
    expect(found[0]!.tickets).toHaveLength(5);
    expect(found[0]!.title).toBe('Teams calls drop after a minute');
  });

  it('does not group unrelated problems, or problems that share only words saying something is wrong', async () => {
    const { db, ids } = await desk();
    const unrelated = [
      'Laptop screen flickers',
      'Need access to SAP',
      'Printer on floor 2 jams',
      'VPN slow from the hotel',
      'Teams camera shows black',
      'New phone for MFA',
    ];
    unrelated.forEach((s, i) => file(db, ids[i]!, 5 + i * 7, s));
    expect(storms(db)).toEqual([]);
    const { db: db2, ids: ids2 } = await desk();
    const vague = [
      'Not working',
      'Error when I open it',
      'Something is down',
      'Problem since this morning',
      'Broken!',
      'It does not work',
    ];
    vague.forEach((s, i) => file(db2, ids2[i]!, 5 + i * 7, s));
    expect(storms(db2)).toEqual([]);
  });

  it('needs different people, inside the window', async () => {
    const { db, ids } = await desk();
    // One person filing five times is not a storm.
    for (let i = 0; i < 5; i++) file(db, ids[0]!, 5 + i, 'VPN drops every few minutes');
    expect(storms(db)).toEqual([]);
    // Five people, but two of them more than an hour ago.
    const { db: db2, ids: ids2 } = await desk();
    [10, 20, 30, 61, 90].forEach((ago, i) => file(db2, ids2[i]!, ago, 'VPN drops every few minutes'));
    expect(storms(db2)).toEqual([]);
    expect(storms(db2, { windowMinutes: 120 })).toHaveLength(1);
  });

  it('is not an everyday topic on a busy desk: the window must hold several times what it usually does', async () => {
    const { db, ids } = await desk(8);
    const burst = () =>
      ids
        .slice(0, 6)
        .forEach((p, i) => file(db, p, 5 + i * 8, i % 2 ? 'Forgot my password' : 'Password reset please'));
    burst();
    expect(storms(db).map((s) => s.word)).toEqual(['password']);
    // The same six, on a desk where password tickets come in at three an hour all week.
    const { db: busy, ids: people } = await desk(8);
    for (let h = 2; h < 7 * 24; h++)
      for (let k = 0; k < 3; k++) file(busy, people[(h + k) % 8]!, h * 60 + k * 15, 'Password expired');
    people.slice(0, 6).forEach((p, i) => file(busy, p, 5 + i * 8, 'Forgot my password'));
    const found = storms(busy);
    expect(found).toEqual([]);
  });

  it('is not proposed again once the incident is declared and its tickets linked', async () => {
    const { db, ids, agent } = await desk();
    const tickets = ids.slice(0, 6).map((p, i) => file(db, p, 5 + i * 5, 'VPN disconnects every minute'));
    const [storm] = storms(db);
    expect(storm?.title).toBe('VPN disconnects every minute');
    expect(storm?.words).toEqual(expect.arrayContaining(['vpn', 'disconnects']));
    vi.setSystemTime(NOW);
    const actor = toPrincipal(getUserById(db, agent)!);
    const id = declareIncident(db, actor, {
      title: 'VPN disconnects',
      service: 'Remote access',
      message: 'On it.',
      status: 'investigating',
    });
    expect(storms(db)).toEqual([]);
    // Declared from scratch: the queue offers to link the tickets that name it, from an hour before on.
    const late = file(db, ids[6]!, 0, 'VPN disconnects again');
    vi.setSystemTime(NOW);
    file(db, ids[7]!, 0, 'Printer jams');
    expect(ticketsToLink(db, settings).map((l) => [l.incidentId, l.tickets.map((t) => t.number)])).toEqual([
      [
        id,
        [...tickets]
          .reverse()
          .map((t) => t.number)
          .concat(late.number),
      ],
    ]);
    // Linked, they no longer wait either.
    linkTickets(
      db,
      actor,
      id,
      [...tickets, late].map((t) => t.number),
    );
    expect(storms(db)).toEqual([]);
    expect(ticketsToLink(db, settings)).toEqual([]);
  });

  it('asks more than luck explains: the chance of so many by chance, given the usual count', () => {
    expect(poissonTail(0, 2)).toBe(1);
    expect(poissonTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 12);
    // Usually 1.5 people an hour: five happen about 2 % of the time (no storm), ten far less than 1e-4.
    expect(poissonTail(5, 1.5)).toBeCloseTo(0.0186, 3);
    expect(poissonTail(10, 1.5)).toBeLessThan(1e-4);
    // A word nobody used before (the floor of 0.2): five people are a storm.
    expect(poissonTail(5, 0.2)).toBeLessThan(1e-4);
  });
});
