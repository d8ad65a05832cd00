import { describe, expect, it } from 'vitest';
import { testDatabase } from '#test/db.ts';
import type { Db } from '#lib/db/db.ts';
import {
  articleEffectiveness,
  contentGaps,
  deflection,
  deflectionByChannel,
  funnel,
  queueHealth,
  recurringProblems,
  selfServiceScore,
  spread,
} from './metrics.ts';
import { rebuildReportRollups } from './rollups.ts';
import { localDay, parseRange, weeksOf } from './range.ts';

// Hand-computed fixtures: rows are written directly, so every expected number can be checked by reading the test.
function user(db: Db, id: number, role = 'employee') {
  db.prepare("INSERT INTO users (id, email, display_name, password_hash) VALUES (?, ?, ?, 'x')").run(
    id,
    `u${id}@example.com`,
    `User ${id}`,
  );
  db.prepare('INSERT INTO user_roles (user_id, role) VALUES (?, ?)').run(id, role);
}
let requestSeq = 0;
function request(
  db: Db,
  r: {
    user: number;
    at: string;
    shown?: boolean;
    solved?: string;
    ticket?: number;
    query?: string;
    results?: number;
    opened?: string;
    channel?: string;
  },
) {
  const id = `req${String(++requestSeq).padStart(20, '0')}`;
  db.prepare(
    'INSERT INTO help_requests (id, user_id, started_at, updated_at, final_query, result_count, shown, solved_slug, ticket_id, channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    id,
    r.user,
    r.at,
    r.at,
    r.query ?? 'q',
    r.results ?? (r.shown === false ? 0 : 3),
    r.shown === false ? 0 : 1,
    r.solved ?? null,
    r.ticket ?? null,
    r.channel ?? 'web',
  );
  if (r.opened)
    db.prepare(
      "INSERT INTO help_request_events (request_id, at, type, slug) VALUES (?, ?, 'article_opened', ?)",
    ).run(id, r.at, r.opened);
  return id;
}
let ticketSeq = 1000;
function ticket(
  db: Db,
  t: {
    requester: number;
    at: string;
    priority?: number;
    responded?: string;
    firstDue?: string;
    resolved?: string;
    resolutionDue?: string;
    closed?: string;
    status?: string;
    rating?: number;
    category?: string;
    subject?: string;
    assignee?: number;
    paused?: number;
    tier?: number;
  },
) {
  const number = ++ticketSeq;
  const id = Number(
    db
      .prepare(
        `INSERT INTO tickets (number, requester_id, subject, description, category, impact, urgency, priority, status, created_at, first_responded_at, first_response_due_at, resolved_at, resolution_due_at, closed_at, rating, assignee_id, paused_ms, tier)
    VALUES (?, ?, ?, 'd', ?, 'one', 'medium', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        number,
        t.requester,
        t.subject ?? 'Something broke',
        t.category ?? null,
        t.priority ?? 3,
        t.status ?? (t.closed ? 'closed' : t.resolved ? 'resolved' : 'open'),
        t.at,
        t.responded ?? null,
        t.firstDue ?? null,
        t.resolved ?? null,
        t.resolutionDue ?? null,
        t.closed ?? null,
        t.rating ?? null,
        t.assignee ?? null,
        t.paused ?? 0,
        t.tier ?? 1,
      ).lastInsertRowid,
  );
  return { id, number };
}

const NOW = new Date('2026-11-23T10:00:00.000Z');
const utcWeek = (params: string) => parseRange(new URLSearchParams(params), NOW);

describe('report periods', () => {
  it("are whole days in the viewer's time zone, with the previous period just before", () => {
    const r = parseRange(new URLSearchParams('range=7&tz=Europe/Zurich'), NOW);
    expect(r).toMatchObject({
      days: 7,
      firstDay: '2026-11-17',
      lastDay: '2026-11-23',
      from: '2026-11-16T23:00:00.000Z',
      to: '2026-11-23T23:00:00.000Z',
    });
    expect(r.previous).toMatchObject({
      firstDay: '2026-11-10',
      lastDay: '2026-11-16',
      from: '2026-11-09T23:00:00.000Z',
      to: '2026-11-16T23:00:00.000Z',
    });
    expect(localDay('2026-11-16T23:30:00.000Z', 'Europe/Zurich')).toBe('2026-11-17');
    expect(localDay('2026-11-16T23:30:00.000Z', 'UTC')).toBe('2026-11-16');
  });

  it('handle the switch to summer time and custom dates, and refuse nonsense with a sentence', () => {
    const r = parseRange(
      new URLSearchParams('range=custom&from=2026-03-28&to=2026-03-30&tz=Europe/Zurich'),
      NOW,
    );
    expect(r).toMatchObject({ days: 3, from: '2026-03-27T23:00:00.000Z', to: '2026-03-30T22:00:00.000Z' });
    expect(weeksOf(r).map((w) => [w.label, w.from, w.to])).toEqual([
      ['2026-03-28', '2026-03-27T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
      ['2026-03-30', '2026-03-29T22:00:00.000Z', '2026-03-30T22:00:00.000Z'],
    ]);
    for (const bad of [
      'range=custom&from=2026-02-30&to=2026-03-01',
      'range=custom&from=2026-03-05&to=2026-03-01',
      'range=custom&from=x',
      'range=custom&from=2020-01-01&to=2026-01-01',
    ]) {
      expect(parseRange(new URLSearchParams(bad), NOW)).toMatchObject({
        key: '30',
        days: 30,
        problem: 'reports.badRange',
      });
    }
    expect(parseRange(new URLSearchParams('tz=Mars/Olympus'), NOW).tz).toBe('UTC');
  });
});

describe('deflection', () => {
  it('classifies each request as DESIGN.md defines, including a ticket filed after the period ends', () => {
    const db = testDatabase();
    for (const id of [1, 2, 3, 4, 5, 6]) user(db, id);
    const range = utcWeek('range=7&tz=UTC'); // 2026-11-17 .. 2026-11-23
    request(db, {
      user: 1,
      at: '2026-11-18T09:00:00.000Z',
      solved: 'reset-your-password',
      opened: 'reset-your-password',
    }); // confirmed
    request(db, { user: 2, at: '2026-11-18T09:00:00.000Z' }); // potential: shown, no ticket within 24 h
    ticket(db, { requester: 2, at: '2026-11-20T09:00:00.000Z' }); // …2 days later: outside the window
    const t = ticket(db, { requester: 3, at: '2026-11-19T10:00:00.000Z' });
    request(db, { user: 3, at: '2026-11-19T09:00:00.000Z', ticket: t.id }); // ticket from the request
    request(db, { user: 4, at: '2026-11-16T23:00:00.000Z' }); // before the period: not counted
    request(db, { user: 5, at: '2026-11-23T09:00:00.000Z' }); // an hour ago: window still open
    request(db, { user: 6, at: '2026-11-17T09:00:00.000Z', shown: false }); // nothing shown: not in the denominator
    const { total, weekly } = deflection(db, range, weeksOf(range), NOW);
    expect(total).toMatchObject({
      requests: 5,
      confirmed: 1,
      potential: 1,
      ticket: 1,
      open: 1,
      none: 1,
      denominator: 3,
    });
    expect(total.rate).toBeCloseTo(2 / 3);
    expect(total.confirmedRate).toBeCloseTo(1 / 3);
    expect(total.likelyRate).toBeCloseTo(1 / 3); // the inferred part, shown on its own
    expect(weekly.map((w) => [w.week, w.requests])).toEqual([
      ['2026-11-17', 4],
      ['2026-11-23', 1],
    ]);

    // The 24-hour window crosses the end of a period: a request on the last evening, a ticket the next morning.
    const last = parseRange(new URLSearchParams('range=custom&from=2026-11-10&to=2026-11-10'), NOW);
    request(db, { user: 4, at: '2026-11-10T22:00:00.000Z' });
    ticket(db, { requester: 4, at: '2026-11-11T08:00:00.000Z' });
    expect(deflection(db, last, weeksOf(last), NOW).total).toMatchObject({
      requests: 1,
      ticket: 1,
      potential: 0,
      rate: 0,
    });
  });

  it('gives no rate (not 0 % and not NaN) for an empty period, and counts the funnel and the self-service score', () => {
    const db = testDatabase();
    const range = utcWeek('range=7');
    const empty = deflection(db, range, weeksOf(range), NOW);
    expect(empty.total).toMatchObject({ requests: 0, rate: null, confirmedRate: null });
    expect(funnel(db, range)).toEqual({ requests: 0, shown: 0, opened: 0, solved: 0, ticket: 0 });
    expect(selfServiceScore(db, range)).toEqual({ kbUsers: 0, ticketRequesters: 0, score: null });
    for (const id of [1, 2, 3]) user(db, id);
    request(db, { user: 1, at: '2026-11-18T09:00:00.000Z', opened: 'a', solved: 'a' });
    request(db, { user: 1, at: '2026-11-18T10:00:00.000Z', opened: 'b' });
    request(db, { user: 2, at: '2026-11-18T10:00:00.000Z', shown: false });
    ticket(db, { requester: 3, at: '2026-11-19T10:00:00.000Z' });
    expect(funnel(db, range)).toEqual({ requests: 3, shown: 2, opened: 2, solved: 1, ticket: 0 });
    expect(selfServiceScore(db, range)).toEqual({ kbUsers: 2, ticketRequesters: 1, score: 2 });
  });
});

describe('content gaps', () => {
  it('groups final queries with no results or no click, with the tickets filed from them', () => {
    const db = testDatabase();
    user(db, 1);
    const range = utcWeek('range=7');
    const t = ticket(db, { requester: 1, at: '2026-11-18T10:00:00.000Z' });
    request(db, {
      user: 1,
      at: '2026-11-18T09:00:00.000Z',
      query: 'SAP GUI crashes!',
      results: 0,
      shown: false,
      ticket: t.id,
    });
    request(db, {
      user: 1,
      at: '2026-11-19T09:00:00.000Z',
      query: 'sap  gui crashes',
      results: 0,
      shown: false,
    });
    request(db, { user: 1, at: '2026-11-19T09:00:00.000Z', query: 'badge reader door 3' }); // shown, nothing opened
    request(db, { user: 1, at: '2026-11-19T09:00:00.000Z', query: 'vpn', opened: 'vpn-cannot-connect' }); // opened: not a gap
    request(db, {
      user: 1,
      at: '2026-11-12T09:00:00.000Z',
      query: 'SAP gui crashes',
      results: 0,
      shown: false,
    }); // previous period
    expect(contentGaps(db, range, range.previous)).toEqual([
      { query: 'sap gui crashes', requests: 2, noResults: 2, noClick: 0, tickets: [t.number], previous: 1 },
      { query: 'badge reader door 3', requests: 1, noResults: 0, noClick: 1, tickets: [], previous: 0 },
    ]);
  });
});

describe('queue health', () => {
  it('computes volumes, times, SLA compliance, reopens and ratings from hand-made tickets', () => {
    const db = testDatabase();
    user(db, 1);
    user(db, 9, 'agent');
    const range = utcWeek('range=7');
    // P1: responded in 10 min (due 15), resolved in 3 h (due 4 h).
    ticket(db, {
      requester: 1,
      at: '2026-11-18T08:00:00.000Z',
      priority: 1,
      responded: '2026-11-18T08:10:00.000Z',
      firstDue: '2026-11-18T08:15:00.000Z',
      resolved: '2026-11-18T11:00:00.000Z',
      resolutionDue: '2026-11-18T12:00:00.000Z',
      closed: '2026-11-19T08:00:00.000Z',
      rating: 5,
      assignee: 9,
    });
    // P1: responded late (30 min), resolved late (6 h, of which 1 h pending → 5 h counted).
    ticket(db, {
      requester: 1,
      at: '2026-11-19T08:00:00.000Z',
      priority: 1,
      responded: '2026-11-19T08:30:00.000Z',
      firstDue: '2026-11-19T08:15:00.000Z',
      resolved: '2026-11-19T14:00:00.000Z',
      resolutionDue: '2026-11-19T12:00:00.000Z',
      paused: 3_600_000,
      closed: '2026-11-20T08:00:00.000Z',
      rating: 2,
    });
    // Still open at the end, created in the period.
    ticket(db, { requester: 1, at: '2026-11-22T08:00:00.000Z', priority: 3, assignee: 9 });
    db.prepare(
      "INSERT INTO ticket_events (ticket_id, at, actor_id, type, from_value, to_value) VALUES (1, '2026-11-18T11:00:00.000Z', 9, 'status', 'open', 'resolved'), (1, '2026-11-18T12:00:00.000Z', 1, 'status', 'resolved', 'open'), (1, '2026-11-18T13:00:00.000Z', 9, 'status', 'open', 'resolved'), (2, '2026-11-19T09:00:00.000Z', 9, 'escalated', '1', '2')",
    ).run();
    const health = queueHealth(db, range, weeksOf(range));
    expect(health).toMatchObject({
      created: 3,
      resolved: 2,
      backlog: 1,
      reopens: 1,
      resolutions: 2,
      reopenRate: 0.5,
      escalations: [{ fromTier: 1, count: 1 }],
    });
    expect(health.firstResponse).toEqual({ median: 20, p90: 28, count: 2 });
    expect(health.resolution).toEqual({ median: 240, p90: 288, count: 2 });
    expect(health.sla[0]).toEqual({
      priority: 1,
      firstResponseMet: 1,
      firstResponseTotal: 2,
      resolutionMet: 1,
      resolutionTotal: 2,
      firstResponseRate: 0.5,
      resolutionRate: 0.5,
    });
    expect(health.sla[3]).toMatchObject({ firstResponseRate: null, resolutionRate: null });
    expect(health.ratings).toEqual({ count: 2, average: 3.5, distribution: [0, 1, 0, 0, 1] });
    expect(health.workload).toEqual([{ agentId: 9, name: 'User 9', open: 1, resolved: 2 }]); // resolutions: ticket 1 was resolved twice
    expect(health.weekly.map((w) => [w.week, w.created, w.resolved, w.backlog])).toEqual([
      ['2026-11-17', 3, 2, 1],
      ['2026-11-23', 0, 0, 1],
    ]);
  });

  it('is empty, not broken, with no tickets', () => {
    const db = testDatabase();
    const range = utcWeek('range=30');
    const health = queueHealth(db, range, weeksOf(range));
    expect(health).toMatchObject({
      created: 0,
      resolved: 0,
      backlog: 0,
      reopenRate: null,
      ratings: { count: 0, average: null },
    });
    expect(spread([])).toEqual({ median: null, p90: null, count: 0 });
    expect(JSON.stringify(health)).not.toMatch(/NaN|Infinity/);
  });

  it('flags categories and subject words growing faster than usual', () => {
    const db = testDatabase();
    user(db, 1);
    const range = utcWeek('range=7');
    for (let i = 0; i < 6; i++)
      ticket(db, {
        requester: 1,
        at: '2026-11-18T08:00:00.000Z',
        category: 'meetings',
        subject: `Teams camera black ${i}`,
      });
    for (let i = 0; i < 2; i++)
      ticket(db, {
        requester: 1,
        at: '2026-11-12T08:00:00.000Z',
        category: 'meetings',
        subject: 'Teams audio',
      });
    for (let i = 0; i < 5; i++)
      ticket(db, {
        requester: 1,
        at: '2026-11-18T08:00:00.000Z',
        category: 'printing',
        subject: 'Printer offline',
      });
    for (let i = 0; i < 5; i++)
      ticket(db, {
        requester: 1,
        at: '2026-11-12T08:00:00.000Z',
        category: 'printing',
        subject: 'Printer offline',
      });
    const recurring = recurringProblems(db, range, range.previous);
    expect(recurring.categories).toEqual([{ key: 'meetings', current: 6, previous: 2, growth: 3 }]);
    expect(recurring.subjects.map((s) => s.key)).toEqual(['black', 'camera', 'teams']);
  });
});

describe('the next ticket after a request', () => {
  it("is the earliest of the person's tickets in the window, even when they are written out of order", () => {
    const db = testDatabase();
    user(db, 1);
    const id = request(db, { user: 1, at: '2026-11-20T08:00:00.000Z' });
    ticket(db, { requester: 1, at: '2026-11-20T15:00:00.000Z' });
    ticket(db, { requester: 1, at: '2026-11-20T09:00:00.000Z' });
    const nextTicket = () =>
      db.prepare('SELECT next_ticket_at FROM help_requests WHERE id = ?').pluck().get(id);
    expect(nextTicket()).toBe('2026-11-20T09:00:00.000Z');
    rebuildReportRollups(db);
    expect(nextTicket()).toBe('2026-11-20T09:00:00.000Z');
  });
});

describe('article effectiveness', () => {
  it("counts suggestions, opens, solves, tickets after opening, votes and reuse inside the period only, in the viewer's zone", () => {
    const db = testDatabase();
    user(db, 1);
    const range = parseRange(new URLSearchParams('range=7&tz=Europe/Zurich'), NOW); // 2026-11-16T23:00Z .. 2026-11-23T23:00Z
    const event = (id: string, at: string, type: string, slug: string) =>
      db
        .prepare('INSERT INTO help_request_events (request_id, at, type, slug) VALUES (?, ?, ?, ?)')
        .run(id, at, type, slug);
    const a = request(db, { user: 1, at: '2026-11-16T23:30:00.000Z' }); // 00:30 in Zurich on the 17th: inside
    event(a, '2026-11-16T23:30:00.000Z', 'suggestions_shown', 'vpn');
    event(a, '2026-11-16T23:31:00.000Z', 'article_opened', 'vpn');
    const t = ticket(db, { requester: 1, at: '2026-11-16T23:40:00.000Z' });
    db.prepare('UPDATE help_requests SET ticket_id = ? WHERE id = ?').run(t.id, a);
    const b = request(db, { user: 1, at: '2026-11-20T10:00:00.000Z', solved: 'vpn' });
    event(b, '2026-11-20T10:00:00.000Z', 'suggestions_shown', 'vpn');
    event(b, '2026-11-20T10:00:00.000Z', 'suggestions_shown', 'wifi');
    event(b, '2026-11-20T10:01:00.000Z', 'article_opened', 'vpn');
    event(b, '2026-11-20T10:02:00.000Z', 'solved', 'vpn');
    const c = request(db, { user: 1, at: '2026-11-16T22:30:00.000Z' }); // 23:30 on the 16th in Zurich: outside
    event(c, '2026-11-16T22:30:00.000Z', 'suggestions_shown', 'vpn');
    db.prepare(
      "INSERT INTO article_feedback (slug, user_id, helpful, at) VALUES ('vpn', 1, 1, '2026-11-20T10:03:00.000Z'), ('vpn', 1, 0, '2026-11-21T10:00:00.000Z'), ('vpn', 1, 1, '2026-11-10T10:00:00.000Z')",
    ).run();
    db.prepare(
      "INSERT INTO ticket_articles (ticket_id, slug, at) VALUES (?, 'vpn', '2026-11-18T10:00:00.000Z')",
    ).run(t.id);
    const expected = {
      slug: 'vpn',
      suggested: 2,
      opened: 2,
      solved: 1,
      ticketsAfterOpening: 1,
      helpful: 1,
      notHelpful: 1,
      reuse: 1,
    };
    expect(articleEffectiveness(db, range).get('vpn')).toEqual(expected);
    expect(articleEffectiveness(db, range).get('wifi')).toMatchObject({ suggested: 1, opened: 0 });
    // The triggers kept the rollups exactly as a rebuild from the raw rows computes them.
    const snapshot = () =>
      JSON.stringify([
        db.prepare('SELECT * FROM article_hourly ORDER BY slug, hour').all(),
        db.prepare('SELECT * FROM article_daily ORDER BY slug, day').all(),
        db.prepare('SELECT * FROM request_hourly ORDER BY hour').all(),
        db.prepare('SELECT * FROM request_channel_hourly ORDER BY hour, channel').all(),
        db.prepare('SELECT id, opened, next_ticket_at FROM help_requests ORDER BY id').all(),
      ]);
    const live = snapshot();
    rebuildReportRollups(db);
    expect(snapshot()).toBe(live);
    expect(articleEffectiveness(db, range).get('vpn')).toEqual(expected);
  });
});

describe('partial weeks', () => {
  const marks = (params: string) =>
    weeksOf(parseRange(new URLSearchParams(params), NOW), NOW).map((w) => [w.label, w.days, w.partial]);

  it('are the first and last weeks cut by the period, and the week that is not over yet', () => {
    // Last 30 days to Monday 2026-11-23: Sunday 10-25 alone, four whole weeks, Monday 11-23 alone (and not over).
    expect(marks('range=30&tz=UTC')).toEqual([
      ['2026-10-25', 1, true],
      ['2026-10-26', 7, false],
      ['2026-11-02', 7, false],
      ['2026-11-09', 7, false],
      ['2026-11-16', 7, false],
      ['2026-11-23', 1, true],
    ]);
    // Wednesday to Sunday the week after: 5 days, then a whole week in the past.
    expect(marks('range=custom&from=2025-03-05&to=2025-03-16&tz=UTC')).toEqual([
      ['2025-03-05', 5, true],
      ['2025-03-10', 7, false],
    ]);
    // Seven days inside the period but ending after now: still partial.
    expect(marks('range=custom&from=2026-11-23&to=2026-11-29&tz=UTC')).toEqual([['2026-11-23', 7, true]]);
    // The same instant in Zurich: Monday 11-23 started at 23:00 UTC the day before; still not over.
    expect(marks('range=7&tz=Europe/Zurich')).toEqual([
      ['2026-11-17', 6, true],
      ['2026-11-23', 1, true],
    ]);
  });

  it('carry their flags into the weekly rows of deflection and of the queue', () => {
    const db = testDatabase();
    user(db, 1);
    const range = utcWeek('range=30&tz=UTC');
    const weeks = weeksOf(range, NOW);
    request(db, { user: 1, at: '2026-10-25T12:00:00.000Z', solved: 'a' }); // the lone Sunday
    request(db, { user: 1, at: '2026-11-03T12:00:00.000Z', solved: 'a' });
    ticket(db, { requester: 1, at: '2026-11-23T08:00:00.000Z' }); // this morning
    const defl = deflection(db, range, weeks, NOW).weekly;
    expect(defl.map((w) => [w.week, w.days, w.partial, w.confirmed])).toEqual([
      ['2026-10-25', 1, true, 1],
      ['2026-10-26', 7, false, 0],
      ['2026-11-02', 7, false, 1],
      ['2026-11-09', 7, false, 0],
      ['2026-11-16', 7, false, 0],
      ['2026-11-23', 1, true, 0],
    ]);
    const queue = queueHealth(db, range, weeks).weekly;
    expect(queue.at(-1)).toEqual({
      week: '2026-11-23',
      days: 1,
      partial: true,
      created: 1,
      resolved: 0,
      backlog: 1,
    });
  });
});

describe('deflection by channel', () => {
  it('counts each channel on its own, every channel listed, adding up to the total', () => {
    const db = testDatabase();
    for (const id of [1, 2, 3, 4, 5]) user(db, id);
    const range = utcWeek('range=7&tz=UTC');
    request(db, { user: 1, at: '2026-11-18T09:00:00.000Z', solved: 'vpn' }); // web, confirmed
    const t = ticket(db, { requester: 2, at: '2026-11-18T10:00:00.000Z' });
    request(db, { user: 2, at: '2026-11-18T09:00:00.000Z', ticket: t.id }); // web, ticket
    request(db, { user: 3, at: '2026-11-19T09:00:00.000Z', channel: 'mail' }); // mail, likely
    request(db, { user: 4, at: '2026-11-23T09:00:00.000Z', channel: 'mail' }); // mail, still open (an hour old)
    request(db, { user: 5, at: '2026-11-19T09:00:00.000Z', channel: 'mail', shown: false }); // mail, nothing shown
    const channels = deflectionByChannel(db, range, NOW);
    expect(
      channels.map((c) => [c.channel, c.requests, c.confirmed, c.potential, c.ticket, c.open, c.none]),
    ).toEqual([
      ['web', 2, 1, 0, 1, 0, 0],
      ['mail', 3, 0, 1, 0, 1, 1],
      ['incident', 0, 0, 0, 0, 0, 0],
    ]);
    expect(channels[0]).toMatchObject({ denominator: 2, confirmedRate: 0.5, likelyRate: 0, rate: 0.5 });
    expect(channels[1]).toMatchObject({ denominator: 1, confirmedRate: 0, likelyRate: 1, rate: 1 });
    expect(channels[2]).toMatchObject({ denominator: 0, confirmedRate: null, likelyRate: null, rate: null });
    const total = deflection(db, range, weeksOf(range, NOW), NOW).total;
    for (const key of ['requests', 'confirmed', 'potential', 'ticket', 'open', 'none'] as const)
      expect(
        channels.reduce((sum, c) => sum + c[key], 0),
        key,
      ).toBe(total[key]);

    // A request that changes channel moves with it (the trigger), and a rebuild agrees.
    db.prepare("UPDATE help_requests SET channel = 'incident' WHERE user_id = 3").run();
    const moved = () => deflectionByChannel(db, range, NOW).map((c) => [c.channel, c.requests, c.potential]);
    expect(moved()).toEqual([
      ['web', 2, 0],
      ['mail', 2, 0],
      ['incident', 1, 1],
    ]);
    rebuildReportRollups(db);
    expect(moved()).toEqual([
      ['web', 2, 0],
      ['mail', 2, 0],
      ['incident', 1, 1],
    ]);
  });
});

describe('resolution time and satisfaction per agent and per tier', () => {
  it('attributes each resolution to its assignee and tier, and each rating to the period it was closed in', () => {
    const db = testDatabase();
    user(db, 1);
    user(db, 8, 'agent');
    user(db, 9, 'agent');
    const range = utcWeek('range=7&tz=UTC'); // 2026-11-17 .. 2026-11-23
    // Agent 9, tier 1: 60 and 180 minutes, rated 4 and 2.
    ticket(db, {
      requester: 1,
      at: '2026-11-18T08:00:00.000Z',
      resolved: '2026-11-18T09:00:00.000Z',
      closed: '2026-11-19T08:00:00.000Z',
      rating: 4,
      assignee: 9,
    });
    ticket(db, {
      requester: 1,
      at: '2026-11-18T08:00:00.000Z',
      resolved: '2026-11-18T11:00:00.000Z',
      closed: '2026-11-20T08:00:00.000Z',
      rating: 2,
      assignee: 9,
    });
    // Agent 8, tier 2: 10 h of which 2 h waiting on the requester = 480 minutes, rated 5.
    ticket(db, {
      requester: 1,
      at: '2026-11-19T08:00:00.000Z',
      resolved: '2026-11-19T18:00:00.000Z',
      paused: 7_200_000,
      closed: '2026-11-21T08:00:00.000Z',
      rating: 5,
      assignee: 8,
      tier: 2,
    });
    // Agent 8, tier 2: resolved in the previous period (no resolution here) but closed and rated 1 in this one.
    ticket(db, {
      requester: 1,
      at: '2026-11-10T08:00:00.000Z',
      resolved: '2026-11-10T09:00:00.000Z',
      closed: '2026-11-18T00:00:00.000Z',
      rating: 1,
      assignee: 8,
      tier: 2,
    });
    // Tier 3, nobody assigned, still open.
    ticket(db, { requester: 1, at: '2026-11-20T08:00:00.000Z', tier: 3 });
    const health = queueHealth(db, range, weeksOf(range, NOW));
    expect(health.agents).toEqual([
      {
        agentId: 9,
        name: 'User 9',
        resolved: 2,
        resolution: { median: 120, p90: 168, count: 2 },
        ratings: { count: 2, average: 3 },
      },
      {
        agentId: 8,
        name: 'User 8',
        resolved: 1,
        resolution: { median: 480, p90: 480, count: 1 },
        ratings: { count: 2, average: 3 },
      },
    ]);
    expect(health.tiers).toEqual([
      {
        tier: 1,
        resolved: 2,
        resolution: { median: 120, p90: 168, count: 2 },
        ratings: { count: 2, average: 3 },
      },
      {
        tier: 2,
        resolved: 1,
        resolution: { median: 480, p90: 480, count: 1 },
        ratings: { count: 2, average: 3 },
      },
      {
        tier: 3,
        resolved: 0,
        resolution: { median: null, p90: null, count: 0 },
        ratings: { count: 0, average: null },
      },
    ]);
  });
});
