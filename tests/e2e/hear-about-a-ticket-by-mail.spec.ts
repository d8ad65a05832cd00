import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { toPrincipal } from '#lib/auth/users.ts';
import { getDatabase } from '#lib/db/db.ts';
import { listMailTo } from '#lib/mail/outbox.ts';
import { getMailOptOuts } from '#lib/mail/preferences.ts';
import { createTicket } from '#lib/tickets/tickets.ts';
import { addMessage } from '#lib/tickets/workflow.ts';
import { createTestUser, expect, test } from './fixtures.ts';

const db = () => getDatabase(path.join(process.env.E2E_DATA_DIR!, 'fixpoint.db'));

/** The newest mail to `email` whose subject matches, once the portal's notifier has queued it. */
async function mailTo(email: string, subject: RegExp) {
  await expect
    .poll(() => listMailTo(db(), email).find((m) => subject.test(m.subject)), { timeout: 15_000 })
    .toBeTruthy();
  return listMailTo(db(), email).find((m) => subject.test(m.subject))!;
}

test('an employee hears of a reply by mail, stops those mails from the link, and sees the choice on /account', async ({
  page,
  user,
}) => {
  const agent = toPrincipal(await createTestUser(process.env.E2E_DATA_DIR!, ['agent']));
  const { ticket } = createTicket(db(), user!.id, {
    subject: 'Printer jams on page two',
    description: 'Every time.',
  });
  addMessage(db(), ticket.id, agent, 'Please send a photo of the jam.', false);

  const mail = await mailTo(user!.email, /New reply/);
  expect(mail.subject).toBe(`[T-${ticket.number}] New reply: Printer jams on page two`);
  expect(mail.text).toContain('> Please send a photo of the jam.');
  expect(mail.html).toContain('Please send a photo of the jam.');
  const unsubscribe = new URL(/<([^>]+)>/.exec(mail.headers['List-Unsubscribe']!)![1]!);

  await page.goto(unsubscribe.pathname);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Stop these e-mails?');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await page.getByRole('button', { name: 'Stop these e-mails' }).click();
  await expect(page.getByRole('status')).toContainText('an agent replies to my request');

  await page.goto('/account');
  const form = page.getByRole('form', { name: 'E-mail notifications' });
  await expect(form.getByLabel('An agent replies to my request')).not.toBeChecked();
  await expect(form.getByLabel(/My request is resolved/)).toBeChecked();
  await expect(form.getByLabel('A ticket is assigned to me')).toHaveCount(0); // agents only
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await form.getByLabel('An agent replies to my request').check();
  await form.getByRole('button', { name: 'Save e-mail preferences' }).click();
  await expect(page.getByRole('status')).toHaveText('E-mail preferences saved.');
  await expect(
    page.getByRole('form', { name: 'E-mail notifications' }).getByLabel('An agent replies to my request'),
  ).toBeChecked();

  // A forged link changes nothing.
  const forged = await page.request.post(`${unsubscribe.pathname.slice(0, -2)}xx`, {
    headers: { origin: new URL(page.url()).origin },
  });
  expect(forged.status()).toBe(404);
});

test("a mail program's one-click unsubscribe (RFC 8058) turns that kind off without a page", async ({
  playwright,
  baseURL,
  user,
}) => {
  const agent = toPrincipal(await createTestUser(process.env.E2E_DATA_DIR!, ['agent']));
  const { ticket } = createTicket(db(), user!.id, { subject: 'Mouse double-clicks', description: 'Always.' });
  addMessage(db(), ticket.id, agent, 'A new mouse is on its way.', false);
  const mail = await mailTo(user!.email, /New reply/);
  expect(mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  const unsubscribe = new URL(/<([^>]+)>/.exec(mail.headers['List-Unsubscribe']!)![1]!);

  // The mail provider's POST: no cookie, no Origin, the RFC's body.
  const provider = await playwright.request.newContext({ baseURL });
  const oneClick = await provider.post(unsubscribe.pathname, {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    data: 'List-Unsubscribe=One-Click',
  });
  expect(oneClick.status()).toBe(200);
  expect([...getMailOptOuts(db(), user!.id)]).toEqual(['reply']);
  // Anywhere else a form without Origin is still refused, and so is one from another site there.
  const elsewhere = await provider.post('/account', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    data: 'x=1',
  });
  expect(elsewhere.status()).toBe(403);
  const crossSite = await provider.post(unsubscribe.pathname, {
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
    data: 'List-Unsubscribe=One-Click',
  });
  expect(crossSite.status()).toBe(403);
  await provider.dispose();
});
