import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '#lib/auth/users.ts';
import { getDatabase } from '#lib/db/db.ts';
import { portalDirs, signedIn, startApp, stopApp, type RunningApp } from './app.ts';

// The portal behind a reverse proxy on the same host (TRUST_PROXY=loopback): an attack on one account
// from many addresses does not keep its owner out, the addresses are the ones the proxy saw (not the
// ones a client wrote), and forged credentials do not grow the audit log one row per request.
const { root, dataDir } = portalDirs('fixpoint-proxy-');
const PASSWORD = 'plum-orchard-velvet-42';
let app: RunningApp;
beforeAll(async () => {
  process.env.TRUST_PROXY = 'loopback';
  app = await startApp({ port: 4000 + Math.floor(Math.random() * 900), dataDir });
  await createUser(getDatabase(path.join(dataDir, 'fixpoint.db')), {
    email: 'owner@fixpoint.example',
    displayName: 'Owner',
    roles: ['employee'],
    password: PASSWORD,
  });
});
afterAll(async () => {
  delete process.env.TRUST_PROXY;
  if (app) await stopApp(app);
  fs.rmSync(root, { recursive: true, force: true });
});

/** POST /login as the proxy forwards it: the client's own header, then the address the proxy saw. */
const login = (password: string, forwardedFor: string, email = 'owner@fixpoint.example') =>
  fetch(`${app.base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: app.base,
      'X-Forwarded-For': forwardedFor,
    },
    body: new URLSearchParams({ email, password, next: '/' }),
  });

const auditRows = (action: string) =>
  getDatabase(path.join(dataDir, 'fixpoint.db'))
    .prepare('SELECT address, count FROM audit_log WHERE action = ? ORDER BY id')
    .all(action) as Array<{ address: string; count: number }>;

it('lets the owner sign in from their own address while 40 other addresses guess the password', async () => {
  expect((await login(PASSWORD, '10.1.1.1')).status).toBe(303);
  for (let i = 0; i < 5; i++) expect((await login(`wrong guess ${i}`, `198.51.100.${i}`)).status).toBe(401);
  // The account's first delay (1 s) has just begun: from an address it never used, even the owner waits.
  const refused = await login(PASSWORD, '192.0.2.50');
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(await refused.text()).toMatch(/Too many failed sign-ins\. Wait \d+ (second|minute)/);
  const statuses: number[] = [];
  for (let i = 5; i < 40; i++) statuses.push((await login(`wrong guess ${i}`, `198.51.100.${i}`)).status);
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(25);
  expect((await login(PASSWORD, '10.1.1.1')).status).toBe(303);
});

it('records the address the proxy saw, not the one the client wrote', async () => {
  expect((await login('another wrong one', '6.6.6.6, 203.0.113.44', 'someone@fixpoint.example')).status).toBe(
    401,
  );
  expect(auditRows('signin.failure').at(-1)!.address).toBe('203.0.113.44');
});

it('counts forged tokens and cookies from one address as one row a minute', async () => {
  const sends = Array.from({ length: 150 }, (_, i) =>
    fetch(`${app.base}/api/tickets/1`, {
      headers: {
        'X-Forwarded-For': '203.0.113.77',
        ...(i % 2 ? { Authorization: 'Bearer fxp_forged' } : { Cookie: 'fixpoint_session=forged' }),
      },
    }),
  );
  await Promise.all(sends);
  for (const action of ['token.invalid', 'session.invalid']) {
    const rows = auditRows(action).filter((r) => r.address === '203.0.113.77');
    expect(rows.length).toBeLessThanOrEqual(2); // two when a minute turned during the burst
    expect(rows.reduce((sum, r) => sum + r.count, 0)).toBe(75);
  }
  const admin = await signedIn(dataDir, ['admin']);
  const page = await (await fetch(`${app.base}/admin/audit`, { headers: { Cookie: admin.cookie } })).text();
  expect(page).toMatch(/<th scope="col">Times<\/th>/);
  const newest = auditRows('session.invalid').at(-1)!;
  expect(page).toMatch(new RegExp(`203\\.0\\.113\\.77</td>\\s*<td>${newest.count}</td>`));
});
