import { request as playwrightRequest } from '@playwright/test';
import { createApiToken } from '#lib/auth/api-tokens.ts';
import type { Role } from '#lib/auth/roles.ts';
import { ROUTES, type RouteRule } from '#lib/auth/routes.ts';
import { getDatabase } from '#lib/db/db.ts';
import { createTicket } from '#lib/tickets/tickets.ts';
import { createTestSession, createTestUser, expect, test } from './fixtures.ts';
import http from 'node:http';
import path from 'node:path';

test.use({ role: null });

// A concrete path for each pattern.
const SAMPLE: Record<string, string> = {
  '/kb/[slug]': '/kb/reset-your-password',
  '/faq/[slug]': '/faq/what-is-the-guest-wifi-password',
  '/requests/[number]': '/requests/1',
  '/agent/tickets/[number]': '/agent/tickets/1',
  '/manage/export/[table]': '/manage/export/funnel.csv',
  '/api/reports/[report]': '/api/reports/summary',
  '/incidents/[id]': '/incidents/999999',
  '/agent/incidents/[id]': '/agent/incidents/999999',
  '/agent/macros/[id]': '/agent/macros/999999',
  '/manage/incidents/[id]': '/manage/incidents/999999',
  '/admin/users/[id]': '/admin/users/1',
  '/api/suggest': '/api/suggest?q=vpn',
  '/api/tickets/[number]': '/api/tickets/1',
  '/attachments/[id]': '/attachments/999999',
  '/agent/tickets/[number]/promote': '/agent/tickets/1/promote',
  '/agent/tickets/[number]/merge': '/agent/tickets/1/merge',
  '/agent/kb/edit/[slug]': '/agent/kb/edit/reset-your-password',
  '/agent/kb/revisions/[slug]': '/agent/kb/revisions/reset-your-password',
  '/agent/kb/revisions/[slug]/[lang]': '/agent/kb/revisions/reset-your-password/de',
  '/agent/kb/translate/[slug]/[lang]': '/agent/kb/translate/reset-your-password/de',
  '/agent/kb/phrasings/[slug]': '/agent/kb/phrasings/reset-your-password',
  '/password-reset/[token]': '/password-reset/not-a-real-reset-token-at-all',
  '/mail/unsubscribe/[token]': '/mail/unsubscribe/1-reply.0.not-a-valid-signature-at-all',
  '/mail/solved/[token]': '/mail/solved/1-1-not-a-real-request-id.0.not-a-valid-signature-at-all',
};
// Signed in and allowed, but the sample asks for something that does not exist: ticket 1 (numbers start at 1001).
const MISSING_SAMPLE = new Set([
  '/incidents/[id]',
  '/agent/incidents/[id]',
  '/agent/macros/[id]',
  '/manage/incidents/[id]',
  '/api/tickets/[number]',
  '/requests/[number]',
  '/agent/tickets/[number]',
  '/attachments/[id]',
  '/agent/tickets/[number]/promote',
  '/agent/tickets/[number]/merge',
  '/password-reset/[token]',
  '/mail/unsubscribe/[token]',
  '/mail/solved/[token]',
]);
// Routes whose page arrives with a later issue answer 404 to everyone until then; these take POST only.
const NO_GET_PAGE = new Set(
  ROUTES.filter((r) => r.note?.startsWith('planned'))
    .map((r) => r.pattern)
    .concat('/logout', '/language', '/api/tickets', '/api/kb/preview', '/agent/kb/phrasings/[slug]'),
);

type Who = { name: string; roles: Role[] | null };
const WHO: Who[] = [
  { name: 'signed out', roles: null },
  { name: 'employee', roles: ['employee'] },
  { name: 'agent', roles: ['agent'] },
  { name: 'manager', roles: ['manager'] },
  { name: 'admin', roles: ['admin'] },
];

function expected(rule: RouteRule, who: Who): number {
  if (rule.pattern === '/404') return 404;
  if (rule.pattern === '/login' && who.roles) return 303; // already signed in: on to the portal
  if (rule.pattern === '/login/sso') return 303; // off to the provider (single sign-on is on in e2e)
  // No sign-in under way: a sentence, never a 500 (signed in already: on to the portal).
  if (rule.pattern === '/login/sso/callback') return who.roles ? 303 : 400;
  if (rule.access !== 'public' && !who.roles) return rule.pattern.startsWith('/api/') ? 401 : 303;
  const allowed =
    rule.access === 'public' ||
    rule.access === 'signed-in' ||
    who.roles!.some((r) => (rule.access as readonly Role[]).includes(r));
  return allowed && !NO_GET_PAGE.has(rule.pattern) && !MISSING_SAMPLE.has(rule.pattern) ? 200 : 404;
}

