import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { isAlive, portalDirs, signedIn, startApp, stopApp, type RunningApp } from './app.ts';

const { root, dataDir, contentDir } = portalDirs('fixpoint-engine-kill-');
let app: RunningApp | undefined;
afterAll(async () => {
  if (app) await stopApp(app);
  fs.rmSync(root, { recursive: true, force: true });
});

const QUERIES = [
  'vpn keeps dropping',
  'printer offline',
  'reset password',
  'teams camera black',
  'laptop slow',
  'outlook not syncing',
];

it('keeps answering without a 5xx while Meilisearch is killed, restarts it, and applies what it missed from the outbox', async () => {
  app = await startApp({ port: 4395, dataDir, contentDir });
  const { cookie } = await signedIn(dataDir);
  const statuses = new Map<number, number>();
  const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
  let stop = false;
  let n = 0;
  const client = async (kind: number) => {
    while (!stop) {
      const q = QUERIES[n++ % QUERIES.length]!;
      const response =
        kind === 0
          ? await fetch(`${app!.base}/api/suggest?q=${encodeURIComponent(q)}`, { headers: { cookie } })
          : kind === 1
            ? await fetch(`${app!.base}/help?subject=${encodeURIComponent(q)}`, { headers: { cookie } })
            : await fetch(`${app!.base}/api/tickets`, {
                method: 'POST',
                headers: { cookie, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
                body: JSON.stringify({ subject: q, description: 'During the engine kill.' }),
              });
      count(response.status);
      await response.arrayBuffer();
    }
  };
  const clients = [0, 0, 0, 0, 1, 1, 2, 2].map(client);
  await new Promise((r) => setTimeout(r, 1000));

  // Freeze the engine, publish an article (a file arriving, as from a git pull: its index update now
  // hangs on the frozen engine), then kill the engine: that update fails and must wait in the outbox.
  const pidFile = path.join(dataDir, 'meili.pid');
  const pid = Number(fs.readFileSync(pidFile, 'utf8'));
  process.kill(pid, 'SIGSTOP');
  const slug = 'zephyr-plotter-prints-stripes';
  fs.writeFileSync(
    path.join(contentDir, 'faq', `${slug}.md`),
    '---\ntitle: Zephyr plotter prints stripes\nsummary: Clean the print head.\ncategory: printing\n---\n\nRun the head cleaning twice.\n',
  );
  const outbox = new Database(path.join(dataDir, 'fixpoint.db'), { readonly: true });
  await expect
    .poll(() => outbox.prepare("SELECT count(*) FROM search_outbox WHERE kind = 'articles'").pluck().get(), {
      timeout: 5000,
      interval: 50,
    })
    .toBe(1);
  outbox.close();
  process.kill(pid, 'SIGKILL');
  await new Promise((r) => setTimeout(r, 4000));
  stop = true;
  await Promise.all(clients);

  const total = [...statuses.values()].reduce((a, b) => a + b, 0);
  const serverErrors = [...statuses.entries()].filter(([s]) => s >= 500);
  console.log(`engine kill: ${total} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  expect(serverErrors).toEqual([]);
  expect(total).toBeGreaterThan(100);
  expect(isAlive(pid)).toBe(false);

  // The engine is back, the outbox is empty, and the article published during the outage is in the index.
  const key = fs.readFileSync(path.join(dataDir, 'meili-master-key'), 'utf8').trim();
  await expect
    .poll(async () => (await (await fetch(`${app!.base}/healthz`)).json()) as unknown, { timeout: 30_000 })
    .toMatchObject({ status: 'ok', db: 'ok', search: 'ok', storage: 'ok' });
  const db = new Database(path.join(dataDir, 'fixpoint.db'), { readonly: true });
  try {
    await expect
      .poll(() => db.prepare('SELECT count(*) FROM search_outbox').pluck().get(), {
        timeout: 30_000,
        interval: 250,
      })
      .toBe(0);
  } finally {
    db.close();
  }
  const engineUrl = [...app.output().matchAll(/Meilisearch at (http:\/\/127\.0\.0\.1:\d+)/g)].at(-1)![1]!;
  await expect
    .poll(
      async () => {
        const hits = (await (
          await fetch(`${engineUrl}/indexes/fixpoint_articles/search`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: JSON.stringify({ q: 'zephyr plotter' }),
          }).catch(() => null)
        )
          ?.json()
          .catch(() => null)) as { hits?: Array<{ slug: string }> } | null;
        return hits?.hits?.some((h) => h.slug === slug) ?? false;
      },
      { timeout: 30_000, interval: 250 },
    )
    .toBe(true);
});
