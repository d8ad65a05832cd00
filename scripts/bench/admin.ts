// Admin at the size of a company: /admin (search, filters, deep pages) with 20,000 accounts and
// /admin/audit with 100,000 entries, one admin clicking (1 connection), p50 and p95 per page.
// `npm run bench` measures it as some of its rows; alone (about a minute):
//   node_modules/.bin/node scripts/bench/admin.ts [--seconds 5] [--accounts 20000]
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createSession, generateSessionToken } from '#lib/auth/sessions.ts';
import { createUser } from '#lib/auth/users.ts';
import type { Db } from '#lib/db/db.ts';
import { startPortal } from './portal.ts';

const FIRST = ['Ada', 'Bruno', 'Chiara', 'Dana', 'Emil', 'Fatima', 'Giulia', 'Hannes', 'Ines', 'Jonas'];
const LAST = ['Keller', 'Rossi', 'Okonkwo', 'Berg', 'Haddad', 'Rivera', 'Meier', 'Bianchi', 'Novak', 'Sato'];

/** Writes `n` accounts (most employees, some agents in tiers 1–3, a few managers and admins, 2 % disabled) and `audit` audit entries. */
export function seedDirectory(db: Db, n: number, audit: number): void {
  const user = db.prepare(
    "INSERT INTO users (email, display_name, password_hash, agent_tier, disabled_at) VALUES (?, ?, 'not-a-hash: generated accounts cannot sign in', ?, ?)",
  );
  const role = db.prepare('INSERT INTO user_roles (user_id, role) VALUES (?, ?)');
  const entry = db.prepare(
    'INSERT INTO audit_log (at, actor, action, target, address, detail) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const actions = [
    'signin.success',
    'signin.failure',
    'user.roles',
    'user.disable',
    'access.denied',
    'token.create',
  ];
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const name = `${FIRST[i % 10]} ${LAST[Math.floor(i / 10) % 10]} ${i}`;
      const kind = i % 200;
      const tier = kind < 16 ? 1 + (kind % 3) : null;
      const id = Number(
        user.run(`person${i}@bench.example`, name, tier, i % 50 === 0 ? '2026-11-01T00:00:00.000Z' : null)
          .lastInsertRowid,
      );
      role.run(id, tier ? 'agent' : 'employee');
      if (kind === 16) role.run(id, 'manager');
      if (kind === 17) role.run(id, 'admin');
    }
    const start = Date.parse('2026-08-01T00:00:00.000Z');
    for (let i = 0; i < audit; i++)
      entry.run(
        new Date(start + i * 60_000).toISOString(),
        `user:${1 + (i % n)} person${i % n}@bench.example`,
        actions[i % actions.length],
        `person${(i * 7) % n}@bench.example`,
        `10.0.${i % 250}.${i % 200}`,
        JSON.stringify({ from: { roles: ['employee'], tier: null }, to: { roles: ['agent'], agentTier: 2 } }),
      );
  })();
}

/** The pages measured, as an admin would click them. */
export const ADMIN_PAGES = [
  ['/admin, first page', '/admin'],
  ['/admin, search by name', '/admin?q=chiara+rossi'],
  ['/admin, search by e-mail', '/admin?q=person1234%40'],
  ['/admin, agents of tier 2', '/admin?role=agent&tier=2'],
  ['/admin, disabled employees', '/admin?role=employee&status=disabled'],
  ['/admin, page 300', '/admin?page=300'],
  ['/admin/audit, first page', '/admin/audit'],
  ['/admin/audit, action and actor', '/admin/audit?action=user.roles&actor=person12'],
  ['/admin/audit, part of an actor', '/admin/audit?actor=person1234%40'],
  ['/admin/audit, one day', '/admin/audit?from=2026-09-01&to=2026-09-01'],
] as const;

/** p50 and p95 of each page, one connection, `seconds` each. */
export async function measureAdminPages(options: { base: string; cookie: string; seconds: number }) {
  const out: Array<{ label: string; p50: number; p95: number; requests: number }> = [];
  for (const [label, url] of ADMIN_PAGES) {
    // The page itself, once: a 200 that lists something, so the timings are of real answers.
    const page = await fetch(`${options.base}${url}`, {
      headers: { cookie: options.cookie },
      redirect: 'manual',
    });
    const html = await page.text();
    if (page.status !== 200 || !/<tbody>\s*<tr/.test(html))
      throw new Error(`${url}: ${page.status}, ${html.length} bytes without a table row`);
    const latencies: number[] = [];
    const result = await autocannon({
      url: `${options.base}${url}`,
      connections: 1,
      duration: options.seconds,
      headers: { cookie: options.cookie },
      setupClient: (client) =>
        client.on('response', (_s: number, _b: number, ms: number) => latencies.push(ms)),
    });
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
    latencies.sort((a, b) => a - b);
    const at = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]!;
    out.push({ label, p50: at(50), p95: at(95), requests: latencies.length });
  }
  return out;
}

/** An admin's session cookie in a database. */
export async function adminCookie(db: Db): Promise<string> {
  const admin = await createUser(db, {
    email: 'bench-admin@example.com',
    displayName: 'Bench Admin',
    roles: ['admin'],
    password: 'four quiet harbours at dawn',
  });
  const token = generateSessionToken();
  createSession(db, token, admin.id);
  return `fixpoint_session=${token}`;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { seconds: { type: 'string', default: '5' }, accounts: { type: 'string', default: '20000' } },
  });
  const portal = await startPortal(4394, { env: { WEB_WORKERS: '1' } });
  const db = portal.db;
  const accounts = Number(values.accounts);
  const t = performance.now();
  seedDirectory(db, accounts, 100_000);
  console.log(
    `Wrote ${accounts} accounts and 100,000 audit entries in ${(performance.now() - t).toFixed(0)} ms.`,
  );
  const cookie = await adminCookie(db);
  const { base } = portal;
  await measureAdminPages({ base, cookie, seconds: 1 }); // warm-up
  console.log(
    `\n| page (${accounts} accounts, 100,000 audit entries) | p50 | p95 | requests |\n| --- | --- | --- | --- |`,
  );
  for (const r of await measureAdminPages({ base, cookie, seconds: Number(values.seconds) }))
    console.log(`| ${r.label} | ${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${r.requests} |`);
  await portal.stop();
}
