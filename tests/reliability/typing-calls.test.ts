// Employees' typing calls (GET /api/suggest) are answered by src/lib/web/typing-calls.ts before Astro;
// `/api/suggest/` (the same route, with a trailing slash) still goes through Astro's pipeline and the
// middleware. Each call is sent both ways and must get the same answer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getDatabase } from '#lib/db/db.ts';
import { signedIn, startApp, stopApp, type RunningApp } from './app.ts';

let app: RunningApp;
let dataDir: string;
let cookie: string;

beforeAll(async () => {
  // Kept for the whole file (tempDir would remove it after the first test).
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixpoint-typing-'));
  process.env.LOG_LEVEL = 'info';
  try {
    app = await startApp({ port: 4398, dataDir });
  } finally {
    delete process.env.LOG_LEVEL;
  }
  ({ cookie } = await signedIn(dataDir));
  // A web worker hands the typing calls over once Astro has loaded the middleware: its first request.
  // Eight at once open eight connections, which the cluster deals out to both workers in turn.
  await Promise.all(Array.from({ length: 8 }, () => fetch(`${app.base}/healthz`).then((r) => r.text())));
}, 120_000);

afterAll(async () => {
  if (app) await stopApp(app);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const VOLATILE = new Set([
  'date',
  'x-request-id',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
]);

async function both(query: string, headers: Record<string, string> = {}) {
  const ask = async (route: string) => {
    const response = await fetch(`${app.base}${route}?${query}`, { headers });
    const kept = [...response.headers].filter(([name]) => !VOLATILE.has(name));
    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
      headers: Object.fromEntries(kept.filter(([name]) => name !== 'set-cookie')),
      setCookie: response.headers.getSetCookie(),
      length: response.headers.get('content-length'),
      requestId: response.headers.get('x-request-id'),
    };
  };
  const answers = { direct: await ask('/api/suggest'), astro: await ask('/api/suggest/') };
  // Written whole, with its length, when typing-calls.ts answered; Astro streams its answers. So a
  // signed-in call shows it was answered here, and any other that it was left to the middleware.
  expect(answers.astro.length).toBeNull();
  if (headers.cookie?.includes(cookie)) expect(Number(answers.direct.length)).toBeGreaterThan(0);
  else expect(answers.direct.length).toBeNull();
  return answers;
}

it('answers a signed-in typing call with what Astro answers, with its length, and logs it', async () => {
  const q = `q=${encodeURIComponent('I forgot my password')}`;
  const { direct, astro } = await both(q, { cookie });
  expect(direct.status).toBe(200);
  expect(direct.body).toEqual(astro.body);
  expect((direct.body.results as Array<{ slug: string }>)[0]?.slug).toBe('reset-your-password');
  expect(direct.headers).toEqual(astro.headers);
  expect(direct.headers).toMatchObject({
    'cache-control': 'no-store',
    'content-language': 'en',
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
  });
  expect(direct.headers['content-security-policy']).toContain("script-src 'self'");
  expect(direct.requestId).toMatch(/^[0-9a-f]{8}$/);
  await new Promise((r) => setTimeout(r, 200));
  const logged = app
    .output()
    .split('\n')
    .filter((line) => line.includes(`"req":"${direct.requestId}"`))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(logged).toEqual([expect.objectContaining({ method: 'GET', route: '/api/suggest', status: 200 })]);
  expect(app.output()).not.toContain('I forgot my password');
});

it('answers in the reader’s language, and refuses bad parameters with the same sentence', async () => {
  const german = await both(`q=${encodeURIComponent('Ich habe mein Passwort vergessen')}`, {
    cookie: `${cookie}; locale=de`,
  });
  expect(german.direct.status).toBe(200);
  expect(german.direct.body).toEqual(german.astro.body);
  expect(german.direct.headers['content-language']).toBe('de');

  const badLimit = await both('q=printer&limit=99', { cookie: `${cookie}; locale=de` });
  expect(badLimit.direct.status).toBe(400);
  expect(badLimit.direct.body).toEqual(badLimit.astro.body);
  expect(badLimit.direct.body.error).toBe('limit muss eine ganze Zahl von 1 bis 10 sein.');
  expect(badLimit.direct.headers).toEqual(badLimit.astro.headers);

  const noText = await both('limit=3', { cookie, 'accept-language': 'it-IT,it;q=0.9' });
  expect(noText.direct.status).toBe(400);
  expect(noText.direct.body).toEqual(noText.astro.body);
  expect(noText.direct.headers['content-language']).toBe('it');

  const badRequestId = await both('q=printer&rid=%3Cscript%3E', { cookie });
  expect(badRequestId.direct.status).toBe(400);
  expect(badRequestId.direct.body).toEqual(badRequestId.astro.body);
});

it('leaves signed-out and forged callers to the middleware: 401, the bad cookie forgotten', async () => {
  const signedOut = await both('q=printer');
  expect(signedOut.direct.status).toBe(401);
  expect(signedOut.direct.body).toEqual(signedOut.astro.body);

  const forged = await both('q=printer', { cookie: 'fixpoint_session=abcdefghijklmnopqrstuvwxyz234567' });
  expect(forged.direct.status).toBe(401);
  expect(forged.direct.setCookie).toHaveLength(1);
  expect(forged.direct.setCookie[0]).toMatch(/^fixpoint_session=deleted; .*Expires=Thu, 01 Jan 1970/);
  expect(forged.direct.setCookie).toEqual(forged.astro.setCookie);
});

it('re-sends a renewed session’s cookie with the attributes the middleware gives it', async () => {
  const db = getDatabase(path.join(dataDir, 'fixpoint.db'));
  const due = async () => {
    const session = await signedIn(dataDir);
    // Two days left of seven: the next request renews it.
    db.prepare('UPDATE sessions SET expires_at = ? WHERE user_id = ?').run(
      Date.now() + 2 * 24 * 3600 * 1000,
      session.userId,
    );
    return session.cookie;
  };
  const [first, second] = [await due(), await due()];
  const direct = await fetch(`${app.base}/api/suggest?q=printer`, { headers: { cookie: first } });
  const astro = await fetch(`${app.base}/api/suggest/?q=printer`, { headers: { cookie: second } });
  const shape = (setCookie: string[], token: string) =>
    setCookie.map((c) => c.replace(token, 'TOKEN').replace(/Expires=[^;]+/, 'Expires=…'));
  expect(direct.headers.get('content-length')).not.toBeNull();
  expect(astro.headers.get('content-length')).toBeNull();
  const [directCookie] = direct.headers.getSetCookie();
  expect(directCookie).toContain(first);
  const expires = new Date(/Expires=([^;]+)/.exec(directCookie!)![1]!).getTime();
  expect(expires).toBeGreaterThan(Date.now() + 6.9 * 24 * 3600 * 1000);
  expect(shape(direct.headers.getSetCookie(), first.split('=')[1]!)).toEqual(
    shape(astro.headers.getSetCookie(), second.split('=')[1]!),
  );
});
