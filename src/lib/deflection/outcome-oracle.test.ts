import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testDatabase } from '#test/db.ts';
import { createUser, toPrincipal, type User } from '#lib/auth/users.ts';
import type { Db } from '#lib/db/db.ts';
import { deflection, deflectionByChannel, type Outcomes } from '#lib/reports/metrics.ts';
import { parseRange, weeksOf, type Period, type Week } from '#lib/reports/range.ts';
import { rebuildReportRollups } from '#lib/reports/rollups.ts';
import { createTicket } from '#lib/tickets/tickets.ts';
import { declareIncident, markAffected } from '#lib/incidents/incidents.ts';
import {
  classifyRequest,
  flushDeflectionEvents,
  POTENTIAL_DEFLECTION_WINDOW_MS,
  recordArticleOpened,
  recordOutcome,
  recordSuggestionsShown,
  type Outcome,
} from './requests.ts';

/*
 * classifyRequest() is the outcome definition of DESIGN.md; the reports read a second implementation
 * of it, the triggers and rollups of migration 0008. This test writes a seeded history through the
 * functions the app itself calls, with the clock set to each moment, and checks that the rollups and
 * the report give every request the outcome classifyRequest() gives it.
 */

// ORACLE_SEED=<n> explores another history; a seed whose history misses an edge fails expectVariedHistory, not the comparison.
const SEED = Number(process.env.ORACLE_SEED ?? 20261123);
const NOW = Date.parse('2026-11-23T10:00:00.000Z');
const MIN = 60_000;
const H = 3_600_000;
const DAY = POTENTIAL_DEFLECTION_WINDOW_MS;
const SPAN = 62 * 24 * H; // the current and previous 30-day periods, and a little before them
const PEOPLE = 24;
const PROBE = PEOPLE; // one more person, whose only tickets are the probes' own
const RANDOM_REQUESTS = 260;
const RECENT_REQUESTS = 36; // within the last day: their window is still open at NOW
const SLUGS = [
  'reset-your-password',
  'vpn-cannot-connect',
  'printer-offline',
  'teams-camera-black',
  'mfa-new-phone',
  'wifi-drops',
];
// Another ticket of the same person, relative to a request's start: before, on and past both window edges.
const EDGE_OFFSETS = [-DAY - H, -1, 0, 1, 120, DAY - 1, DAY, DAY + 1, DAY + 5 * MIN, 30 * H];
const ZONES = ['UTC', 'Europe/Zurich']; // Zurich: periods cut at 23:00 or 22:00 UTC, and a DST change on 2026-10-25

// ---------------------------------------------------------------- the plan (pure, seeded)

type Rng = () => number;

/** mulberry32: the same seed always gives the same history. */
function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const between = (rng: Rng, lo: number, hi: number) => lo + Math.floor((hi - lo) * rng());
const chance = (rng: Rng, p: number) => rng() < p;
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

type Step =
  | { kind: 'answer'; at: number; slugs: string[]; flush: boolean }
  | { kind: 'hijack'; at: number; by: number }
  | { kind: 'open'; at: number; slug: string }
  | { kind: 'click'; at: number; slug: string; solved: boolean }
  | { kind: 'affected'; at: number }
  | { kind: 'file'; at: number; key: string };

/** A help request as it happens; `lateBy` delays its writes (another worker's batch, an import) but not its times. */
type PlannedRequest = { id: string; person: number; steps: Step[]; lateBy: number };
type PlannedTicket = { person: number; at: number; byPhone: boolean };
type Plan = { requests: PlannedRequest[]; tickets: PlannedTicket[] };

function planAnswers(rng: Rng, start: number): Step[] {
  const nothingFits = chance(rng, 0.2);
  const steps: Step[] = [];
  let at = start;
  for (let n = between(rng, 1, 4); n > 0; n--) {
    const slugs = nothingFits || chance(rng, 0.15) ? [] : SLUGS.filter(() => chance(rng, 0.4));
    steps.push({ kind: 'answer', at, slugs, flush: chance(rng, 0.5) });
    at += between(rng, 300, 20_000);
  }
  return steps;
}

