import AxeBuilder from '@axe-core/playwright';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { getDatabase } from '#lib/db/db.ts';
import { createTicket } from '#lib/tickets/tickets.ts';
import { createTestSession, createTestUser, expect, test } from './fixtures.ts';

test.use({ role: null });

const dataDir = () => process.env.E2E_DATA_DIR!;

async function signedIn(browser: Browser, baseURL: string, roles: Parameters<typeof createTestUser>[1]) {
  const user = await createTestUser(dataDir(), roles);
  const context = await browser.newContext({ baseURL });
  await context.addCookies([
    { name: 'fixpoint_session', value: createTestSession(dataDir(), user.id), url: baseURL },
  ]);
  return { user, page: await context.newPage(), context };
}

test('an agent declares an incident, an employee says "I\'m affected too", and resolving it resolves the linked tickets', async ({
  browser,
  baseURL,
}) => {
  const agent = await signedIn(browser, baseURL!, ['agent']);
  const employee = await signedIn(browser, baseURL!, ['employee']);
  const requester = await signedIn(browser, baseURL!, ['employee']);
  const db = getDatabase(path.join(dataDir(), 'fixpoint.db'));
  const { ticket } = createTicket(db, requester.user.id, {
    subject: 'VPN drops every few minutes',
    description: 'Since this morning.',
    impact: 'one',
    urgency: 'high',
  });
  const title = `VPN outage ${Date.now()}`;

  // The agent declares it from the queue.
  await agent.page.goto('/agent');
  await agent.page.getByRole('link', { name: 'Major incidents' }).click();
  const declare = agent.page.getByRole('region', { name: 'Declare an incident' });
  await declare.getByRole('button', { name: 'Declare the incident' }).click(); // empty: the browser asks first
  await declare.getByLabel('Title').fill(title);
  await declare.getByLabel('Affected service or category').fill('VPN');
  await declare
    .getByLabel('Message for employees')
    .fill('The VPN is down for everyone. No need to file a ticket.');
  await declare.getByRole('button', { name: 'Declare the incident' }).click();
  await expect(agent.page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(agent.page.getByRole('status')).toContainText('Declared');

  // An employee sees it on the home page and at Get help, and is affected too: no ticket.
  await employee.page.goto('/help');
  const banner = employee.page.getByRole('article').filter({ hasText: title });
  await expect(banner).toContainText('The VPN is down for everyone.');
  // Typing the same problem puts the incident first among the suggestions; /api/suggest names it too.
  await employee.page.getByLabel('What is the problem?').fill('my vpn keeps dropping');
  const suggested = employee.page.getByRole('region', { name: 'Suggested answers' });
  await expect(suggested.locator('.incident-match').first()).toContainText(title);
  const api = (await (await employee.page.request.get('/api/suggest?q=vpn%20keeps%20dropping')).json()) as {
    incidents: Array<{ title: string; url: string }>;
  };
  expect(api.incidents.map((i) => i.title)).toContain(title);
  await suggested.getByRole('button', { name: new RegExp(`I'm affected too.*${title}`) }).click();
  await expect(employee.page).toHaveURL(/\/help/);
  await expect(employee.page.getByRole('article').filter({ hasText: title })).toContainText(
    'You are following this',
  );
  const { violations } = await new AxeBuilder({ page: employee.page }).analyze();
  expect(violations.map((v) => v.id)).toEqual([]);

  // The agent posts an update, links the ticket (a wrong number is named), and resolves.
  await agent.page.getByLabel('Message for employees').fill('The certificate expired; renewing it.');
  await agent.page.getByLabel('Status').selectOption('identified');
  await agent.page.getByRole('button', { name: 'Post the update' }).click();
  await expect(agent.page.getByRole('status')).toContainText('Update posted');
  await agent.page.getByLabel('Ticket numbers').fill(`T-${ticket.number}, T-99999999`);
  await agent.page.getByRole('button', { name: 'Link' }).click();
  await expect(agent.page.getByRole('alert')).toContainText('No ticket has the number T-99999999');
  await expect(agent.page.getByRole('link', { name: `T-${ticket.number}` })).toBeVisible();
  await employee.page.goto('/');
  await expect(employee.page.getByRole('article').filter({ hasText: title })).toContainText(
    'The certificate expired; renewing it.',
  );
  await agent.page.getByLabel('Closing note').fill('The VPN certificate was renewed; reconnect once.');
  await agent.page.getByRole('button', { name: 'Resolve the incident' }).click();
  await expect(agent.page.getByRole('status')).toContainText('1 linked ticket was resolved');

  // The affected employee is told on the portal; the requester's ticket is resolved with the note.
  await employee.page.goto('/');
  await expect(employee.page.getByRole('article').filter({ hasText: `Resolved: ${title}` })).toContainText(
    'The VPN certificate was renewed',
  );
  await requester.page.goto(`/requests/${ticket.number}`);
  await expect(
    requester.page.getByText('The VPN certificate was renewed; reconnect once.').first(),
  ).toBeVisible();
  expect(db.prepare('SELECT status FROM tickets WHERE id = ?').pluck().get(ticket.id)).toBe('resolved');

  // Employees cannot open the agent pages; a resolved incident takes no more "affected".
  expect((await employee.page.goto('/agent/incidents'))?.status()).toBe(404);
  for (const who of [agent, employee, requester]) await who.context.close();
});
