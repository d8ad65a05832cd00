import AxeBuilder from '@axe-core/playwright';
import path from 'node:path';
import { loadContent } from '#lib/content/load.ts';
import { getDatabase } from '#lib/db/db.ts';
import { contentCatalog, createMacro } from '#lib/tickets/macros.ts';
import { createTicket } from '#lib/tickets/tickets.ts';
import { addMessage } from '#lib/tickets/workflow.ts';
import { toPrincipal } from '#lib/auth/users.ts';
import { createTestUser, expect, test } from './fixtures.ts';

test.use({ role: ['agent'] });

test('an agent finds a ticket by number from the header, replies with a macro that resolves it, and finds it by words', async ({
  page,
  baseURL,
}) => {
  const dataDir = process.env.E2E_DATA_DIR!;
  const db = getDatabase(path.join(dataDir, 'fixpoint.db'));
  const requester = await createTestUser(dataDir, ['employee']);
  const colleague = toPrincipal(await createTestUser(dataDir, ['agent']));
  const word = `zebrafirmware${Date.now().toString(36)}`;
  const { ticket } = createTicket(db, requester.id, {
    subject: 'Docking station flickers',
    description: 'Both monitors go black for a second.',
  });
  addMessage(db, ticket.id, colleague, `Looks like dock ${word} again.`, true);
  // A shared macro the desk lead wrote: it resolves the ticket in the hardware category.
  const macro = `Dock replaced ${Date.now().toString(36)}`;
  createMacro(
    db,
    { kind: 'token', id: 0, name: 'desk lead', roles: ['manager'] },
    {
      name: macro,
      body: 'Hello {{requester.first_name}},\n\na new dock for {{ticket.number}} is on its way: {{article:reset-your-password}}\n\n{{agent.name}}',
      locale: 'en',
      shared: true,
      status: 'resolved',
      priority: null,
      category: 'hardware',
      article: null,
    },
    contentCatalog(loadContent(path.resolve('content')), baseURL!),
  );

  // The header search box sends a ticket number straight to the ticket.
  const started = Date.now();
  await page.goto('/agent');
  await page.getByRole('searchbox', { name: 'Search the knowledge base' }).fill(`T-${ticket.number}`);
  await page.getByRole('searchbox', { name: 'Search the knowledge base' }).press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`T-${ticket.number}: ${ticket.subject}`);
  // Conversation first: the reply box comes right after the thread; the status select starts on the current status.
  await expect(page.getByLabel('New status')).toHaveValue('new');
  // By keyboard: choose the macro in the reply box's list, Enter puts its text into the message.
  await page.waitForLoadState('load'); // the picker's script is in
  const picker = page.getByLabel('Macro', { exact: true });
  await picker.focus();
  await picker.selectOption({ label: macro });
  await picker.press('Enter');
  const message = page.getByLabel('Message (Markdown)');
  await expect(message).toBeFocused();
  await expect(message).toHaveValue(
    `Hello Test,\n\na new dock for T-${ticket.number} is on its way: [Reset your password](${baseURL}/kb/reset-your-password)\n\nTest agent`,
  );
  const apply = page.getByRole('checkbox', {
    name: /also apply the macro’s actions: status Resolved · category Laptops & hardware/,
  });
  await expect(apply).toBeChecked();
  await page.getByRole('button', { name: 'Send reply to requester' }).click();
  await expect(page.getByRole('status')).toHaveText(
    'Sent. The macro’s actions were applied; the timeline shows each change.',
  );
  await expect(page.locator('.facts')).toContainText('Resolved');
  test.info().annotations.push({
    type: 'find, reply with a macro, resolve (ms)',
    description: String(Date.now() - started),
  });
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await expect(timeline).toContainText('a new dock for');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // Words from an internal note find it too, with the matching words marked.
  await page.goto('/agent/search');
  await page.getByLabel('Ticket number or words').fill(word);
  await page.getByRole('button', { name: 'Search tickets' }).click();
  await expect(page.getByRole('status')).toHaveText('1 ticket found, best matches first.');
  const hit = page.getByRole('listitem').filter({ hasText: ticket.subject });
  await expect(hit.locator('mark')).toHaveText(word);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await hit.getByRole('link', { name: `T-${ticket.number}` }).click();
  await expect(page).toHaveURL(new RegExp(`/agent/tickets/${ticket.number}$`));

  // A number that is no ticket says so.
  await page.goto('/agent/search?q=T-999999');
  await expect(page.getByRole('status')).toHaveText('There is no ticket T-999999.');
});

test.describe('an employee', () => {
  test.use({ role: ['employee'] });
  test('searching a ticket number in the header searches the knowledge base', async ({ page }) => {
    await page.goto('/search?q=T-1001');
    await expect(page).toHaveURL(/\/search\?q=T-1001$/);
    expect((await page.goto('/agent/search?q=1001'))?.status()).toBe(404);
  });
});