function planRequest(rng: Rng, id: string, person: number, start: number): PlannedRequest {
  const steps = planAnswers(rng, start);
  let at = steps[steps.length - 1]!.at;
  const shown = [...new Set(steps.flatMap((s) => (s.kind === 'answer' ? s.slugs : [])))];
  if (chance(rng, 0.05)) steps.push({ kind: 'hijack', at: (at += 2_000), by: (person + 1) % PEOPLE });
  for (const slug of shown.filter(() => chance(rng, 0.3))) {
    steps.push({ kind: 'open', at: (at += between(rng, 1_000, 120_000)), slug });
    if (chance(rng, 0.6))
      steps.push({
        kind: 'click',
        at: (at += between(rng, 1_000, 300_000)),
        slug,
        solved: chance(rng, 0.45),
      });
  }
  // "I'm affected too" on the open major incident, from this request (migration 0066).
  if (chance(rng, 0.12)) steps.push({ kind: 'affected', at: (at += between(rng, 1_000, 60_000)) });
  if (chance(rng, 0.3)) {
    // Most file within minutes; some leave the tab open and file from it a day or more later.
    at += chance(rng, 0.1) ? between(rng, 20 * H, 40 * H) : between(rng, 30_000, 15 * MIN);
    steps.push({ kind: 'file', at, key: `key-${id}` });
    if (chance(rng, 0.15)) steps.push({ kind: 'file', at: at + 400, key: `key-${id}` }); // double click: one ticket
  }
  const lateBy = chance(rng, 0.85) ? 0 : chance(rng, 0.5) ? between(rng, 1, 150) : between(rng, H, 30 * H);
  return { id, person, steps: steps.filter((s) => s.at <= NOW), lateBy };
}

/**
 * Hand-placed requests of one person, three days apart so that only its own ticket is near each:
 * every window edge, written in order and written after the ticket (the path only
 * help_requests_next_ticket takes), and the clock's edge (24 h ago, ±1 ms, no ticket).
 */
function planProbes(): Plan {
  const requests: PlannedRequest[] = [];
  const tickets: PlannedTicket[] = [];
  const probe = (start: number, lateBy: number) => {
    const steps: Step[] = [{ kind: 'answer', at: start, slugs: SLUGS.slice(0, 2), flush: false }];
    requests.push({
      id: `oracle-probe-${String(requests.length).padStart(4, '0')}`,
      person: PROBE,
      steps,
      lateBy,
    });
  };
  let start = NOW - SPAN + 6 * H;
  for (const offset of EDGE_OFFSETS) {
    for (const lateBy of [0, 2 * DAY]) {
      probe(start, lateBy);
      tickets.push({ person: PROBE, at: start + offset, byPhone: false });
      start += 3 * DAY;
    }
  }
  for (const at of [NOW - DAY - 1, NOW - DAY, NOW - DAY + 1]) probe(at, 0);
  return { requests, tickets };
}

/** Requests at random times and on each edge instant (±1 ms), tickets at random and at the window's edges, and the probes. */
function planHistory(seed: number, edgeInstants: number[]): Plan {
  const rng = mulberry32(seed);
  const starts = Array.from({ length: RANDOM_REQUESTS }, () => NOW - between(rng, MIN, SPAN));
  for (let i = 0; i < RECENT_REQUESTS; i++) starts.push(NOW - between(rng, MIN, DAY));
  for (const edge of edgeInstants) starts.push(edge - 1, edge, edge + 1);
  const requests = starts.map((start, i) =>
    planRequest(rng, `oracle-request-${String(i).padStart(4, '0')}`, between(rng, 0, PEOPLE), start),
  );
  const tickets: PlannedTicket[] = [];
  for (let i = 0; i < RANDOM_REQUESTS / 4; i++)
    tickets.push({
      person: between(rng, 0, PEOPLE),
      at: NOW - between(rng, 0, SPAN),
      byPhone: chance(rng, 0.1),
    });
  for (const r of requests) {
    if (chance(rng, 0.4))
      tickets.push({
        person: r.person,
        at: r.steps[0]!.at + pick(rng, EDGE_OFFSETS),
        byPhone: chance(rng, 0.1),
      });
  }
  const probes = planProbes();
  return {
    requests: [...requests, ...probes.requests],
    tickets: [...tickets.filter((t) => t.at <= NOW), ...probes.tickets],
  };
}

// ---------------------------------------------------------------- the writer (the app's own functions)

type Cast = { people: User[]; agent: User; incident: number };