test('every route × every role (and signed out) gets the answer the route table promises', async ({
  baseURL,
}) => {
  const dataDir = process.env.E2E_DATA_DIR!;
  const table: string[] = [];
  const mismatches: string[] = [];
  for (const who of WHO) {
    const headers: Record<string, string> = {};
    if (who.roles)
      headers.cookie = `fixpoint_session=${createTestSession(dataDir, (await createTestUser(dataDir, who.roles)).id)}`;
    const api = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: headers });
    for (const rule of ROUTES) {
      const url = SAMPLE[rule.pattern] ?? rule.pattern;
      const response = await api.get(url, { maxRedirects: 0 });
      const want = expected(rule, who);
      table.push(`${who.name.padEnd(10)} ${url.padEnd(36)} ${response.status()}`);
      if (response.status() !== want)
        mismatches.push(`${who.name} GET ${url}: got ${response.status()}, want ${want}`);
      if (rule.pattern === '/login/sso')
        expect(response.headers().location).toMatch(/^http:\/\/localhost:\d+\/auth\?/);
      else if (want === 303 && !who.roles) expect(response.headers().location).toMatch(/^\/login/);
    }
    await api.dispose();
  }
  expect(mismatches, table.join('\n')).toEqual([]);
});

test('hostile query strings on every page get an answer, never a 500', async ({ baseURL }) => {
  const dataDir = process.env.E2E_DATA_DIR!;
  const everyone = await createTestUser(dataDir, ['employee', 'agent', 'manager', 'admin']);
  const api = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { cookie: `fixpoint_session=${createTestSession(dataDir, everyone.id)}` },
  });
  // Each parameter name the pages read, with values no form would send: impossible dates, negative and
  // huge numbers, markup, NUL, path tricks, unknown choices, repeated parameters.
  const hostile = new URLSearchParams([
    ['from', '2026-02-30'],
    ['to', 'yesterday-ish'],
    ['page', '-1'],
    ['page', '99999999999999999999'],
    ['q', `<script>alert(1)</script>'"\u0000${'x'.repeat(3000)}`],
    ['status', 'zzz'],
    ['priority', '99'],
    ['category', '../../etc/passwd'],
    ['tier', 'NaN'],
    ['tz', 'Mars/Olympus_Mons'],
    ['lang', 'xx-YY'],
    ['period', 'fortnight'],
    ['week', '2026-W99'],
    ['role', '%00'],
    ['method', '[]'],
    ['action', 'DROP TABLE'],
    ['actor', '%'],
    ['requester', '\u0000'],
    ['done', '<b>'],
    ['rid', 'not-a-request-id'],
    ['next', 'https://evil.example/'],
    ['base', 'zzz'],
    ['range', 'forever'],
    ['view', '../admin'],
    ['sort', '; DROP'],
    ['rev', '-7'],
    ['number', '1e400'],
    ['subject', '%%%'],
    ['stale', ''],
    ['declared', ''],
    ['filed', ''],
  ]);
  const failures: string[] = [];
  for (const rule of ROUTES) {
    if (NO_GET_PAGE.has(rule.pattern) || rule.pattern === '/login/sso') continue;
    const url = SAMPLE[rule.pattern] ?? rule.pattern;
    const response = await api.get(`${url}${url.includes('?') ? '&' : '?'}${hostile}`, { maxRedirects: 0 });
    if (response.status() >= 500) failures.push(`GET ${url}: ${response.status()}`);
    else if (response.headers()['content-type']?.includes('html'))
      expect((await response.text()).replace(/value="[^"]*"/g, ''), url).not.toContain(
        '<script>alert(1)</script>',
      );
  }
  await api.dispose();
  expect(failures).toEqual([]);
});

