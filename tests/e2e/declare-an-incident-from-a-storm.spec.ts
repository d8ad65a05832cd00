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

// Payflow: the payroll tool of this company, a name no other journey uses (the storm must be this one).
const STORM = [
  "Payflow won't open",
  'Payflow keeps logging me out',
  'Cannot see my payslip in Payflow',
  'Payflow startet nicht',
  'Payflow non si apre',
];

test('an agent declares an incident from a storm proposal; an employee is affected too, hears of the resolution, and the reports count it', async ({
  browser,
  baseURL,
}) => {
  // Three people's journeys in one test: 52–53 s in a quiet fresh-clone run, so the default 60 s
  // timed out once (session 19).
  test.setTimeout(120_000);
  const db = getDatabase(path.join(dataDir(), 'fixpoint.db'));
  // Five people file alike tickets within the hour; a sixth files something else.
  const tickets = [];
  for (const subject of STORM) {
    const requester = await createTestUser(dataDir(), ['employee']);
    tickets.push(createTicket(db, requester.id, { subject, description: 'Since 9 this morning.' }).ticket);
  }
  const other = await createTestUser(dataDir(), ['employee']);
  const unrelated = createTicket(db, other.id, {
    subject: 'Printer on floor 4 jams',
    description: 'x',
  }).ticket;
  const agent = await signedIn(browser, baseURL!, ['agent']);
  const employee = await signedIn(browser, baseURL!, ['employee']);
  const manager = await signedIn(browser, baseURL!, ['manager']);

  // The queue proposes it, listing the five tickets and not the printer.
  await agent.page.goto('/agent');
  const proposal = agent.page.getByRole('region', { name: 'Declare an incident?' });
  const storm = proposal.getByRole('listitem').filter({ hasText: '“payflow”' });
  await expect(storm).toContainText('5 people since');
  for (const t of tickets) await expect(storm.getByRole('link', { name: `T-${t.number}` })).toBeVisible();
  await expect(proposal.getByRole('link', { name: `T-${unrelated.number}` })).toHaveCount(0);
  expect(
    (await new AxeBuilder({ page: agent.page }).include('.storm-proposals').analyze()).violations,
  ).toEqual([]);

  // Declaring from it pre-fills the form with a title and the tickets; the agent writes the message.
  await storm.getByRole('link', { name: /Declare an incident and link them/ }).click();
  const declare = agent.page.getByRole('region', { name: 'Declare an incident' });
  await expect(declare.getByLabel('Title')).toHaveValue(/Payflow/);
  await expect(declare.getByLabel('Tickets to link (optional)')).toHaveValue(
    tickets.map((t) => `T-${t.number}`).join(', '),
  );
  const title = 'Payflow is down';
  // Something that names no ticket is refused with a sentence, and everything typed stays.
  const numbers = await declare.getByLabel('Tickets to link (optional)').inputValue();
  await declare.getByLabel('Tickets to link (optional)').fill('the payflow ones');
  await declare.getByLabel('Message for employees').fill('Payflow is down.');
  const refused = agent.page.waitForResponse((r) => r.request().method() === 'POST');
  await declare.getByRole('button', { name: 'Declare the incident' }).click();
  expect((await refused).status()).toBe(400);
  await expect(declare).toContainText('Write the ticket numbers to link');
  await expect(declare.getByLabel('Title')).toHaveValue(/Payflow/);
  await declare.getByLabel('Tickets to link (optional)').fill(numbers);
  await declare.getByLabel('Title').fill(title);
  await declare.getByLabel('Affected service or category').fill('Payroll');
  await declare
    .getByLabel('Message for employees')
    .fill('Payflow does not load for anyone. No need for a ticket.');
  await declare.getByRole('button', { name: 'Declare the incident' }).click();
  await expect(agent.page.getByRole('heading', { level: 1 })).toHaveText(title);
  for (const t of tickets)
    await expect(agent.page.getByRole('link', { name: `T-${t.number}` })).toBeVisible();
  const incidentUrl = agent.page.url();
  const incidentId = Number(/\/agent\/incidents\/(\d+)/.exec(incidentUrl)![1]);
  // Declared: the queue no longer proposes it, and offers to link a ticket about it filed since.
  const latecomer = await createTestUser(dataDir(), ['employee']);
  const late = createTicket(db, latecomer.id, { subject: 'Payflow still broken', description: 'x' }).ticket;
  tickets.push(late);
  await agent.page.goto('/agent');
  await expect(agent.page.getByRole('region', { name: 'Declare an incident?' })).toHaveCount(0);
  const linkable = agent.page.getByRole('region', { name: 'New tickets about an open incident' });
  await expect(linkable).toContainText(`T-${late.number}`);
  await linkable.getByRole('button', { name: new RegExp(`Link this ticket.*${title}`) }).click();
  await expect(agent.page.getByRole('status')).toContainText(`Linked T-${late.number}`);

  // What the reports count in the incident channel before (other journeys may have added to it).
  const affectedToo = async () => {
    await manager.page.goto('/manage?range=7');
    const channels = manager.page.getByRole('region', { name: 'By channel' });
    return Number(
      await channels
        .getByRole('row', { name: /Major incident/ })
        .getByRole('cell')
        .nth(6)
        .innerText(),
    );
  };
  const before = await affectedToo();

  // An employee typing the same problem at Get help sees it first, and is affected too: no ticket.
  await employee.page.goto('/help');
  await employee.page.getByLabel('What is the problem?').fill('payflow does not load my payslip');
  const suggested = employee.page.getByRole('region', { name: 'Suggested answers' });
  await expect(suggested.locator('.incident-match').first()).toContainText(title);
  await suggested.getByRole('button', { name: new RegExp(`I'm affected too.*${title}`) }).click();
  await expect(employee.page).toHaveURL(/\/help/);
  await expect(suggested.locator('.incident-match').first()).toContainText('You are following this');
  const request = db
    .prepare(
      'SELECT channel, incident_id AS incidentId, ticket_id AS ticketId FROM help_requests WHERE user_id = ?',
    )
    .get(employee.user.id);
  expect(request).toEqual({ channel: 'incident', incidentId, ticketId: null });

  // Another, typing into the home page's box, sees it first there too and is affected from that request.
  const colleague = await signedIn(browser, baseURL!, ['employee']);
  await colleague.page.goto('/');
  await colleague.page.getByLabel('Describe your problem').fill('payflow will not open');
  const boxSuggestions = colleague.page.getByRole('region', { name: 'Suggested answers' });
  await expect(boxSuggestions.locator('.incident-match').first()).toContainText(title);
  await boxSuggestions.getByRole('button', { name: new RegExp(`I'm affected too.*${title}`) }).click();
  await expect(colleague.page).toHaveURL(/\/$/);
  expect(
    db
      .prepare('SELECT channel, incident_id AS incidentId FROM help_requests WHERE user_id = ?')
      .get(colleague.user.id),
  ).toEqual({ channel: 'incident', incidentId });

  // The agent resolves it: the six tickets are resolved with the note, and the note can become an FAQ.
  await agent.page.goto(incidentUrl);
  await agent.page.getByLabel('Closing note').fill('Payflow’s database was restarted; sign in again.');
  await agent.page.getByRole('button', { name: 'Resolve the incident' }).click();
  await expect(agent.page.getByRole('status')).toContainText('6 linked tickets were resolved');
  const statuses = db
    .prepare(`SELECT DISTINCT status FROM tickets WHERE id IN (${tickets.map((t) => t.id).join(',')})`)
    .pluck()
    .all();
  expect(statuses).toEqual(['resolved']);
  await agent.page.getByRole('link', { name: 'Promote the closing note to an FAQ draft' }).click();
  await expect(agent.page.getByRole('heading', { level: 1 })).toContainText(/FAQ/);

  // The employee's bell rings with the resolution; the notice opens the incident.
  await employee.page.goto('/');
  await expect(employee.page.getByRole('link', { name: /Notifications.*1/ })).toBeVisible();
  await employee.page.goto('/notifications');
  const notice = employee.page.getByRole('link', {
    name: `A major incident you are affected by is resolved: ${title}`,
  });
  await notice.click();
  await expect(employee.page).toHaveURL(new RegExp(`/incidents/${incidentId}$`));
  await expect(
    employee.page.getByText('Payflow’s database was restarted; sign in again.').first(),
  ).toBeVisible();

  // The reports count it: the incident channel, and the incident section.
  expect(await affectedToo()).toBe(before + 2); // the "Affected too" column of the incident channel
  const section = manager.page.getByRole('region', { name: 'Major incidents' }).first();
  const row = section.getByRole('row', { name: new RegExp(title) });
  await expect(row.getByRole('cell')).toHaveText([/.+/, '2', '2', '6', /\d+ min/]); // affected, deflected, linked
  await row.getByRole('link', { name: title }).click();
  await expect(manager.page.getByRole('heading', { level: 1 })).toHaveText(title);
  const overTime = manager.page.getByRole('region', { name: 'Affected people and linked tickets over time' });
  await expect(overTime.getByRole('row').last().getByRole('cell')).toHaveText(['2', '6']); // affected, linked
  expect((await new AxeBuilder({ page: manager.page }).analyze()).violations.map((v) => v.id)).toEqual([]);
  // An employee may not read the timeline.
  expect((await employee.page.goto(`/manage/incidents/${incidentId}`))?.status()).toBe(404);
  for (const who of [agent, employee, manager]) await who.context.close();
});