async function createCast(db: Db): Promise<Cast> {
  const password = 'quiet river stones 9';
  const people = await Promise.all(
    Array.from({ length: PEOPLE + 1 }, (_, i) =>
      createUser(db, {
        email: `person${i}@example.com`,
        displayName: `Person ${i}`,
        roles: ['employee'],
        password,
      }),
    ),
  );
  const agent = await createUser(db, {
    email: 'agent@example.com',
    displayName: 'Agent',
    roles: ['agent'],
    agentTier: 1,
    password,
  });
  // One major incident open over the whole history: the requests that say "I'm affected too" join it.
  vi.setSystemTime(NOW - SPAN - DAY);
  const incident = declareIncident(db, toPrincipal(agent), {
    title: 'VPN drops',
    service: 'Remote access',
    message: 'We are on it.',
    status: 'investigating',
  });
  return { people, agent, incident };
}

function writeStep(db: Db, cast: Cast, r: PlannedRequest, step: Step): void {
  const person = cast.people[r.person]!;
  const shown = (userId: number, slugs: string[]) =>
    recordSuggestionsShown(db, { requestId: r.id, userId, query: 'vpn drops', draft: 'vpn drops\n', slugs });
  switch (step.kind) {
    case 'answer':
      shown(person.id, step.slugs);
      if (step.flush) flushDeflectionEvents(); // otherwise it waits in the batch for the next write
      return;
    case 'hijack': // someone else's answer with the same id: ignored
      return shown(cast.people[step.by]!.id, SLUGS);
    case 'open':
      expect(recordArticleOpened(db, r.id, person.id, step.slug)).toBe(true);
      return;
    case 'click':
      expect(recordOutcome(db, r.id, person.id, step.slug, step.solved)).toBe(true);
      return;
    case 'affected':
      expect(markAffected(db, cast.incident, person.id, new Date(), r.id)).toBe(true);
      return;
    case 'file':
      createTicket(
        db,
        person.id,
        { subject: 'VPN still drops', description: 'Tried the article.', requestId: r.id },
        { idempotencyKey: step.key },
      );
  }
}

/** Writes the plan in the order the writes reach the database, each with the clock at its own moment. */
function writeHistory(db: Db, cast: Cast, plan: Plan): void {
  const writes: Array<{ at: number; writeAt: number; run: () => void }> = [];
  for (const r of plan.requests)
    for (const step of r.steps)
      writes.push({ at: step.at, writeAt: step.at + r.lateBy, run: () => writeStep(db, cast, r, step) });
  for (const t of plan.tickets) {
    const options = t.byPhone ? { channel: 'phone' as const, loggedBy: cast.agent.id } : {};
    writes.push({
      at: t.at,
      writeAt: t.at,
      run: () =>
        createTicket(
          db,
          cast.people[t.person]!.id,
          { subject: 'Laptop is slow', description: 'Since Monday.' },
          options,
        ),
    });
  }
  // Stable: a request's own steps keep their order even when the whole request is written late.
  writes.sort((a, b) => a.writeAt - b.writeAt);
  for (const w of writes) {
    vi.setSystemTime(w.at);
    w.run();
  }
  flushDeflectionEvents();
}

// ---------------------------------------------------------------- the oracle's answers

type OracleInput = Parameters<typeof classifyRequest>[0];
type Classified = { id: string; input: OracleInput; outcome: Outcome };

/** Each request's outcome by classifyRequest(), from the plan: what happened, not what the database kept. */
function classifyPlan(plan: Plan): Classified[] {
  const ticketTimes = new Map<number, number[]>();
  const addTicket = (person: number, at: number) =>
    ticketTimes.set(person, (ticketTimes.get(person) ?? []).concat(at));
  for (const t of plan.tickets) addTicket(t.person, t.at);
  for (const r of plan.requests) {
    const filed = r.steps.find((s) => s.kind === 'file');
    if (filed) addTicket(r.person, filed.at); // a double click files once
  }
  return plan.requests.map((r) => {
    const startedAt = r.steps[0]!.at;
    const next = Math.min(...(ticketTimes.get(r.person) ?? []).filter((t) => t >= startedAt));
    const input: OracleInput = {
      startedAt: new Date(startedAt).toISOString(),
      shown: r.steps.some((s) => s.kind === 'answer' && s.slugs.length > 0),
      solved: r.steps.some((s) => s.kind === 'click' && s.solved),
      ticketFromRequest: r.steps.some((s) => s.kind === 'file'),
      affected: r.steps.some((s) => s.kind === 'affected'),
      otherTicketAt: Number.isFinite(next) ? new Date(next).toISOString() : null,
    };
    return { id: r.id, input, outcome: classifyRequest(input, new Date(NOW)) };
  });
}