test('hostile form posts to every route get an answer, never a 500, and change nothing they should not', async ({
  baseURL,
}) => {
  const dataDir = process.env.E2E_DATA_DIR!;
  const everyone = await createTestUser(dataDir, ['employee', 'agent', 'manager', 'admin']);
  const origin = new URL(baseURL!).origin;
  const api = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { cookie: `fixpoint_session=${createTestSession(dataDir, everyone.id)}`, origin },
  });
  const junk = `<img src=x onerror=alert(1)>'"\u0000${'é'.repeat(50)}`;
  // The field names the forms read, each with a value no form would send.
  const fields: Record<string, string> = {
    action: 'zzz',
    id: '-1',
    revision: '1e309',
    version: 'NaN',
    baseHash: junk,
    body: junk,
    subject: junk,
    description: junk,
    comment: junk,
    note: junk,
    reason: junk,
    name: junk,
    displayName: junk,
    email: 'not an address',
    password: 'x',
    current: 'x',
    confirm: 'maybe',
    role: 'root',
    roles: 'root',
    agentTier: '99',
    impact: 'galactic',
    urgency: 'yesterday',
    category: '../../etc',
    assignee: '-5',
    to: 'nowhere',
    helpful: 'perhaps',
    rating: '11',
    intent: 'zzz',
    locale: 'xx',
    timeZone: 'Mars/Olympus_Mons',
    date: '2026-02-30',
    holidayName: junk,
    icalUrl: 'file:///etc/passwd',
    calendar: 'zzz',
    translation: 'zzz',
    upToDate: 'zzz',
    articles: 'not-a-slug',
    idempotencyKey: junk,
    next: 'https://evil.example/',
    mail: 'zzz',
  };
  // A ticket of this person's, so the ticket pages' own handlers read the junk (not a 404 before it).
  const db = getDatabase(path.join(dataDir, 'fixpoint.db'));
  const { ticket } = createTicket(db, everyone.id, {
    subject: 'Hostile posts',
    description: 'A ticket to post junk to.',
  });
  const failures: string[] = [];
  for (const rule of ROUTES) {
    if (rule.pattern === '/logout' || rule.pattern === '/login/sso' || rule.pattern === '/login/sso/callback')
      continue;
    const url = (SAMPLE[rule.pattern]?.split('?')[0] ?? rule.pattern).replace(
      /^(\/(?:requests|agent\/tickets|api\/tickets))\/1\b/,
      `$1/${ticket.number}`,
    );
    for (const [kind, send] of [
      ['form', () => api.post(url, { form: fields, maxRedirects: 0 })],
      ['multipart', () => api.post(url, { multipart: fields, maxRedirects: 0 })],
      ['json', () => api.post(url, { data: fields, maxRedirects: 0 })],
      [
        'garbage',
        () =>
          api.post(url, {
            data: '{"unclosed',
            headers: { 'content-type': 'application/json' },
            maxRedirects: 0,
          }),
      ],
    ] as const) {
      const response = await send();
      if (response.status() >= 500) failures.push(`POST ${url} (${kind}): ${response.status()}`);
      else if (response.headers()['content-type']?.includes('html'))
        expect((await response.text()).replace(/value="[^"]*"/g, ''), url).not.toContain(
          '<img src=x onerror',
        );
    }
  }
  await api.dispose();
  expect(failures).toEqual([]);
});

test('an API token acts with its role, and a bad token is refused', async ({ baseURL }) => {
  const db = getDatabase(path.join(process.env.E2E_DATA_DIR!, 'fixpoint.db'));
  const { token } = createApiToken(db, { name: 'e2e integration', role: 'employee', createdBy: null });
  const good = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { authorization: `Bearer ${token}` },
  });
  expect((await good.get('/kb', { maxRedirects: 0 })).status()).toBe(200);
  expect((await good.get('/admin', { maxRedirects: 0 })).status()).toBe(404);
  await good.dispose();
  const bad = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { authorization: 'Bearer fxp_forged' },
  });
  expect((await bad.get('/kb', { maxRedirects: 0 })).status()).toBe(303);
  await bad.dispose();
});

