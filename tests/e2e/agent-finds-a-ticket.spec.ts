import AxeBuilder from '@axe-core/playwright';
import path from 'node:path';
import { getDatabase } from '#lib/db/db.ts';
import { createTicket } from '#lib/tickets/tickets.ts';
import { addMessage } from '#lib/tickets/workflow.ts';
import { toPrincipal } from '#lib/auth/users.ts';
import { createTestUser, expect, test } from './fixtures.ts';

test.use({ role: ['agent'] });

test('an agent finds a ticket by number from the header, by words in a reply, replies and resolves', async ({
  page,
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

  // The header search box sends a ticket number straight to the ticket.
  const started = Date.now();
  await page.goto('/agent');
  await page.getByRole('searchbox', { name: 'Search the knowledge base' }).fill(`T-${ticket.number}`);
  await page.getByRole('searchbox', { name: 'Search the knowledge base' }).press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`T-${ticket.number}: ${ticket.subject}`);
  // Conversation first: the reply box comes right after the thread; the status select starts on the current status.
  await expect(page.getByLabel('New status')).toHaveValue('new');
  await page.getByLabel('Message (Markdown)').fill('A new dock is on its way to you.');
  await page.getByRole('button', { name: 'Send reply to requester' }).click();
  await expect(page.getByRole('status')).toHaveText('Reply sent: the requester can see it.');
  await page.getByLabel('New status').selectOption('resolved');
  await page.getByLabel(/Resolution note/).fill('Replaced the dock.');
  await page.getByRole('button', { name: 'Change status' }).click();
  await expect(page.getByRole('status')).toHaveText('Status changed.');
  test
    .info()
    .annotations.push({ type: 'find, reply, resolve (ms)', description: String(Date.now() - started) });

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