// ---------------------------------------------------------------- comparisons

type Tally = {
  requests: number;
  confirmed: number;
  ticket: number;
  none: number;
  candidate: number;
  affected: number;
};

/** Per UTC hour, what request_hourly must hold: "candidate" is potential or open (the clock decides later). */
function expectedHourly(classified: Classified[]): Record<string, Tally> {
  const hours: Record<string, Tally> = {};
  for (const c of classified) {
    const t = (hours[c.input.startedAt.slice(0, 13)] ??= {
      requests: 0,
      confirmed: 0,
      ticket: 0,
      none: 0,
      candidate: 0,
      affected: 0,
    });
    t.requests++;
    if (c.outcome === 'confirmed' || c.outcome === 'ticket' || c.outcome === 'affected') t[c.outcome]++;
    else if (c.outcome === 'no-suggestions') t.none++;
    else t.candidate++;
  }
  return hours;
}

function actualHourly(db: Db): Record<string, Tally> {
  const rows = db
    .prepare(
      'SELECT hour, requests, confirmed, ticket, none, candidate, affected FROM request_hourly WHERE requests <> 0',
    )
    .all() as Array<Tally & { hour: string }>;
  return Object.fromEntries(rows.map(({ hour, ...tally }) => [hour, tally]));
}

/** The oracle's inputs for the requests of the hours that disagree: what to look at when this fails. */
function explain(
  classified: Classified[],
  expected: Record<string, Tally>,
  actual: Record<string, Tally>,
): string {
  const differing = new Set(
    [...Object.keys(expected), ...Object.keys(actual)].filter(
      (h) => JSON.stringify(expected[h]) !== JSON.stringify(actual[h]),
    ),
  );
  const lines = classified
    .filter((c) => differing.has(c.input.startedAt.slice(0, 13)))
    .map((c) => `${c.id} → ${c.outcome} ${JSON.stringify(c.input)}`);
  return `request_hourly disagrees with classifyRequest() in ${differing.size} hour(s):\n${lines.join('\n')}`;
}

const OUTCOME_KEY: Record<Outcome, keyof Outcomes> = {
  confirmed: 'confirmed',
  ticket: 'ticket',
  affected: 'affected',
  potential: 'potential',
  open: 'open',
  'no-suggestions': 'none',
};
const countsOf = (o: Outcomes): Outcomes => ({
  requests: o.requests,
  none: o.none,
  confirmed: o.confirmed,
  potential: o.potential,
  ticket: o.ticket,
  affected: o.affected,
  open: o.open,
});

/** What deflection() must report for a period and its weeks, counted from the oracle's outcomes. */
function expectedDeflection(
  classified: Classified[],
  period: Period,
  weeks: Week[],
): { total: Outcomes; weekly: Outcomes[] } {
  const empty = (): Outcomes => ({
    requests: 0,
    none: 0,
    confirmed: 0,
    potential: 0,
    ticket: 0,
    affected: 0,
    open: 0,
  });
  const total = empty();
  const weekly = weeks.map(empty);
  for (const c of classified) {
    const at = c.input.startedAt;
    if (at < period.from || at >= period.to) continue;
    for (const o of [total, weekly[weeks.findIndex((w) => at >= w.from && at < w.to)]]) {
      if (!o) continue;
      o.requests++;
      o[OUTCOME_KEY[c.outcome]]++;
    }
  }
  return { total, weekly };
}

function reportedDeflection(db: Db, period: Period, weeks: Week[]): { total: Outcomes; weekly: Outcomes[] } {
  const reported = deflection(db, period, weeks, new Date(NOW));
  return { total: countsOf(reported.total), weekly: reported.weekly.map(countsOf) };
}

/** Both 30-day periods (current and previous) in each zone, with their weeks. */
function reportPeriods(): Array<{ label: string; period: Period; weeks: Week[] }> {
  return ZONES.flatMap((tz) => {
    const range = parseRange(new URLSearchParams({ range: '30', tz }), new Date(NOW));
    const previous = { ...range.previous, tz };
    return [
      { label: `${tz} current`, period: range, weeks: weeksOf(range) },
      { label: `${tz} previous`, period: previous, weeks: weeksOf(previous) },
    ];
  });
}

