import path from 'node:path';
import type { Browser } from '@playwright/test';
import { getDatabase } from '#lib/db/db.ts';
import { createTicket } from '#lib/tickets/tickets.ts';
import { createTestSession, createTestUser, expect, test } from './fixtures.ts';

test.use({ role: null });

const dataDir = () => process.env.E2E_DATA_DIR!;
// A 1×1 PNG: attachments are checked by their content, so it has to be a real one.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

async function signedInPage(browser: Browser, baseURL: string, roles: Parameters<typeof createTestUser>[1]) {
  const user = await createTestUser(dataDir(), roles);
  const context = await browser.newContext({ baseURL });
  await context.addCookies([
    { name: 'fixpoint_session', value: createTestSession(dataDir(), user.id), url: baseURL },
  ]);
  return { user, page: await context.newPage(), context };
}

test('an agent claims, replies, escalates and resolves; the requester sees the reply, confirms and rates', async ({
  browser,
  baseURL,
}) => {
  const requester = await signedInPage(browser, baseURL!, ['employee']);
  const agent = await signedInPage(browser, baseURL!, ['agent']);
  const { ticket } = createTicket(getDatabase(path.join(dataDir(), 'fixpoint.db')), requester.user.id, {
    subject: `Docking station dead ${Date.now()}`,
    description: 'No monitors since **Monday**.',
    impact: 'one',
    urgency: 'high',
  });

  // The agent finds it unassigned in tier 1, with its SLA clock.
  await agent.page.goto('/agent');
  const row = agent.page.getByRole('row').filter({ hasText: ticket.subject });
  await expect(row).toContainText('unassigned');
  await expect(row).toContainText(/first response\s*in \d+/);
  await row.getByRole('link', { name: `T-${ticket.number}` }).click();
  await expect(agent.page.getByRole('heading', { level: 1 })).toHaveText(
    `T-${ticket.number}: ${ticket.subject}`,
  );
  await expect(agent.page.locator('.article-body strong')).toHaveText('Monday'); // Markdown, sanitized

  await agent.page.getByRole('button', { name: 'Claim' }).click();
  await expect(agent.page.getByRole('status')).toHaveText('You have the ticket.');
  await agent.page
    .getByLabel('Message (Markdown)')
    .fill('Please try another USB-C port and tell me what happens. See');
  // One click puts a matching article's link into the reply, at the cursor.
  const matching = agent.page.getByRole('region', { name: 'Articles that match this ticket' });
  await matching
    .getByRole('button', { name: /Insert link to Docking station not detecting your monitors/ })
    .click();
  await expect(agent.page.getByLabel('Message (Markdown)')).toHaveValue(
    /See \[Docking station not detecting your monitors\]\(\/kb\/[a-z-]+\) $/,
  );
  await agent.page
    .getByLabel('Attachments')
    .setInputFiles({ name: 'ports.png', mimeType: 'image/png', buffer: PNG });
  await agent.page.getByRole('button', { name: 'Send reply to requester' }).click();
  await expect(agent.page.getByRole('status')).toHaveText('Reply sent: the requester can see it.');
  await agent.page.getByLabel('Message (Markdown)').fill('Asset FX-1234, dock firmware looks old.');
  await agent.page.getByRole('button', { name: 'Add internal note' }).click();
  await agent.page.getByLabel('Reason').fill('Needs a firmware update from the endpoint team');
  await agent.page.getByRole('button', { name: 'Escalate to tier 2' }).click();
  await expect(agent.page.getByRole('status')).toHaveText('Escalated to the next tier.');
  // It left a tier-1 agent's hands, not their sight: they follow it, and only tier 2 can take it.
  await expect(agent.page.getByText(/This ticket is in the tier 2 queue/)).toBeVisible();
  await expect(agent.page.getByRole('button', { name: 'Claim' })).toHaveCount(0);
  await expect(agent.page.getByText('stays on the ticket as a follower')).toBeVisible();
  await agent.page.goto('/agent?view=mine');
  await expect(agent.page.getByRole('row').filter({ hasText: ticket.subject })).toContainText('unassigned');
  await agent.page.goto(`/agent/tickets/${ticket.number}`);

  // Resolving without a note is refused with a reason; with one it works.
  await agent.page.getByLabel('New status').selectOption('resolved');
  await agent.page.getByRole('button', { name: 'Change status' }).click();
  await expect(agent.page.getByRole('alert')).toContainText('resolution note');
  await agent.page.getByLabel('New status').selectOption('resolved');
  await agent.page.getByLabel(/Resolution note/).fill('Updated the dock firmware to 1.0.29.');
  await expect(agent.page.getByRole('region', { name: 'Articles that match this ticket' })).toContainText(
    'Docking station not detecting your monitors',
  );
  await agent.page.getByLabel('Docking station not detecting your monitors').check();
  await agent.page.getByRole('button', { name: 'Change status' }).click();
  await expect(agent.page.getByRole('status')).toHaveText('Status changed.');

  // The requester is told (a badge), sees the reply with its link and file but not the internal note, confirms, and rates.
  await requester.page.goto('/requests');
  await expect(requester.page.getByRole('link', { name: 'Notifications, 2 unread' })).toBeVisible();
  await requester.page.getByRole('link', { name: /Notifications/ }).click();
  await requester.page
    .getByRole('link', { name: new RegExp(`resolved your request: is it fixed\\? on T-${ticket.number}`) })
    .click();
  await expect(requester.page.getByRole('link', { name: 'Notifications', exact: true })).toBeVisible(); // opening the ticket read them
  const updates = requester.page.getByRole('region', { name: 'Updates' });
  await expect(updates).toContainText('Please try another USB-C port');
  await expect(
    updates.getByRole('link', { name: 'Docking station not detecting your monitors' }),
  ).toBeVisible();
  const download = requester.page.waitForEvent('download');
  await updates.getByRole('link', { name: /ports\.png/ }).click();
  expect((await download).suggestedFilename()).toBe('ports.png');
  await expect(updates).not.toContainText('FX-1234');
  await expect(updates).not.toContainText('tier 2');
  await expect(
    requester.page
      .getByRole('region', { name: 'Is it fixed?' })
      .getByRole('link', { name: 'Docking station not detecting your monitors' }),
  ).toBeVisible();
  await requester.page.getByRole('button', { name: "Yes, it's fixed" }).click();
  await expect(requester.page.getByRole('status')).toHaveText('Thanks! The ticket is closed.');
  await requester.page.getByLabel('5 (excellent)').check();
  await requester.page.getByLabel(/Comment/).fill('Quick and clear.');
  await requester.page.getByRole('button', { name: 'Send rating' }).click();
  await expect(requester.page.getByRole('status')).toHaveText('Thanks for rating the help.');
  expect(
    getDatabase(path.join(dataDir(), 'fixpoint.db'))
      .prepare('SELECT status, rating FROM tickets WHERE id = ?')
      .get(ticket.id),
  ).toEqual({ status: 'closed', rating: 5 });
  await requester.context.close();
  await agent.context.close();
});

