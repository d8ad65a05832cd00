// The agent desk at 100,000 tickets: the queue's views and ticket search (words, and a number that
// jumps), p50/p95 over HTTP with one agent. Part of `npm run bench`; alone (about 3 minutes):
// node_modules/.bin/node scripts/bench/desk.ts
import autocannon from 'autocannon';
import type { Principal } from '#lib/auth/roles.ts';
import { createSession, generateSessionToken } from '#lib/auth/sessions.ts';
import { createUser, toPrincipal } from '#lib/auth/users.ts';
import type { Db } from '#lib/db/db.ts';
import { startPortal } from './portal.ts';
import { createTicket } from '#lib/tickets/tickets.ts';
import { addMessage } from '#lib/tickets/workflow.ts';
import { percentile } from './percentile.ts';

const PROBLEMS = [
  'VPN drops every few minutes from home',
  'Printer on floor 3 shows paper jam',
  'Outlook keeps asking for my password',
  'Teams microphone not working in meetings',
  'Laptop very slow after the update',
  'Cannot open the shared drive',
  'Monitor flickers on the docking station',
  'Need access to the finance mailbox',
  'Phone authenticator app lost after new phone',
  'Wifi in meeting room B keeps disconnecting',
];
const REPLIES = [
  'Please restart the docking station and tell me whether the firmware prompt appears.',
  'I reset the cached credentials; try signing in again.',
  'The print queue was stuck; cleared it and restarted the spooler.',
  'Escalating: the access request needs the owner of the mailbox.',
];
/** What agents search for: words in subjects, in replies only, and a ticket number. */
const QUERIES = [
  'printer',
  'vpn drops',
  'outlook password',
  'firmware',
  'spooler restarted',
  'finance mailbox',
];

/** Adds tickets (a quarter with a reply) until the database holds `total`; answers how long it took. */
export function fillTickets(
  db: Db,
  total: number,
  requester: number,
  agent: Principal,
): { added: number; ms: number } {
  const started = performance.now();
  const have = db.prepare('SELECT count(*) FROM tickets').pluck().get() as number;
  const impacts = ['one', 'several', 'department', 'organisation'] as const;
  const urgencies = ['low', 'medium', 'high'] as const;
  for (let batch = have; batch < total; batch += 10_000) {
    db.transaction(() => {
      for (let n = batch; n < Math.min(total, batch + 10_000); n++) {
        const { ticket } = createTicket(db, requester, {
          subject: `${PROBLEMS[n % PROBLEMS.length]} (${n})`,
          description: `Generated for the benchmark, case ${n}. ${PROBLEMS[(n * 7) % PROBLEMS.length]}.`,
          impact: impacts[n % 4],
          urgency: urgencies[n % 3],
        });
        if (n % 4 === 0) addMessage(db, ticket.id, agent, REPLIES[n % REPLIES.length]!, n % 8 === 0);
      }
    })();
  }
  // A realistic spread: most closed, some open in each tier.
  db.prepare(
    "UPDATE tickets SET status = CASE WHEN id % 10 < 7 THEN 'closed' WHEN id % 10 = 7 THEN 'pending' ELSE 'open' END, tier = 1 + id % 3 WHERE status = 'new'",
  ).run();
  return { added: Math.max(0, total - have), ms: performance.now() - started };
}

/** Measures the queue and ticket search over HTTP on a running portal whose database is `db`. */
export async function measureDesk(options: {
  base: string;
  db: Db;
  record: (measure: string, value: number, unit: string) => void;
  total?: number;
  seconds?: number;
}): Promise<void> {
  const { db, record } = options;
  const total = options.total ?? 100_000;
  const agentUser = await createUser(db, {
    email: `desk-agent-${Date.now()}@example.com`,
    displayName: 'Desk Agent',
    roles: ['agent'],
    agentTier: 1,
    password: 'amber lanterns drift east',
  });
  const requester = await createUser(db, {
    email: `desk-requester-${Date.now()}@example.com`,
    displayName: 'Dana Requester',
    roles: ['employee'],
    password: 'amber lanterns drift west',
  });
  const fill = fillTickets(db, total, requester.id, toPrincipal(agentUser));
  const label = `${total.toLocaleString('en')} tickets`;
  record(
    `add ${fill.added.toLocaleString('en')} tickets (to ${label}, a quarter with a reply)`,
    fill.ms,
    'ms',
  );
  const token = generateSessionToken();
  createSession(db, token, agentUser.id);
  const numbers = db
    .prepare('SELECT number FROM tickets ORDER BY random() LIMIT 200')
    .pluck()
    .all() as number[];
  let k = 0;
  const cases: Array<[string, () => string]> = [
    [`/agent (view unassigned), ${label}`, () => '/agent?view=unassigned'],
    [`/agent (view open), ${label}`, () => '/agent?view=open'],
    [
      `/agent/search words, ${label}`,
      () => `/agent/search?q=${encodeURIComponent(QUERIES[k++ % QUERIES.length]!)}`,
    ],
    [
      `/agent/search words + status filter, ${label}`,
      () => `/agent/search?status=open&q=${encodeURIComponent(QUERIES[k++ % QUERIES.length]!)}`,
    ],
    [
      `/agent/search T-number (303 to the ticket), ${label}`,
      () => `/agent/search?q=T-${numbers[k++ % numbers.length]}`,
    ],
  ];
  for (const [name, next] of cases) {
    const latencies: number[] = [];
    const result = await autocannon({
      url: options.base,
      connections: 1,
      duration: options.seconds ?? 5,
      headers: { cookie: `fixpoint_session=${token}` },
      requests: [{ setupRequest: (req) => ({ ...req, path: next() }) }],
      setupClient: (client) =>
        client.on('response', (_s: number, _b: number, ms: number) => latencies.push(ms)),
    });
    if (result.errors > 0 || result['5xx'] > 0 || result['4xx'] > 0)
      throw new Error(`${name}: ${result.errors} errors, ${result['4xx']} 4xx, ${result['5xx']} 5xx`);
    latencies.sort((a, b) => a - b);
    record(`${name}: p50`, percentile(latencies, 50), 'ms');
    record(`${name}: p95`, percentile(latencies, 95), 'ms');
  }
}

if (import.meta.main) {
  const rows: string[] = [];
  const record = (measure: string, value: number, unit: string) => {
    rows.push(`| ${measure} | ${value.toFixed(1)} ${unit} |`);
    console.log(`  measured: ${measure}: ${value.toFixed(1)} ${unit}`);
  };
  const portal = await startPortal(Number(process.env.BENCH_DESK_PORT ?? 4392), {
    env: { WEB_WORKERS: '1' },
  });
  await measureDesk({ base: portal.base, db: portal.db, record });
  await portal.stop();
  console.log('\n| measure | value |\n| --- | --- |\n' + rows.join('\n'));
}
