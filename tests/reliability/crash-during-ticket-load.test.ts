import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { killPortal, signedIn, startApp, stopApp, type RunningApp } from './app.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixpoint-crash-'));
let app: RunningApp | undefined;
afterAll(async () => {
  if (app) await stopApp(app);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('loses no ticket that was answered 201 when the portal is killed (SIGKILL) in the middle of a ticket load', async () => {
  app = await startApp({ port: 4396, dataDir });
  const { cookie } = await signedIn(dataDir);
  const answered: Array<{ key: string; id: number; number: number }> = [];
  let attempted = 0;
  let killed = false;
  // 20 clients filing tickets as fast as the portal takes them; the kill comes mid-stream.
  const client = async () => {
    while (!killed) {
      const key = randomUUID();
      attempted++;
      try {
        const response = await fetch(`${app!.base}/api/tickets`, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json', 'idempotency-key': key, origin: app!.base },
          body: JSON.stringify({
            subject: `Load ticket ${attempted}`,
            description: 'Filed during the crash test.',
            impact: 'one',
            urgency: 'low',
          }),
        });
        if (response.status === 201) {
          const body = (await response.json()) as { id: number; number: number };
          answered.push({ key, id: body.id, number: body.number });
        }
      } catch {
        return; // the portal is gone
      }
    }
  };
  const clients = Array.from({ length: 20 }, client);
  // Mid-stream: once more than 50 tickets were answered (a fixed 1.5 s was too short on a loaded
  // machine), and at least 1.5 s in, so requests are in flight in every worker when the kill comes.
  const started = Date.now();
  while ((answered.length <= 50 || Date.now() - started < 1500) && Date.now() - started < 30_000)
    await new Promise((r) => setTimeout(r, 25));
  killed = true;
  // Every process that serves, at once: the web workers would otherwise finish their requests gracefully.
  const workers = killPortal(app);
  expect(workers.length).toBe(2);
  await Promise.all(clients);
  await new Promise((r) =>
    app!.process.exitCode !== null || app!.process.signalCode !== null
      ? r(null)
      : app!.process.once('exit', r),
  );
  expect(answered.length).toBeGreaterThan(50);

  // Restart on the same DATA_DIR: the orphaned Meilisearch is cleaned up, and every 201 is there exactly once.
  app = await startApp({ port: 4396, dataDir });
  const db = new Database(path.join(dataDir, 'fixpoint.db'), { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const byKey = db.prepare('SELECT id, number FROM tickets WHERE idempotency_key = ?');
    const missing = answered.filter((a) => {
      const rows = byKey.all(a.key) as Array<{ id: number; number: number }>;
      return rows.length !== 1 || rows[0]!.id !== a.id || rows[0]!.number !== a.number;
    });
    expect(missing).toEqual([]);
    expect(
      db
        .prepare(
          'SELECT count(*) FROM (SELECT idempotency_key FROM tickets GROUP BY idempotency_key HAVING count(*) > 1)',
        )
        .pluck()
        .get(),
    ).toBe(0);
    expect(
      db
        .prepare('SELECT count(*) FROM (SELECT number FROM tickets GROUP BY number HAVING count(*) > 1)')
        .pluck()
        .get(),
    ).toBe(0);
    console.log(
      `crash test: ${attempted} tickets attempted, ${answered.length} answered 201 before SIGKILL of the portal and its ${workers.length} web workers, all ${answered.length} present once after restart`,
    );
  } finally {
    db.close();
  }
  // The restarted portal files tickets again.
  const after = await fetch(`${app.base}/api/tickets`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', origin: app.base },
    body: JSON.stringify({ subject: 'After the crash', description: 'Still works.' }),
  });
  expect(after.status).toBe(201);
});
