import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Browser } from '@playwright/test';
import { getDatabase } from '#lib/db/db.ts';
import { createTestSession, createTestUser, expect, test } from './fixtures.ts';

test.use({ role: null });

const dataDir = () => process.env.E2E_DATA_DIR!;

async function signedInPage(browser: Browser, baseURL: string, roles: Parameters<typeof createTestUser>[1]) {
  const user = await createTestUser(dataDir(), roles);
  const context = await browser.newContext({ baseURL, acceptDownloads: true });
  await context.addCookies([
    { name: 'fixpoint_session', value: createTestSession(dataDir(), user.id), url: baseURL },
  ]);
  return { user, page: await context.newPage(), context };
}

test('a manager picks a period, reads the reports and exports a CSV that matches the page; others cannot open them', async ({
  browser,
  baseURL,
}) => {
  const manager = await signedInPage(browser, baseURL!, ['manager']);
  const employee = await signedInPage(browser, baseURL!, ['employee']);
  const agent = await signedInPage(browser, baseURL!, ['agent']);

  // A quiet week in the past that only this test writes to: three help requests, one of them a content gap.
  const db = getDatabase(path.join(dataDir(), 'fixpoint.db'));
  const insert = db.prepare(
    'INSERT INTO help_requests (id, user_id, started_at, updated_at, final_query, result_count, shown, solved_slug) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const id = () => `e2e${randomBytes(10).toString('hex')}`;
  const solved = id();
  insert.run(
    solved,
    employee.user.id,
    '2025-03-04T09:00:00.000Z',
    '2025-03-04T09:00:00.000Z',
    'reset password',
    3,
    1,
    'reset-your-password',
  );
  db.prepare(
    "INSERT INTO help_request_events (request_id, at, type, slug) VALUES (?, '2025-03-04T09:01:00.000Z', 'article_opened', 'reset-your-password')",
  ).run(solved);
  insert.run(
    id(),
    employee.user.id,
    '2025-03-05T09:00:00.000Z',
    '2025-03-05T09:00:00.000Z',
    'printer offline',
    4,
    1,
    null,
  );
  insert.run(
    id(),
    employee.user.id,
    '2025-03-06T09:00:00.000Z',
    '2025-03-06T09:00:00.000Z',
    'SAP GUI crashes',
    0,
    0,
    null,
  );

  await manager.page.goto('/manage');
  await expect(manager.page.getByRole('heading', { level: 1 })).toHaveText('Reports');
  await manager.page.getByLabel('Custom').check();
  await manager.page.getByLabel('From', { exact: true }).fill('2025-03-03');
  await manager.page.getByLabel('To', { exact: true }).fill('2025-03-09');
  await manager.page.getByLabel('Time zone').selectOption('UTC');
  await manager.page.getByRole('button', { name: 'Show' }).click();
  await expect(manager.page.getByRole('status')).toContainText('2025-03-03 to 2025-03-09 (7 days, UTC)');

  // Deflection: 1 confirmed + 1 potential out of 2 shown → 100 %, confirmed 50 %.
  await expect(
    manager.page.getByRole('listitem').filter({ hasText: 'Confirmed deflection rate' }),
  ).toContainText('50.0 %');
  const funnelTable = manager.page.locator('details').filter({ hasText: 'Data table: funnel' });
  await funnelTable.locator('summary').click();
  const pageRows = await funnelTable
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent!.trim())),
    );
  expect(pageRows).toEqual([
    ['Started a request', '3', '0'],
    ['Shown suggestions', '2', '0'],
    ['Opened an article', '1', '0'],
    ['Clicked "solved"', '1', '0'],
    ['Filed a ticket', '0', '0'],
  ]);
  await expect(
    manager.page.getByRole('table', { name: 'What are people searching for that we have no article for?' }),
  ).toContainText('sap gui crashes');

  // The CSV export has the same numbers as the page.
  const download = manager.page.waitForEvent('download');
  await manager.page.getByRole('link', { name: 'Export the funnel (CSV)' }).click();
  const file = await (await download).path();
  const csv = fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\r\n')
    .map((line) => line.split(',').map((cell) => cell.replace(/^"|"$/g, '').replace(/""/g, '"')));
  expect(csv[0]).toEqual(['step', 'requests', 'previous period']);
  expect(csv.slice(1)).toEqual(pageRows);
  // Only the report tables are tables: names inherited by every object are not (a 500 once).
  for (const name of ['__proto__', 'toString', 'constructor'])
    expect((await manager.page.request.get(`/manage/export/${name}.csv`)).status()).toBe(404);

  // Changing the range changes the numbers: the week before is empty and says so instead of 0 %.
  await manager.page.getByLabel('From', { exact: true }).fill('2025-02-24');
  await manager.page.getByLabel('To', { exact: true }).fill('2025-03-02');
  await manager.page.getByRole('button', { name: 'Show' }).click();
  await expect(
    manager.page.getByRole('listitem').filter({ hasText: 'Confirmed deflection rate' }).locator('.kpi-value'),
  ).toHaveText('—');

  for (const other of [employee, agent]) {
    expect((await other.page.goto('/manage'))?.status()).toBe(404);
    expect((await other.page.request.get('/manage/export/funnel.csv')).status()).toBe(404);
  }
  for (const who of [manager, employee, agent]) await who.context.close();
});