test('a requester reopens a resolved ticket with a reason; an employee cannot open the agent view', async ({
  browser,
  baseURL,
}) => {
  const requester = await signedInPage(browser, baseURL!, ['employee']);
  const agent = await signedInPage(browser, baseURL!, ['agent']);
  const { ticket } = createTicket(getDatabase(path.join(dataDir(), 'fixpoint.db')), requester.user.id, {
    subject: 'Outlook password prompts',
    description: 'Keeps asking.',
  });
  await agent.page.goto(`/agent/tickets/${ticket.number}`);
  await agent.page.getByLabel('New status').selectOption('resolved');
  await agent.page.getByLabel(/Resolution note/).fill('Cleared the cached credentials.');
  await agent.page.getByRole('button', { name: 'Change status' }).click();
  await expect(agent.page.getByRole('status')).toHaveText('Status changed.');

  expect((await requester.page.goto(`/agent/tickets/${ticket.number}`))?.status()).toBe(404);
  await requester.page.goto(`/requests/${ticket.number}`);
  await requester.page
    .getByLabel('No, still broken: what is still wrong?')
    .fill('It asked again this morning.');
  await requester.page.getByRole('button', { name: 'Reopen the ticket' }).click();
  await expect(requester.page.getByRole('status')).toHaveText(
    'Reopened: the service desk picks it up again.',
  );
  await expect(requester.page.getByText('Status: open')).toBeVisible();
  await expect(requester.page.getByRole('region', { name: 'Updates' })).toContainText(
    'It asked again this morning.',
  );
  await requester.context.close();
  await agent.context.close();
});