test('forged and hostile cookies and sign-in input are refused without leaking anything', async ({
  baseURL,
}) => {
  const api = await playwrightRequest.newContext({ baseURL });
  for (const cookie of [
    'fixpoint_session=forged',
    `fixpoint_session=${'a'.repeat(32)}`,
    `fixpoint_session=${'%00'.repeat(50)}`,
    'fixpoint_session=x; fixpoint_session=y',
  ]) {
    const response = await api.get('/kb', { headers: { cookie }, maxRedirects: 0 });
    expect(response.status(), cookie).toBe(303);
  }
  const origin = new URL(baseURL!).origin;
  const attempts: Array<[Record<string, string>, number]> = [
    [{ email: "' OR 1=1 --", password: 'anything at all' }, 401],
    [{ email: '<script>alert(1)</script>@x.example', password: 'anything at all' }, 401],
    [{ email: 'someone@fixpoint.example', password: 'p'.repeat(1_000_000) }, 400],
    [{ email: '', password: '' }, 400],
  ];
  for (const [form, status] of attempts) {
    const response = await api.post('/login', { form, headers: { origin }, maxRedirects: 0 });
    expect(response.status(), form.email).toBe(status);
    const html = await response.text();
    // Echoed input may only appear inside a quoted attribute value, where markup is inert.
    expect(html.replace(/value="[^"]*"/g, '')).not.toContain('<script>alert(1)</script>');
    expect(html).not.toMatch(/SqliteError|at .*\.ts:\d+/);
  }
  // A form posted from another site is refused by Astro's origin check.
  expect(
    (
      await api.post('/login', {
        form: { email: 'a@b.c', password: 'x' },
        headers: { origin: 'https://evil.example' },
      })
    ).status(),
  ).toBe(403);
  await api.dispose();
});

test('a body without a declared length is refused before anything reads it (411), a declared oversized one with 413', async ({
  baseURL,
}) => {
  const dataDir = process.env.E2E_DATA_DIR!;
  const user = await createTestUser(dataDir, ['employee']);
  const cookie = `fixpoint_session=${createTestSession(dataDir, user.id)}`;
  const origin = new URL(baseURL!).origin;
  // A chunked body: node:http sends Transfer-Encoding: chunked when no length is set.
  const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      new URL('/api/tickets', baseURL),
      { method: 'POST', headers: { cookie, origin, 'content-type': 'application/json' } },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      },
    );
    req.on('error', reject);
    req.write(JSON.stringify({ subject: 'Chunked', description: 'x'.repeat(1000) }));
    req.end();
  });
  expect(chunked.status).toBe(411);
  expect(chunked.body).toContain('Content-Length');
  const api = await playwrightRequest.newContext({ baseURL });
  const oversized = await api.post('/api/tickets', {
    headers: { cookie, origin },
    data: { subject: 'Big', description: 'x'.repeat(2 * 1024 * 1024) },
  });
  expect(oversized.status()).toBe(413);
});

test('internal articles answer 404 to managers in the editor, its revisions and the list, as on /kb', async ({
  baseURL,
}) => {
  const dataDir = process.env.E2E_DATA_DIR!;
  const slug = 'agent-runbook-unlock-account-and-verify-identity';
  const pages = [`/kb/${slug}`, `/agent/kb/edit/${slug}`, `/agent/kb/revisions/${slug}`];
  const cases: Array<{ roles: Role[]; status: number }> = [
    { roles: ['employee'], status: 404 },
    { roles: ['manager'], status: 404 },
    { roles: ['agent'], status: 200 },
    { roles: ['manager', 'agent'], status: 200 },
  ];
  for (const { roles, status } of cases) {
    const cookie = `fixpoint_session=${createTestSession(dataDir, (await createTestUser(dataDir, roles)).id)}`;
    const api = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { cookie } });
    for (const url of pages)
      expect((await api.get(url)).status(), `${roles.join('+')} GET ${url}`).toBe(status);
    if (roles.includes('manager') || roles.includes('agent')) {
      const list = await (await api.get('/agent/kb?view=all')).text();
      expect(list.includes(`/agent/kb/edit/${slug}`), `${roles.join('+')} sees it in /agent/kb`).toBe(
        status === 200,
      );
    }
    await api.dispose();
  }
  // Nor can a manager make an article internal by sending the field the form shows disabled.
  const manager = await createTestUser(dataDir, ['manager']);
  const api = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: {
      cookie: `fixpoint_session=${createTestSession(dataDir, manager.id)}`,
      origin: new URL(baseURL!).origin,
    },
  });
  const fields = {
    slug: 'manager-internal-try',
    type: 'article',
    title: 'Internal try',
    summary: 'A try.',
    category: 'accounts',
  };
  const refused = await api.post('/agent/kb/new', {
    form: { ...fields, body: 'Text.', audience: 'agents', action: 'save' },
  });
  expect(refused.status()).toBe(403);
  expect(await refused.text()).toContain('Only agents and admins can change who may read an article.');
  await api.dispose();
});
