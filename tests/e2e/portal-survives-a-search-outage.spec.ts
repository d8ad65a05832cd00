import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { createTestSession, createTestUser } from './fixtures.ts';

// These journeys start their own portal (not the shared one) because they break its search engine.
test.describe.configure({ mode: 'serial' });

const PORT = 4398;
const base = `http://localhost:${PORT}`;
let dataDir: string;
let app: ChildProcess;
let output = '';
let sessionToken = '';

const isAlive = (pid: number) =>
  fs.existsSync(`/proc/${pid}`) && !/^State:\s*Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
const meiliPid = () => Number(fs.readFileSync(path.join(dataDir, 'meili.pid'), 'utf8'));

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixpoint-outage-'));
  app = spawn(process.execPath, ['scripts/start.ts'], {
    env: { ...process.env, PORT: String(PORT), DATA_DIR: dataDir, NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  app.stdout!.on('data', (c) => (output += c));
  app.stderr!.on('data', (c) => (output += c));
  await expect.poll(() => output, { timeout: 60_000 }).toContain('Fixpoint is ready');
  sessionToken = createTestSession(dataDir, (await createTestUser(dataDir, ['employee'])).id);
});

test.beforeEach(async ({ context }) => {
  await context.addCookies([{ name: 'fixpoint_session', value: sessionToken, url: base }]);
});

test.afterAll(async () => {
  // Stopped cleanly by the last test; after a failure, stop it here so no engine is left behind.
  if (app.exitCode === null) {
    const exited = new Promise((resolve) => app.once('exit', resolve));
    app.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  }
  if (fs.existsSync(path.join(dataDir, 'meili.pid')) && isAlive(meiliPid()))
    process.kill(meiliPid(), 'SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('pages keep working while Meilisearch is down, and search comes back by itself', async ({ page }) => {
  const pid = meiliPid();
  process.kill(pid, 'SIGKILL');
  await expect.poll(() => isAlive(pid)).toBe(false);

  // Immediately after the crash: articles render, search explains itself instead of failing.
  expect((await page.goto(`${base}/kb/reset-your-password`))?.status()).toBe(200);
  const during = await page.goto(`${base}/search?q=vpn`);
  if (during?.status() === 503) {
    await expect(page.getByRole('alert')).toContainText('Search is briefly unavailable');
  }

  // The manager restarts the engine; search answers again without restarting the portal.
  await expect
    .poll(async () => (await page.request.get(`${base}/healthz`)).json(), { timeout: 30_000 })
    .toMatchObject({ status: 'ok', db: 'ok', search: 'ok', storage: 'ok' });
  expect(meiliPid()).not.toBe(pid);
  expect((await page.goto(`${base}/search?q=vpn`))?.status()).toBe(200);
  await expect(page.locator('ol.results h2').first()).toBeVisible();
});

test('search says it is unavailable while the engine cannot answer', async ({ page }) => {
  // Freeze the engine (SIGSTOP) so the outage lasts as long as the check needs.
  const pid = meiliPid();
  process.kill(pid, 'SIGSTOP');
  try {
    const response = await page.goto(`${base}/search?q=printer`);
    expect(response?.status()).toBe(503);
    await expect(page.getByRole('alert')).toContainText('Search is briefly unavailable');
    await expect(page.getByRole('alert').getByRole('link', { name: 'knowledge base' })).toBeVisible();
    expect((await page.request.get(`${base}/healthz`)).status()).toBe(200);
    expect(await (await page.request.get(`${base}/healthz`)).json()).toMatchObject({
      status: 'degraded',
      search: 'unavailable',
    });

    // Suggestions keep coming from the SQLite ranking, and filing a ticket never depends on search.
    const suggest = await page.request.get(`${base}/api/suggest?q=${encodeURIComponent('printer offline')}`);
    expect(suggest.status()).toBe(200);
    const [first] = (await suggest.json()).results;
    expect(first.slug).toBe('print-job-stuck-or-printer-offline');
    // Every suggestion says how well it fits (0..1), with or without the encoder.
    expect(first.score).toBeGreaterThan(0);
    expect(first.score).toBeLessThanOrEqual(1);
    await page.goto(`${base}/help`);
    await page.getByLabel('What is the problem?').fill('Printer offline on floor 3');
    await page.getByRole('button', { name: 'Create a ticket' }).click();
    await page.getByLabel('Description').fill('Shows offline since this morning.');
    await page.getByRole('button', { name: 'Submit ticket' }).click();
    await expect(page.getByRole('status')).toContainText(/Ticket T-\d+ is filed/);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
});

test('stopping the portal stops its Meilisearch too', async () => {
  const pid = meiliPid();
  const exited = new Promise((resolve) => app.once('exit', resolve));
  app.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(isAlive(pid)).toBe(false);
  expect(fs.existsSync(path.join(dataDir, 'meili.pid'))).toBe(false);
});

test('a missing Meilisearch binary or an unusable DATA_DIR stops the start with the fix', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['scripts/start.ts'], {
      env: { ...process.env, PORT: '4397', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
  const noBinary = run({ DATA_DIR: dataDir, MEILI_BIN: '/nonexistent/meilisearch' });
  expect(noBinary.status).toBe(1);
  expect(noBinary.stderr).toContain(
    'MEILI_BIN points to /nonexistent/meilisearch, which does not exist. Fix:',
  );
  expect(noBinary.stderr).not.toMatch(/\n\s+at /); // no stack trace

  const file = path.join(dataDir, 'not-a-folder');
  fs.writeFileSync(file, '');
  const badDir = run({ DATA_DIR: path.join(file, 'data') });
  expect(badDir.status).toBe(1);
  expect(badDir.stderr).toMatch(/Cannot write to DATA_DIR .*Fix: point DATA_DIR at a writable folder/);
});
