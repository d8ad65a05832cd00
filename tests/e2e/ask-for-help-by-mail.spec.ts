import path from 'node:path';
import type { Browser } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import nodemailer from 'nodemailer';
import { getDatabase } from '#lib/db/db.ts';
import { listMailTo, type OutboxEntry } from '#lib/mail/outbox.ts';
import { getTicketForViewer } from '#lib/tickets/tickets.ts';
import { toPrincipal } from '#lib/auth/users.ts';
import { E2E_SMTP_PORT } from '../../playwright.config.ts';
import { createTestSession, createTestUser, expect, test } from './fixtures.ts';

test.use({ role: null });

const dataDir = () => process.env.E2E_DATA_DIR!;
const db = () => getDatabase(path.join(dataDir(), 'fixpoint.db'));
// A real SMTP client delivering to the portal's inbound listener, as the company's mail server would.
const relay = nodemailer.createTransport({
  host: '127.0.0.1',
  port: E2E_SMTP_PORT,
  secure: false,
  ignoreTLS: true,
});

async function signedInPage(browser: Browser, baseURL: string, roles: Parameters<typeof createTestUser>[1]) {
  const user = await createTestUser(dataDir(), roles);
  const context = await browser.newContext({ baseURL });
  await context.addCookies([
    { name: 'fixpoint_session', value: createTestSession(dataDir(), user.id), url: baseURL },
  ]);
  return { user, page: await context.newPage(), context };
}

async function mailTo(email: string, subject: RegExp): Promise<OutboxEntry> {
  const find = () => listMailTo(db(), email).find((m) => subject.test(m.subject));
  await expect.poll(find, { timeout: 15_000 }).toBeTruthy();
  return find()!;
}

test('an employee mails the desk, an agent answers in the portal, the employee answers by mail and the agent sees it', async ({
  browser,
  baseURL,
}) => {
  const employee = await signedInPage(browser, baseURL!, ['employee']);
  const agent = await signedInPage(browser, baseURL!, ['agent']);
  const subject = `Laptop will not charge ${Date.now()}`;

  await relay.sendMail({
    from: `${employee.user.displayName} <${employee.user.email}>`,
    to: 'help@fixpoint.example',
    subject,
    text: 'The charging light stays off since this morning.\n\n-- \nSent from my phone',
  });
  const ack = await mailTo(employee.user.email, /Received:/);
  const number = Number(/\[T-(\d+)\]/.exec(ack.subject)![1]);
  expect(ack.text).toContain(`opened ticket T-${number}`);

  // The ticket is in the portal, from the mail, without the signature.
  await employee.page.goto(`/requests/${number}`);
  await expect(employee.page.getByRole('heading', { level: 1 })).toHaveText(`T-${number}: ${subject}`);
  await expect(employee.page.getByText('The charging light stays off since this morning.')).toBeVisible();
  await expect(employee.page.getByText('Sent from my phone')).toHaveCount(0);

  // The agent answers in the portal; the employee gets it by mail.
  await agent.page.goto(`/agent/tickets/${number}`);
  await agent.page
    .getByLabel('Message (Markdown)')
    .fill('Which charger do you use: the USB-C one or the barrel one?');
  await agent.page.getByRole('button', { name: 'Send reply to requester' }).click();
  await expect(agent.page.getByRole('status')).toHaveText('Reply sent: the requester can see it.');
  const notice = await mailTo(employee.user.email, /New reply/);
  expect(notice.text).toContain('> Which charger do you use');

  // The employee answers that mail from a mail program: it threads back by References.
  await relay.sendMail({
    from: employee.user.email,
    to: 'help@fixpoint.example',
    subject: `Re: ${notice.subject}`,
    inReplyTo: notice.messageId,
    references: [notice.headers.References!, notice.messageId],
    text: `The USB-C one from the box.\n\nOn Monday, IT Service Desk <help@fixpoint.example> wrote:\n> ${notice.text.split('\n').join('\n> ')}`,
  });
  await expect
    .poll(
      async () => {
        await agent.page.reload();
        return agent.page.getByText('The USB-C one from the box.').count();
      },
      { timeout: 15_000 },
    )
    .toBe(1);
  await expect(agent.page.getByText('On Monday, IT Service Desk')).toHaveCount(0);

  // A mail program that keeps neither the thread's headers nor the subject's tag: the token in the
  // Reply-To address finds the ticket.
  const replyTo = notice.headers['Reply-To']!;
  expect(replyTo).toMatch(/^help\+\S+@fixpoint\.example$/);
  await relay.sendMail({
    from: employee.user.email,
    to: replyTo,
    subject: 'one more thing',
    text: 'It is the left port that is loose.',
  });
  await expect
    .poll(
      async () => {
        await agent.page.reload();
        return agent.page.getByText('It is the left port that is loose.').count();
      },
      { timeout: 15_000 },
    )
    .toBe(1);
  await employee.context.close();
  await agent.context.close();
});

test('an employee mails the desk, gets suggestions in the acknowledgement, and closes the request with "This solved it"', async ({
  browser,
  baseURL,
}) => {
  const employee = await signedInPage(browser, baseURL!, ['employee']);
  const subject = `Forgot my password ${Date.now()}`;
  await relay.sendMail({
    from: `${employee.user.displayName} <${employee.user.email}>`,
    to: 'help@fixpoint.example',
    subject,
    text: 'I forgot my password and cannot sign in any more. How do I reset my password?',
  });
  const ack = await mailTo(employee.user.email, /Received:/);
  const number = Number(/\[T-(\d+)\]/.exec(ack.subject)![1]);
  expect(ack.text).toContain('These articles may already solve it:');
  const links = [...ack.text.matchAll(/This solved it — close my request: (\S+)/g)].map(
    (m) => new URL(m[1]!),
  );
  expect(links.length).toBeGreaterThan(0);
  expect(links.length).toBeLessThanOrEqual(3);

  // The link works without signing in (a phone's mail app); opening it only asks.
  const anyone = await browser.newContext({ baseURL: baseURL! });
  const page = await anyone.newPage();
  const opened = await page.goto(links[0]!.pathname);
  expect(opened!.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Did this article solve your problem?');
  await expect(page.getByText(`your request T-${number} "${subject}" is closed`)).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  const requester = toPrincipal(employee.user);
  expect(getTicketForViewer(db(), number, requester)!.status).toBe('new');

  await page.getByRole('button', { name: 'Yes, it solved it: close my request' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your request is closed');
  await expect(page.getByRole('status')).toContainText(`T-${number}`);
  const ticket = getTicketForViewer(db(), number, requester)!;
  expect(ticket.status).toBe('closed');
  expect(ticket.resolution).toMatch(/^Solved by the article ".+": the requester confirmed it/);
  expect(
    db()
      .prepare('SELECT channel, solved_slug IS NOT NULL FROM help_requests WHERE ticket_id = ?')
      .raw()
      .get(ticket.id),
  ).toEqual(['mail', 1]);

  // The same link again: it worked once; a changed one never works.
  const again = await page.goto(links[0]!.pathname);
  expect(again!.status()).toBe(410);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link was already used');
  const forged = await page.goto(links[0]!.pathname.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
  expect(forged!.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link does not work');

  // The requester's page shows it closed with the article as the resolution.
  await employee.page.goto(`/requests/${number}`);
  await expect(employee.page.getByText('Solved by the article')).toBeVisible();
  await anyone.close();
  await employee.context.close();
});