test('an agent logs a phone call for an employee, who then sees it in their requests', async ({
  browser,
  baseURL,
}) => {
  const requester = await signedInPage(browser, baseURL!, ['employee']);
  const agent = await signedInPage(browser, baseURL!, ['agent']);
  await agent.page.goto('/agent');
  await agent.page.getByRole('link', { name: 'Log a call or walk-in' }).click();
  await agent.page.getByLabel("Requester's email").fill('nobody-like-this@fixpoint.example');
  await agent.page.getByLabel('phone').check();
  await agent.page.getByLabel('Subject').fill('Cannot print payslips');
  await agent.page.getByLabel('Description').fill('Called at 9:10; printer on floor 2 shows offline.');
  await agent.page.getByRole('button', { name: 'Log ticket' }).click();
  await expect(agent.page.getByText('No active account has this email.')).toBeVisible();
  await expect(agent.page.getByLabel('Subject')).toHaveValue('Cannot print payslips');
  await agent.page.getByLabel("Requester's email").fill(requester.user.email);
  await agent.page.getByRole('button', { name: 'Log ticket' }).click();
  await expect(agent.page.getByRole('status')).toHaveText('Ticket logged for the caller.');
  await expect(agent.page.getByRole('region', { name: 'Timeline' })).toContainText('via phone');

  await requester.page.goto('/requests');
  await expect(requester.page.getByRole('row').filter({ hasText: 'Cannot print payslips' })).toBeVisible();
  await requester.context.close();
  await agent.context.close();
});

