import AxeBuilder from '@axe-core/playwright';
import path from 'node:path';
import { getDatabase } from '#lib/db/db.ts';
import { toPrincipal } from '#lib/auth/users.ts';
import { createTicket } from '#lib/tickets/tickets.ts';
import { storeUploads } from '#lib/tickets/attachments.ts';
import { assignTicket } from '#lib/tickets/workflow.ts';
import { createTestSession, createTestUser, expect, test } from './fixtures.ts';

test.use({ role: ['agent'] });

test('an agent sets the priority of three tickets at once; the one that cannot take it is refused with the reason', async ({
  page,
  user,
}) => {
  const dataDir = process.env.E2E_DATA_DIR!;
  const db = getDatabase(path.join(dataDir, 'fixpoint.db'));
  const requester = await createTestUser(dataDir, ['employee']);
  const agent = toPrincipal(user!);
  const file = (subject: string, impact: string, urgency: string) => {
    const { ticket } = createTicket(db, requester.id, {
      subject,
      description: 'Since Monday.',
      impact,
      urgency,
    });
    assignTicket(db, ticket.id, agent, agent.id);
    return ticket;
  };
  const several = file('Label printer in shipping offline', 'several', 'low'); // P4
  const department = file('Shared drive slow for finance', 'department', 'low'); // P3
  const one = file('My mouse wheel squeaks', 'one', 'low'); // P4: one person never makes P2

  await page.goto('/agent?view=mine');
  // Nothing ticked: the whole form is refused with a sentence, nothing changes.
  await page.getByRole('button', { name: 'Set priority' }).click();
  await expect(page.getByRole('alert')).toHaveText('Select at least one ticket in the table first.');
  await page.getByRole('button', { name: 'Select all on this page' }).click();
  await expect(page.getByText('3 tickets selected')).toBeVisible();
  for (const t of [several, department, one])
    await expect(page.getByRole('checkbox', { name: `Select T-${t.number}` })).toBeChecked();
  // By keyboard too: a box unticked and ticked again with the space bar.
  const box = page.getByRole('checkbox', { name: `Select T-${one.number}` });
  await box.focus();
  await page.keyboard.press('Space');
  await expect(box).not.toBeChecked();
  await page.keyboard.press('Space');
  await expect(box).toBeChecked();

  await page.getByLabel('Priority', { exact: true }).last().selectOption('2');
  await page.getByRole('button', { name: 'Set priority' }).click();
  const summary = page.getByRole('status').filter({ hasText: 'changed' });
  await expect(summary.getByRole('heading')).toHaveText('2 tickets changed, 1 refused');
  await expect(summary.getByRole('listitem')).toHaveText(
    `T-${one.number}: Its impact does not allow P2 with any urgency: change the impact on the ticket first.`,
  );
  const row = (n: number) =>
    page.getByRole('row').filter({ has: page.getByRole('link', { name: `T-${n}` }) });
  await expect(row(several.number).getByRole('cell').nth(3)).toHaveText('P2');
  await expect(row(department.number).getByRole('cell').nth(3)).toHaveText('P2');
  await expect(row(one.number).getByRole('cell').nth(3)).toHaveText('P4');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // Each ticket says so on its own timeline.
  await page.goto(`/agent/tickets/${several.number}`);
  await expect(page.getByText(/changed the priority from P4 to P2/)).toBeVisible();
});

test('without script, "Select all on this page" is a link and the bulk form still works', async ({
  browser,
  baseURL,
  user,
}) => {
  const dataDir = process.env.E2E_DATA_DIR!;
  const db = getDatabase(path.join(dataDir, 'fixpoint.db'));
  const requester = await createTestUser(dataDir, ['employee']);
  const agent = toPrincipal(user!);
  const numbers = ['Badge printer ribbon empty', 'Badge printer shows offline'].map((subject) => {
    const { ticket } = createTicket(db, requester.id, { subject, description: 'Lobby.' });
    assignTicket(db, ticket.id, agent, agent.id);
    return ticket.number;
  });
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
  await context.addCookies([
    { name: 'fixpoint_session', value: createTestSession(dataDir, user!.id), url: baseURL! },
  ]);
  const page = await context.newPage();
  await page.goto('/agent?view=mine');
  await page.getByRole('link', { name: 'Select all on this page' }).click();
  await expect(page).toHaveURL(/select=all/);
  for (const n of numbers) await expect(page.getByRole('checkbox', { name: `Select T-${n}` })).toBeChecked();
  await page.getByLabel('Reason to escalate').fill('Printer vendor handles badges');
  await page.getByRole('button', { name: 'Escalate' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'changed' }).getByRole('heading')).toHaveText(
    '2 tickets changed, 0 refused',
  );
  // The answer does not keep everything ticked: a second action needs a new choice.
  await expect(page).not.toHaveURL(/select=all/);
  await context.close();
});

