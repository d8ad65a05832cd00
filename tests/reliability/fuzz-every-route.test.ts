import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ROUTES } from '#lib/auth/routes.ts';
import { getDatabase } from '#lib/db/db.ts';
import { createTicket } from '#lib/tickets/tickets.ts';
import { startTestProvider, type TestProvider } from '#test/oidc-provider.ts';
import { portalDirs, signedIn, startApp, stopApp, type RunningApp } from './app.ts';

// Hostile and random input against every route of the route table, as every role: nothing may
// answer 5xx, nothing may be written outside DATA_DIR and CONTENT_DIR, and nothing typed may come
// back as live markup. Seeded, so a failure can be replayed.
const { root, dataDir, contentDir } = portalDirs('fixpoint-fuzz-');
let app: RunningApp | undefined;
// Single sign-on is on, against a real provider, so its routes are fuzzed past the 404 they answer without it.
let provider: TestProvider | undefined;
afterAll(async () => {
  if (app) await stopApp(app);
  await provider?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(20261123);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const MARKER = '<script>alert("fx")</script>';
const HOSTILE = [
  MARKER,
  '"><img src=x onerror=alert(1)>',
  "' OR 1=1 --",
  "'); DROP TABLE tickets; --",
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '\u0000\u0001\u0002',
  '\uFEFF\u202Eevil',
  '💥'.repeat(50),
  'a'.repeat(70_000),
  '-1',
  '0',
  '9999999999999999999999',
  'NaN',
  'null',
  '{"$ne":1}',
  '[]',
  'true',
  'javascript:alert(1)',
  '//evil.example/',
  '\r\nSet-Cookie: x=1',
  '=cmd|"/c calc"!A1',
  '---\ntitle: x\n---',
  '${7*7}{{7*7}}',
  'résumé ß 中文',
  '',
];
// What the sign-in routes read from the query: the return address and the provider's answer.
const LOGIN_FIELDS = ['next', 'state', 'code', 'error', 'iss', 'password'];
const FIELDS = [
  'action',
  'intent',
  'agentTier',
  'articles',
  'assignee',
  'baseHash',
  'body',
  'category',
  'comment',
  'confirm',
  'current',
  'description',
  'displayName',
  'email',
  'files',
  'id',
  'idempotencyKey',
  'impact',
  'urgency',
  'next',
  'note',
  'password',
  'reason',
  'revision',
  'rid',
  'role',
  'roles',
  'slug',
  'to',
  'version',
  'subject',
  'title',
  'summary',
  'tags',
  'audience',
  'owner',
  'review_by',
  'source_tickets',
  'locale',
  'type',
  'helpful',
  'rating',
  'channel',
  'tier',
  'name',
  'first_response_minutes',
  'resolution_minutes',
  'priority',
];
const ACTIONS = [
  'claim',
  'reply',
  'note',
  'status',
  'assign',
  'escalate',
  'send-back',
  'classify',
  'confirm',
  'reopen',
  'rate',
  'save',
  'publish',
  'archive',
  'unpublish',
  'append',
  'create',
  'read-all',
  'disable',
  'enable',
  'password',
  'roles',
  'solved',
  'not-solved',
  'ticket',
  'file',
  'revoke',
  'create-token',
];
const PARAMS = [
  '../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  'x'.repeat(300),
  MARKER,
  '1',
  '-1',
  '1e9',
  'reset-your-password',
  'faq',
  "1' OR '1'='1",
  'zzz.csv',
  'funnel.csv',
  '__proto__.csv',
  'constructor',
];

function hostileValue(field: string): string {
  if (field === 'action') return pick(ACTIONS);
  if (field === 'intent') return pick(['solved', 'not-solved', 'ticket', 'file', pick(HOSTILE)]);
  return random() < 0.8 ? pick(HOSTILE) : String(Math.floor(random() * 5000));
}

function samplePath(pattern: string, ticketNumber: number): string {
  return pattern.replace(/\[\.\.\.[a-z]+\]|\[[a-z]+\]/gi, (param) => {
    if (param === '[number]' && random() < 0.5) return String(ticketNumber);
    if (param === '[slug]' && random() < 0.5) return 'reset-your-password';
    if (param === '[lang]' && random() < 0.5) return pick(['de', 'it', 'en']);
    return encodeURIComponent(pick(PARAMS)).replace(/%2F/g, random() < 0.5 ? '/' : '%2F');
  });
}

function body(kind: number): { body: BodyInit; type?: string } {
  switch (kind) {
    case 0: {
      // a form with hostile values
      const form = new URLSearchParams();
      for (let i = 0; i < 1 + Math.floor(random() * 8); i++) {
        const field = pick(FIELDS);
        form.append(field, hostileValue(field));
      }
      return { body: form, type: 'application/x-www-form-urlencoded' };
    }
    case 1: {
      // multipart with files named to escape
      const form = new FormData();
      for (let i = 0; i < 1 + Math.floor(random() * 6); i++) {
        const field = pick(FIELDS);
        form.append(field, hostileValue(field));
      }
      form.append(
        'files',
        new Blob([pick(['%PDF-1.7 not really', '\u0089PNG\r\n\u001a\n', MARKER, '\u0000\u0000'])]),
        pick([
          '../../../etc/cron.d/x.png',
          '..\\..\\x.pdf',
          'a.svg',
          'report.html',
          `${MARKER}.txt`,
          'ok.log',
        ]),
      );
      return { body: form };
    }
    case 2: {
      // JSON, right or wrong shape
      const value =
        random() < 0.5
          ? Object.fromEntries(
              FIELDS.slice(0, 12).map((f) => [f, pick([pick(HOSTILE), 42, null, [], {}, true])]),
            )
          : pick([[], 'string', 12, null, { subject: { $gt: '' } }]);
      return { body: JSON.stringify(value), type: 'application/json' };
    }
    case 3: {
      // broken UTF-8 and random bytes with a lying content type
      const bytes = new Uint8Array(8 + Math.floor(random() * 4000)).map(() => Math.floor(random() * 256));
      bytes.set([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1], 0);
      return {
        body: bytes,
        type: pick([
          'application/x-www-form-urlencoded',
          'application/json',
          'multipart/form-data; boundary=x',
          'text/plain',
          'application/xml',
        ]),
      };
    }
    default: // too large for any route but the upload ones
      return { body: 'a='.concat('x'.repeat(2_000_000)), type: 'application/x-www-form-urlencoded' };
  }
}

// Routes that can end the fuzzing sessions (signing out, account changes) come last in each round.
const ending = (pattern: string) =>
  pattern === '/logout' || pattern.startsWith('/admin') || pattern === '/account';
const ORDERED_ROUTES = [
  ...ROUTES.filter((r) => !ending(r.pattern)),
  ...ROUTES.filter((r) => ending(r.pattern)),
];

const listFiles = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? listFiles(path.join(dir, e.name)).map((f) => path.join(e.name, f)) : [e.name],
    );

it('answers every hostile input without a 5xx, writes nothing outside DATA_DIR and CONTENT_DIR, and never echoes markup', async () => {
  provider = await startTestProvider({
    clients: [
      {
        clientId: 'fixpoint-fuzz',
        clientSecret: 'fuzz-secret-123',
        redirectUris: ['http://localhost:4394/login/sso/callback'],
      },
    ],
  });
  app = await startApp({
    port: 4394,
    dataDir,
    contentDir,
    extraEnv: {
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: 'fixpoint-fuzz',
      OIDC_CLIENT_SECRET: 'fuzz-secret-123',
      OIDC_ROLE_MAP: '{"it-servicedesk-t1": {"role": "agent", "tier": 1}}',
    },
  });
  // New people every round: the admin's fuzzed requests may disable accounts or change roles, which ends sessions.
  const newPeople = async () => [
    null,
    ...(await Promise.all(
      (['employee', 'agent', 'manager', 'admin'] as const).map((role) => signedIn(dataDir, [role])),
    )),
  ];
  let people = await newPeople();
  const { ticket } = createTicket(getDatabase(path.join(dataDir, 'fixpoint.db')), people[1]!.userId, {
    subject: 'Fuzz target',
    description: 'A real ticket to aim actions at.',
  });
  const rootBefore = new Set(fs.readdirSync(root));
  const contentBefore = new Set(listFiles(contentDir));

  const failures: string[] = [];
  const echoes: string[] = [];
  let tried = 0;
  const rounds = 30;
  const statuses = new Map<number, number>();
  for (let round = 0; round < rounds; round++) {
    if (round > 0) people = await newPeople();
    for (const rule of ORDERED_ROUTES) {
      for (const person of people) {
        const url = `${app.base}${samplePath(rule.pattern, ticket.number)}${
          random() < 0.4
            ? `?${(rule.pattern.startsWith('/login') ? LOGIN_FIELDS : FIELDS.slice(0, 6))
                .map((f) => `${f}=${encodeURIComponent(pick(HOSTILE).slice(0, 3000))}`)
                .join('&')}`
            : ''
        }`;
        const post = random() < 0.6;
        const payload = post ? body(Math.floor(random() * (random() < 0.05 ? 5 : 4))) : null;
        const headers: Record<string, string> = {};
        if (person) headers.cookie = person.cookie;
        if (payload?.type) headers['content-type'] = payload.type;
        // Mostly a same-site form (as a browser sends it); sometimes a forged or missing origin.
        const origin = random();
        if (origin < 0.8) headers.origin = app.base;
        else if (origin < 0.9) headers.origin = 'https://evil.example';
        tried++;
        try {
          const response = await fetch(url, {
            method: post ? 'POST' : 'GET',
            headers,
            body: payload?.body,
            redirect: 'manual',
          });
          const text = await response.text();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.status >= 500)
            failures.push(
              `${post ? 'POST' : 'GET'} ${url.slice(0, 200)} as ${person ? 'signed in' : 'anonymous'}: ${response.status} ${text.slice(0, 200)}`,
            );
          if (text.includes(MARKER))
            echoes.push(
              `${post ? 'POST' : 'GET'} ${url.slice(0, 200)}: ${response.headers.get('content-type')}`,
            );
        } catch (error) {
          failures.push(`${url.slice(0, 200)}: ${(error as Error).message}`);
        }
      }
    }
  }
  console.log(
    `fuzz: ${tried} requests over ${ROUTES.length} routes × ${people.length} principals, ${failures.length} server errors, ${echoes.length} raw echoes; answers ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`,
  );
  expect(failures).toEqual([]);
  expect(echoes).toEqual([]);
  expect(tried).toBeGreaterThan(1000);

  // Nothing new next to DATA_DIR and CONTENT_DIR, and in CONTENT_DIR only articles in kb/ or faq/.
  expect([...fs.readdirSync(root)].filter((f) => !rootBefore.has(f))).toEqual([]);
  const added = listFiles(contentDir).filter((f) => !contentBefore.has(f));
  expect(added.filter((f) => !/^(kb|faq)\/[a-z0-9-]+\.md$/.test(f))).toEqual([]);
  expect(fs.existsSync('/etc/cron.d/x.png')).toBe(false);
  // The portal is still healthy afterwards.
  expect((await fetch(`${app.base}/healthz`)).status).toBe(200);
});
