import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { getDatabase } from '#lib/db/db.ts';
import { listMailTo } from '#lib/mail/outbox.ts';
import { createTestSession, createTestUser, E2E_PASSWORD, expect, test } from './fixtures.ts';

test.use({ role: null });

const dataDir = () => process.env.E2E_DATA_DIR!;
/** The reset link's path in the newest mail to `email` (the e2e portal has no SMTP server: mail waits in the outbox). */
function resetPathIn(email: string): string {
  const [mail] = listMailTo(getDatabase(path.join(dataDir(), 'fixpoint.db')), email);
  expect(mail?.subject).toBe('Reset your Fixpoint password');
  return new URL(/https?:\/\/\S+\/password-reset\/[A-Za-z0-9_-]+/.exec(mail!.text)![0]).pathname;
}

test('an employee who forgot the password gets a link by mail, sets a new one and is signed out elsewhere', async ({
  page,
  browser,
  baseURL,
}) => {
  const user = await createTestUser(dataDir(), ['employee']);
  // Signed in on another device: the reset ends that session.
  const other = await browser.newContext();
  await other.addCookies([
    { name: 'fixpoint_session', value: createTestSession(dataDir(), user.id), url: baseURL! },
  ]);

  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset your password');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await page.getByLabel('Work email').fill(user.email.toUpperCase());
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('status')).toContainText(
    'an e-mail with a link to choose a new password is on its way',
  );

  const resetPath = resetPathIn(user.email);
  await page.goto(resetPath);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await page.getByLabel('New password', { exact: true }).fill('password1234');
  await page.getByLabel('New password again').fill('password1234');
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await expect(page.getByRole('alert')).toContainText('passwords that attackers try first');
  await page.getByLabel('New password', { exact: true }).fill('copper kettles sing at noon');
  await page.getByLabel('New password again').fill('copper kettles sing at noon');
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await expect(page).toHaveURL(/\/login\?changed=1$/);
  await expect(page.getByRole('status')).toContainText('Your password was changed');

  // The other device is signed out; the old password no longer works, the new one does.
  const otherPage = await other.newPage();
  await otherPage.goto('/requests');
  await expect(otherPage).toHaveURL(/\/login/);
  await other.close();
  await page.getByLabel('Work email').fill(user.email);
  await page.getByLabel('Password').fill(E2E_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect.');
  await page.getByLabel('Password').fill('copper kettles sing at noon');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);

  // The link worked once.
  const again = await page.request.get(resetPath);
  expect(again.status()).toBe(404);
});

test('an unknown address gets the same answer and no mail', async ({ page }) => {
  await page.goto('/password-reset');
  await page.getByLabel('Work email').fill('nobody-at-all@fixpoint.example');
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('status')).toContainText(
    'If nobody-at-all@fixpoint.example belongs to a Fixpoint account',
  );
  expect(
    listMailTo(getDatabase(path.join(dataDir(), 'fixpoint.db')), 'nobody-at-all@fixpoint.example'),
  ).toEqual([]);
});
