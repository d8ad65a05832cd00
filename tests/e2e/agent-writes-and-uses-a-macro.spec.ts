import AxeBuilder from '@axe-core/playwright';
import path from 'node:path';
import { getDatabase } from '#lib/db/db.ts';
import { createMacro } from '#lib/tickets/macros.ts';
import { createTicket } from '#lib/tickets/tickets.ts';
import { changeStatus, getTimeline } from '#lib/tickets/workflow.ts';
import { toPrincipal } from '#lib/auth/users.ts';
import { createTestSession, createTestUser, expect, test } from './fixtures.ts';

test.use({ role: ['agent'] });

test('an agent writes a personal macro (a wrong placeholder is refused), uses it without JavaScript, and a refused action loses nothing', async ({
  page,
  browser,
  baseURL,
  user,
}) => {
  const dataDir = process.env.E2E_DATA_DIR!;
  const db = getDatabase(path.join(dataDir, 'fixpoint.db'));
  const requester = await createTestUser(dataDir, ['employee']);
  const name = `Waiting on you ${Date.now().toString(36)}`;

  await page.goto('/agent/macros');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Macros');
  // Only managers and admins share macros: an agent's is personal, no choice offered.
  await expect(page.getByRole('radio', { name: /Every agent/ })).toHaveCount(0);
  await page.getByLabel('Name').fill(name);
  await page
    .getByLabel('Text (Markdown)')
    .fill('Hi {{requester.firstname}}, could you send a photo of {{ticket.number}}?');
  await page.getByLabel('Set the status').selectOption({ label: 'Pending' });
  await page.getByRole('button', { name: 'Create macro' }).click();
  await expect(page.getByText('{{requester.firstname}} is not a placeholder Fixpoint knows.')).toBeVisible();
  // What was typed is still there, to correct.
  await expect(page.getByLabel('Text (Markdown)')).toHaveValue(/could you send a photo/);
  await expect(page.getByLabel('Set the status')).toHaveValue('pending');
  await page
    .getByLabel('Text (Markdown)')
    .fill('Hi {{requester.first_name}}, could you send a photo of {{ticket.number}}?');
  await page.getByRole('button', { name: 'Create macro' }).click();
  await expect(page.getByRole('status')).toHaveText('Macro created.');
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Only you');
  await expect(row).toContainText('status Pending');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  // The edit page, for the owner.
  await row.getByRole('link', { name }).click();
  await expect(page.getByRole('button', { name: 'Delete macro' })).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // A resolved ticket cannot become pending: the reply is not sent and nothing typed is lost.
  const agent = toPrincipal(user!);
  const { ticket } = createTicket(db, requester.id, {
    subject: 'Monitor flickers',
    description: 'Since Monday.',
  });
  changeStatus(db, ticket.id, agent, 'resolved', { note: 'New cable.' });
  const noScript = await browser.newContext({ baseURL, javaScriptEnabled: false });
  await noScript.addCookies([
    { name: 'fixpoint_session', value: createTestSession(dataDir, user!.id), url: baseURL! },
  ]);
  const plain = await noScript.newPage();
  await plain.goto(`/agent/tickets/${ticket.number}`);
  await plain.getByLabel('Message (Markdown)').fill('Thanks for waiting.');
  await plain.getByLabel('Macro', { exact: true }).selectOption({ label: name });
  await plain.getByRole('button', { name: 'Insert macro' }).click();
  // Without script the server puts the text after what was typed.
  await expect(plain.getByLabel('Message (Markdown)')).toHaveValue(
    `Thanks for waiting.\n\nHi Test, could you send a photo of T-${ticket.number}?`,
  );
  const apply = plain.getByRole('checkbox', { name: /also apply the macro’s actions: status Pending/ });
  await expect(apply).toBeChecked();
  await plain.getByLabel('Message (Markdown)').fill('Thanks for waiting. One more photo, please?');
  await plain.getByRole('button', { name: 'Send reply to requester' }).click();
  await expect(plain.getByRole('alert')).toHaveText(
    `Nothing was sent: the macro "${name}" could not be applied. A resolved ticket cannot become pending. Your text is still here; untick the macro’s actions to send it without them.`,
  );
  await expect(plain.getByLabel('Message (Markdown)')).toHaveValue(
    'Thanks for waiting. One more photo, please?',
  );
  expect(getTimeline(db, ticket.id, { includeInternal: true }).filter((e) => e.type === 'reply')).toEqual([]);
  // Unticked, the reply goes out without the actions.
  await apply.uncheck();
  await plain.getByRole('button', { name: 'Send reply to requester' }).click();
  await expect(plain.getByRole('status')).toHaveText('Reply sent: the requester can see it.');
  await noScript.close();

  // Deleting it takes it out of the reply box.
  await page.goto('/agent/macros');
  await page.getByRole('row').filter({ hasText: name }).getByRole('link', { name }).click();
  await page.getByRole('button', { name: 'Delete macro' }).click();
  await expect(page.getByRole('status')).toHaveText('Macro deleted.');
  await page.goto(`/agent/tickets/${ticket.number}`);
  await expect(page.getByRole('option', { name })).toHaveCount(0);
});

test.describe('another agent', () => {
  test.use({ role: ['agent'] });
  test("cannot open someone else's personal macro, and may only read a shared one", async ({ page }) => {
    const dataDir = process.env.E2E_DATA_DIR!;
    const db = getDatabase(path.join(dataDir, 'fixpoint.db'));
    const owner = await createTestUser(dataDir, ['agent']);
    const catalog = { article: () => null, categories: [] };
    const macro = (over: { name: string; shared: boolean }) => ({
      body: 'Hello.',
      locale: 'en' as const,
      status: null,
      priority: null,
      category: null,
      article: null,
      ...over,
    });
    const personal = createMacro(
      db,
      toPrincipal(owner),
      macro({ name: 'Private one', shared: false }),
      catalog,
    );
    const lead = { kind: 'token' as const, id: 0, name: 'desk lead', roles: ['manager' as const] };
    const shared = createMacro(db, lead, macro({ name: 'Shared one', shared: true }), catalog);
    expect((await page.goto(`/agent/macros/${personal}`))?.status()).toBe(404);
    await page.goto(`/agent/macros/${shared}`);
    await expect(
      page.getByText('Shared macros are changed by managers and admins; you can use this one.'),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save macro' })).toBeDisabled();
    // A forged POST is refused on the server too.
    const answer = await page.request.post(`/agent/macros/${shared}`, {
      form: { action: 'delete' },
      headers: { origin: new URL(page.url()).origin },
    });
    expect(answer.status()).toBe(403);
    expect(db.prepare('SELECT count(*) FROM ticket_macros WHERE id = ?').pluck().get(shared)).toBe(1);
  });
});

test.describe('a manager', () => {
  test.use({ role: ['manager'] });
  test('writes shared macros for the desk (no personal ones without the agent role)', async ({ page }) => {
    const name = `Shared by the lead ${Date.now().toString(36)}`;
    await page.goto('/agent/macros');
    await expect(page.getByRole('radio')).toHaveCount(0);
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Text (Markdown)').fill('Hello {{requester.first_name}}, {{agent.name}} here.');
    await page.getByLabel('Set the priority').selectOption('2');
    await page.getByRole('button', { name: 'Create macro' }).click();
    await expect(page.getByRole('status')).toHaveText('Macro created.');
    const row = page.getByRole('row').filter({ hasText: name });
    await expect(row).toContainText('Shared');
    await expect(row).toContainText('priority P2');
  });
});