function expectRollupsAgree(db: Db, classified: Classified[]): void {
  const expected = expectedHourly(classified);
  const actual = actualHourly(db);
  expect(actual, explain(classified, expected, actual)).toEqual(expected);
  for (const { label, period, weeks } of reportPeriods()) {
    const expectedOutcomes = expectedDeflection(classified, period, weeks);
    expect(reportedDeflection(db, period, weeks), label).toEqual(expectedOutcomes);
    // Every request came through the web; those that said "I'm affected too" moved to the incident channel.
    const channels = deflectionByChannel(db, period, new Date(NOW));
    const row = (name: string) => countsOf(channels.find((c) => c.channel === name)!);
    const joined = (c: Classified) => c.input.affected === true;
    expect(row('web'), `${label}, web channel`).toEqual(
      expectedDeflection(
        classified.filter((c) => !joined(c)),
        period,
        weeks,
      ).total,
    );
    expect(row('incident'), `${label}, incident channel`).toEqual(
      expectedDeflection(classified.filter(joined), period, weeks).total,
    );
    expect(row('mail').requests).toBe(0);
  }
}

/** The history must reach every outcome and both sides of every edge, or agreement would prove little. */
function expectVariedHistory(plan: Plan, classified: Classified[]): void {
  const count = (test: (c: Classified, r: PlannedRequest) => boolean) =>
    classified.filter((c, i) => test(c, plan.requests[i]!)).length;
  const gap = (c: Classified) =>
    c.input.otherTicketAt ? Date.parse(c.input.otherTicketAt) - Date.parse(c.input.startedAt) : NaN;
  expect(
    count((c) => c.outcome === 'affected'),
    'affected',
  ).toBeGreaterThanOrEqual(10);
  expect(
    count((c) => c.input.affected === true && c.outcome !== 'affected'),
    'affected, then solved or filed from the request',
  ).toBeGreaterThanOrEqual(2);
  expect(
    count((c) => c.outcome === 'affected' && gap(c) <= DAY),
    'affected, with another ticket in the window',
  ).toBeGreaterThanOrEqual(1);
  for (const outcome of ['confirmed', 'ticket', 'potential', 'no-suggestions'] as const)
    expect(
      count((c) => c.outcome === outcome),
      outcome,
    ).toBeGreaterThanOrEqual(20);
  expect(
    count((c) => c.outcome === 'open'),
    'open',
  ).toBeGreaterThanOrEqual(3);
  expect(
    count((c) => c.outcome === 'ticket' && !c.input.ticketFromRequest),
    'another ticket in the window',
  ).toBeGreaterThanOrEqual(10);
  expect(
    count((c) => c.input.shown && gap(c) === DAY),
    "another ticket on the window's last instant",
  ).toBeGreaterThanOrEqual(1);
  expect(
    count((c) => c.input.shown && gap(c) === DAY + 1),
    'another ticket just past it',
  ).toBeGreaterThanOrEqual(1);
  expect(
    count((c) => c.input.shown && gap(c) === 0),
    'another ticket at the very start',
  ).toBeGreaterThanOrEqual(1);
  // The ticket reached the database before the request did: only help_requests_next_ticket can find it.
  expect(
    count((c, r) => gap(c) <= DAY && gap(c) < r.lateBy),
    'request written after a ticket in its window',
  ).toBeGreaterThanOrEqual(3);
}

// ---------------------------------------------------------------- the test

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] }); // only the clock: the deflection batch keeps its real timer
});
afterEach(() => {
  vi.useRealTimers();
});

describe('request outcomes in the reports', () => {
  it('agree with classifyRequest() for every request of a generated history, live and after a rebuild', async () => {
    const db = testDatabase();
    const cast = await createCast(db);
    const periods = reportPeriods();
    const edges = [
      NOW - DAY,
      ...periods.flatMap((p) => [p.period.from, ...p.weeks.map((w) => w.from)].map((at) => Date.parse(at))),
    ];
    const plan = planHistory(
      SEED,
      edges.filter((at) => at < NOW - MIN),
    );
    writeHistory(db, cast, plan);
    const classified = classifyPlan(plan);

    expectVariedHistory(plan, classified);
    expect(db.prepare('SELECT count(*) FROM help_requests').pluck().get()).toBe(plan.requests.length);

    expectRollupsAgree(db, classified);
    rebuildReportRollups(db);
    expectRollupsAgree(db, classified);
  });
});