test('waiting on the requester pauses the ticket until they answer; a stale save by a second agent is refused, not lost', async ({
  browser,
  baseURL,
}) => {
  const requester = await signedInPage(browser, baseURL!, ['employee']);
  const first = await signedInPage(browser, baseURL!, ['agent']);
  const second = await signedInPage(browser, baseURL!, ['agent']);
  const { ticket } = createTicket(getDatabase(path.join(dataDir(), 'fixpoint.db')), requester.user.id, {
    subject: 'Teams camera black',
    description: 'Camera shows black in Teams calls.',
  });

  // Both agents open the ticket; the first sets it pending with a question.
  await first.page.goto(`/agent/tickets/${ticket.number}`);
  await second.page.goto(`/agent/tickets/${ticket.number}`);
  await first.page.getByLabel('Message (Markdown)').fill('Does the camera work in the Camera app?');
  await first.page.getByRole('button', { name: 'Send reply to requester' }).click();
  await first.page.getByLabel('New status').selectOption('pending');
  await first.page.getByRole('button', { name: 'Change status' }).click();
  await expect(first.page.getByRole('status')).toHaveText('Status changed.');
  await expect(first.page.getByRole('region', { name: 'Details' })).toContainText(/paused/i);

  // The second agent's page is now stale: their save is refused with a reason, and nothing they chose is applied.
  await second.page.getByLabel('Urgency').selectOption('high');
  await second.page.getByRole('button', { name: 'Save classification' }).click();
  await expect(second.page.getByRole('alert')).toContainText(
    'Someone else changed this ticket in the meantime',
  );
  expect(
    getDatabase(path.join(dataDir(), 'fixpoint.db'))
      .prepare('SELECT status, urgency FROM tickets WHERE id = ?')
      .get(ticket.id),
  ).toEqual({ status: 'pending', urgency: 'medium' });
  // After a reload they see the change and can save.
  await second.page.goto(`/agent/tickets/${ticket.number}`);
  await second.page.getByLabel('Urgency').selectOption('high');
  await second.page.getByRole('button', { name: 'Save classification' }).click();
  await expect(second.page.getByRole('status')).toHaveText('Saved; priority and due times follow.');

  // The requester's answer (with a log file) puts the ticket back in the queue.
  await requester.page.goto(`/requests/${ticket.number}`);
  await requester.page.getByLabel('Message').fill('No, it is black there too.');
  await requester.page.getByLabel('Attachments').setInputFiles({
    name: 'camera.exe',
    mimeType: 'text/plain',
    buffer: Buffer.from([0x4d, 0x5a, 0x90, 0x00]),
  });
  await requester.page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(requester.page.getByRole('alert')).toContainText(
    '"camera.exe" is not a kind of file we accept',
  );
  await expect(requester.page.getByLabel('Message')).toHaveValue('No, it is black there too.'); // nothing typed is lost
  await requester.page.getByLabel('Attachments').setInputFiles({
    name: 'camera.log',
    mimeType: 'text/plain',
    buffer: Buffer.from('Camera: device not started (0xA00F4244)'),
  });
  await requester.page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(requester.page.getByRole('status')).toHaveText('Sent: the service desk sees your reply.');
  await expect(requester.page.getByText('Status: open')).toBeVisible();

  await first.page.goto(`/agent/tickets/${ticket.number}`);
  const timeline = first.page.getByRole('region', { name: 'Timeline' });
  await expect(timeline).toContainText('changed the status from pending to open');
  await expect(timeline.getByRole('link', { name: /camera\.log/ })).toBeVisible();
  for (const who of [requester, first, second]) await who.context.close();
});

test('agents see how similar tickets were resolved; employees never reach the ticket index', async ({
  browser,
  baseURL,
}) => {
  const requester = await signedInPage(browser, baseURL!, ['employee']);
  const agent = await signedInPage(browser, baseURL!, ['agent']);
  const db = getDatabase(path.join(dataDir(), 'fixpoint.db'));
  const marker = `zebracam${Date.now()}`;
  const solved = createTicket(db, requester.user.id, {
    subject: `Webcam ${marker} shows a black picture`,
    description: 'Black image in every call.',
  }).ticket;
  await agent.page.goto(`/agent/tickets/${solved.number}`);
  await agent.page.getByLabel('New status').selectOption('resolved');
  await agent.page
    .getByLabel(/Resolution note/)
    .fill('Turned the privacy shutter switch on the side of the laptop off.');
  await agent.page.getByRole('button', { name: 'Change status' }).click();
  await expect(agent.page.getByRole('status')).toHaveText('Status changed.');

  const fresh = createTicket(db, requester.user.id, {
    subject: `${marker} webcam black picture`,
    description: 'Camera is black.',
  }).ticket;
  const similar = agent.page.getByRole('region', { name: 'Similar resolved tickets' });
  // Meilisearch indexes asynchronously, and in CI two browsers, two web workers and the engine share 2 cores.
  await expect(async () => {
    await agent.page.goto(`/agent/tickets/${fresh.number}`);
    await expect(similar.getByRole('link', { name: `T-${solved.number}: ${solved.subject}` })).toBeVisible({
      timeout: 500,
    });
  }).toPass({ timeout: 30_000 });
  await expect(similar).toContainText('privacy shutter');

  // The employee's search only ever reaches articles.
  const search = await requester.page.request.get(`/api/suggest?q=${marker}`);
  expect(JSON.stringify(await search.json())).not.toContain('privacy shutter');
  await requester.context.close();
  await agent.context.close();
});
