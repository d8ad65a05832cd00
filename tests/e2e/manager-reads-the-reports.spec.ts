import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Browser } from '@playwright/test';
import { request as playwrightRequest } from '@playwright/test';
import { createApiToken } from '#lib/auth/api-tokens.ts';
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
  await expect(manager.page.getByRole('status')).toContainText('3 Mar 2025 to 9 Mar 2025 (7 days, UTC)');

  // Deflection: 1 confirmed + 1 likely out of 2 shown: confirmed 50 %, likely 50 %, both together 100 %, each on its own card.
  const card = (label: string) =>
    manager.page.getByRole('listitem').filter({ has: manager.page.getByText(label, { exact: true }) });
  await expect(card('Confirmed deflection').locator('.kpi-value')).toHaveText('50.0%');
  await expect(card('Likely deflection (inferred)').locator('.kpi-value')).toHaveText('50.0%');
  await expect(card('Confirmed + likely deflection').locator('.kpi-value')).toHaveText('100.0%');
  // The week before is empty: no comparison rather than a made-up change.
  await expect(card('Confirmed deflection')).toContainText('no comparison');
  await expect(card('Help requests')).toContainText('+3');
  // One whole week in the past: drawn, nothing left out as partial.
  await expect(manager.page.locator('.partial-note')).toHaveCount(0);
  await expect(
    manager.page.getByRole('region', { name: 'By channel' }).getByRole('row', { name: /Web/ }),
  ).toContainText('3');
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

  // In German the same week reads in German, numbers and dates included; the CSV keeps its English headers.
  const weekQuery = 'range=custom&from=2025-03-03&to=2025-03-09&tz=UTC';
  await manager.page.goto(`/manage?${weekQuery}&lang=de`);
  await expect(manager.page.getByRole('heading', { level: 1 })).toHaveText('Berichte');
  await expect(manager.page.getByRole('status')).toContainText('3. März 2025 bis 9. März 2025 (7 Tage, UTC)');
  await expect(card('Bestätigte Selbsthilfe').locator('.kpi-value')).toHaveText('50,0\u00a0%');
  await expect(card('Bestätigte Selbsthilfe')).toContainText('kein Vergleich');
  const germanCsv = await manager.page.request.get(`/manage/export/funnel.csv?${weekQuery}&lang=de`);
  expect((await germanCsv.text()).split('\r\n').slice(0, 2)).toEqual([
    'step,requests,previous period',
    'Anfrage begonnen,3,0',
  ]);
  await manager.page.goto(`/manage?${weekQuery}&lang=en`);

  // Changing the range changes the numbers: the week before is empty and says so instead of 0 %.
  await manager.page.getByLabel('From', { exact: true }).fill('2025-02-24');
  await manager.page.getByLabel('To', { exact: true }).fill('2025-03-02');
  await manager.page.getByRole('button', { name: 'Show' }).click();
  await expect(card('Confirmed deflection').locator('.kpi-value')).toHaveText('—');

  // A manager's API token reads every report as JSON and every CSV export; an employee's token cannot.
  const { token } = createApiToken(db, { name: 'BI dashboard', role: 'manager', createdBy: null });
  const bi = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { authorization: `Bearer ${token}` },
  });
  const week = 'range=custom&from=2025-03-03&to=2025-03-09&tz=UTC';
  const index = await bi.get('/api/reports');
  expect(index.status()).toBe(200);
  const names = ((await index.json()) as { reports: Array<{ name: string }> }).reports.map((r) => r.name);
  expect(names).toEqual(
    expect.arrayContaining(['summary', 'funnel', 'deflection-channels', 'agents', 'tiers']),
  );
  for (const name of names) {
    const json = await bi.get(`/api/reports/${name}?${week}`);
    expect(json.status(), name).toBe(200);
    expect(json.headers()['content-type']).toContain('application/json');
    const csvAnswer = await bi.get(`/manage/export/${name}.csv?${week}`);
    expect(csvAnswer.status(), `${name}.csv`).toBe(200);
    expect(csvAnswer.headers()['content-type']).toContain('text/csv');
  }
  const funnelJson = (await (await bi.get(`/api/reports/funnel?${week}`)).json()) as {
    period: { firstDay: string; lastDay: string };
    timeZone: string;
    rows: Array<{ step: string; value: number; previous: number }>;
  };
  expect(funnelJson.period).toMatchObject({ firstDay: '2025-03-03', lastDay: '2025-03-09' });
  expect(funnelJson.rows.map((r) => [r.step, String(r.value), String(r.previous)])).toEqual(pageRows);
  const summary = (await (await bi.get(`/api/reports/summary?${week}`)).json()) as {
    rows: Array<{ key: string; value: number | null; previous: number | null }>;
  };
  expect(summary.rows.find((r) => r.key === 'confirmedRate')).toMatchObject({ value: 0.5, previous: null });
  expect(summary.rows.find((r) => r.key === 'likelyRate')).toMatchObject({ value: 0.5 });
  expect((await bi.get('/api/reports/nothing-here')).status()).toBe(404);
  const badDates = await bi.get('/api/reports/funnel?range=custom&from=2025-03-09&to=2025-03-01');
  expect(badDates.status()).toBe(400);
  expect(((await badDates.json()) as { error: string }).error).toContain('Choose a start and an end date');
  await bi.dispose();
  const { token: employeeToken } = createApiToken(db, { name: 'nosy', role: 'employee', createdBy: null });
  const nosy = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { authorization: `Bearer ${employeeToken}` },
  });
  expect((await nosy.get('/api/reports/funnel')).status()).toBe(404);
  expect((await nosy.get('/manage/export/funnel.csv')).status()).toBe(404);
  await nosy.dispose();

  for (const other of [employee, agent]) {
    expect((await other.page.goto('/manage'))?.status()).toBe(404);
    expect((await other.page.request.get('/manage/export/funnel.csv')).status()).toBe(404);
  }
  for (const who of [manager, employee, agent]) await who.context.close();
});

test("the time-zone select shows the zone of the numbers, and offers the browser's own", async ({
  browser,
  baseURL,
}) => {
  const user = await createTestUser(dataDir(), ['manager']);
  const context = await browser.newContext({ baseURL, timezoneId: 'Europe/Zurich' });
  await context.addCookies([
    { name: 'fixpoint_session', value: createTestSession(dataDir(), user.id), url: baseURL! },
  ]);
  const page = await context.newPage();
  await page.goto('/manage?range=7');
  // Opened without a zone: the numbers are in UTC and the select says so, whatever the browser's zone.
  await expect(page.getByLabel('Time zone')).toHaveValue('UTC');
  await expect(page.getByRole('status')).toContainText('(7 days, UTC)');
  await page.getByRole('button', { name: 'Show the numbers in your time zone (Europe/Zurich)' }).click();
  await expect(page.getByRole('status')).toContainText('(7 days, Europe/Zurich)');
  await expect(page.getByLabel('Time zone')).toHaveValue('Europe/Zurich');
  await expect(page.getByRole('button', { name: /Show the numbers in your time zone/ })).toBeHidden();
  // The last 7 days end today: the week that is not over is left out of the trend and named.
  await expect(page.locator('.partial-note')).toContainText('not over yet');
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
  await context.close();
});