test('an agent merges a duplicate; its requester opening it is led to the ticket kept', async ({
  page,
  browser,
  baseURL,
}) => {
  const dataDir = process.env.E2E_DATA_DIR!;
  const db = getDatabase(path.join(dataDir, 'fixpoint.db'));
  const first = await createTestUser(dataDir, ['employee']);
  const second = await createTestUser(dataDir, ['employee']);
  const { ticket: kept } = createTicket(db, first.id, {
    subject: 'Meeting room 4 screen shows no signal',
    description: 'HDMI from the laptop gives nothing.',
  });
  // The duplicate's file stays on it, and is listed on the ticket kept.
  const upload = await storeUploads(dataDir, [
    new File(['no signal on HDMI 1\n'], 'room4.txt', { type: 'text/plain' }),
  ]);
  if (!upload.ok) throw new Error('the test file was refused');
  const { ticket: duplicate } = createTicket(
    db,
    second.id,
    { subject: 'Room 4 display not working', description: 'No picture on the big screen.' },
    { files: upload.files },
  );

  await page.goto(`/agent/tickets/${duplicate.number}`);
  await page.getByLabel(/Merge this ticket into another one/).fill(`T-${kept.number}`);
  await page.getByRole('button', { name: 'Review the merge' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    `Merge T-${duplicate.number} into another ticket`,
  );
  await expect(page.getByRole('heading', { name: 'The ticket to keep' })).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await page.getByRole('button', { name: `Merge T-${duplicate.number} into T-${kept.number}` }).click();
  await expect(page).toHaveURL(new RegExp(`/agent/tickets/${kept.number}\\?`));
  await expect(page.getByText('Merged. The requester of the duplicate was told.')).toBeVisible();
  await expect(page.getByText(`merged T-${duplicate.number} into this ticket`)).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Related tickets' }).getByRole('link', { name: /room4\.txt/ }),
  ).toBeVisible();
  // The agent opening the duplicate is led to the ticket kept too.
  await page.goto(`/agent/tickets/${duplicate.number}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`T-${kept.number}: ${kept.subject}`);

  // The duplicate's requester: told, and their old link leads to the ticket kept.
  const context = await browser.newContext({ baseURL });
  await context.addCookies([
    { name: 'fixpoint_session', value: createTestSession(dataDir, second.id), url: baseURL! },
  ]);
  const theirs = await context.newPage();
  await theirs.goto('/notifications');
  await expect(theirs.getByText(/merged your request into another one/)).toBeVisible();
  await theirs.goto('/requests');
  await expect(theirs.getByRole('row').filter({ hasText: `T-${duplicate.number}` })).toContainText(
    `Merged into T-${kept.number}`,
  );
  await theirs.goto(`/requests/${duplicate.number}`);
  await expect(theirs).toHaveURL(new RegExp(`/requests/${kept.number}\\?merged=${duplicate.number}$`));
  await expect(theirs.getByRole('heading', { level: 1 })).toContainText(kept.subject);
  await expect(
    theirs.getByText(`T-${duplicate.number} was merged into this ticket; the conversation continues here.`),
  ).toBeVisible();
  // Their answer lands on the ticket kept.
  await theirs
    .getByLabel(/Your reply|Message/)
    .first()
    .fill('Same problem in room 4 this morning.');
  await theirs.getByRole('button', { name: /Send/ }).click();
  await expect(theirs.getByText('Same problem in room 4 this morning.')).toBeVisible();
  await expect(theirs).toHaveURL(new RegExp(`/requests/${kept.number}`));
  await context.close();
});

test.describe('an employee', () => {
  test.use({ role: ['employee'] });
  test('can neither post a bulk action nor open the merge page', async ({ page, baseURL }) => {
    const dataDir = process.env.E2E_DATA_DIR!;
    const db = getDatabase(path.join(dataDir, 'fixpoint.db'));
    const requester = await createTestUser(dataDir, ['employee']);
    const { ticket } = createTicket(db, requester.id, {
      subject: 'Keyboard missing keys',
      description: 'F5.',
    });
    const before = db.prepare('SELECT priority, version FROM tickets WHERE id = ?').get(ticket.id);
    const posted = await page.request.post('/agent', {
      headers: { Origin: baseURL! },
      form: { ticket: String(ticket.number), bulk: 'priority', priority: '1' },
    });
    expect(posted.status()).toBe(404);
    expect(db.prepare('SELECT priority, version FROM tickets WHERE id = ?').get(ticket.id)).toEqual(before);
    expect((await page.goto(`/agent/tickets/${ticket.number}/merge?into=1001`))?.status()).toBe(404);
  });
});
