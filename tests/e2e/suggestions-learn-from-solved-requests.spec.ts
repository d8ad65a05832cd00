import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { getDatabase } from '#lib/db/db.ts';
import { learnFromSolves } from '#lib/knowledge/learning.ts';
import { createTestSession, createTestUser, expect, test } from './fixtures.ts';

const dataDir = () => process.env.E2E_DATA_DIR!;

test('an employee’s confirmed solve is learned for the article, listed for agents, and removable', async ({
  page,
  browser,
  baseURL,
}) => {
  // 1. An employee describes the problem in their own words and confirms the article solved it.
  await page.goto('/help');
  await page.getByLabel('What is the problem?').fill('forgot my password, the quuxwidget login refuses me');
  const suggestions = page.getByRole('region', { name: 'Suggested answers' });
  await suggestions.getByRole('link', { name: /Reset your password/ }).click();
  await page.getByRole('button', { name: 'Yes, solved' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Great, glad that solved it!');

  // 2. The start process learns every 2 minutes; the test runs the same step at once. Its timer may
  // have learned the words a moment before (a CI run saw that: 0 added here): either way the editor
  // page below must list them.
  learnFromSolves(getDatabase(path.join(dataDir(), 'fixpoint.db')));

  // 3. An agent sees the words on the article's editor page, and removes them.
  const agent = await createTestUser(dataDir(), ['agent']);
  const context = await browser.newContext({ baseURL });
  await context.addCookies([
    { name: 'fixpoint_session', value: createTestSession(dataDir(), agent.id), url: baseURL! },
  ]);
  const editor = await context.newPage();
  await editor.goto('/agent/kb/edit/reset-your-password#learned');
  const learned = editor.getByRole('region', { name: 'How people described it' });
  await expect(learned).toContainText('forgot my password, the quuxwidget login refuses me');
  expect((await new AxeBuilder({ page: editor }).include('#learned').analyze()).violations).toEqual([]);
  await learned.getByRole('button', { name: /Remove: forgot my password, the quuxwidget/ }).click();
  await expect(editor.getByRole('status')).toHaveText(/Phrasing removed/);
  await expect(editor.getByRole('region', { name: 'How people described it' })).not.toContainText(
    'quuxwidget',
  );
  await context.close();
});
