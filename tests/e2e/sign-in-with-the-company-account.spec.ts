import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { getUserByEmail, setBreakGlass } from '#lib/auth/users.ts';
import { getDatabase } from '#lib/db/db.ts';
import { idpUsersDir, oidcEnv, SSO_ONLY_PORT } from '../../playwright.config.ts';
import { portalDirs, startApp, stopApp, type RunningApp } from '../reliability/app.ts';
import { createTestSession, createTestUser, E2E_PASSWORD, expect, test } from './fixtures.ts';

test.use({ role: null });

type IdpUser = { username: string; password: string; email: string; name: string; groups: string[] };

/** A person at the test provider (their own file in its users folder); rewrite it to change their groups. */
function idpUser(groups: string[], name = 'Sam Sso'): IdpUser {
  const username = `sso-${randomBytes(4).toString('hex')}`;
  const user = { username, password: `pw-${username}`, email: `${username}@corp.example`, name, groups };
  writeIdpUser(user);
  return user;
}
function writeIdpUser(user: IdpUser): void {
  const { username, ...rest } = user;
  fs.writeFileSync(
    path.join(idpUsersDir, `${username}.json`),
    JSON.stringify({ [username]: { ...rest, emailVerified: true, locale: 'en-GB' } }),
  );
}

/** From the portal's sign-in page, through the provider's own sign-in page, and back. */
async function signInWithProvider(page: Page, user: IdpUser): Promise<void> {
  await page.getByRole('link', { name: 'Sign in with Test ID' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to the test provider' })).toBeVisible();
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('banner').locator('summary.account-name').click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  // RP-initiated logout: the provider asks, then sends the person back.
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await expect(page).toHaveURL(/\/login\?signedout=1$/);
  await expect(page.getByRole('status')).toHaveText('You are signed out.');
}

test('an employee signs in through the provider and lands on the portal, with an account made for them', async ({
  page,
}) => {
  const person = idpUser(['staff'], 'Greta Gruber');
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await signInWithProvider(page, person);
  await expect(page).toHaveURL(/localhost:\d+\/$/);
  await expect(page.getByRole('banner')).toContainText('Signed in as Greta Gruber');
  await page.goto('/account');
  const identity = page.getByRole('region', { name: 'Single sign-on' });
  await expect(identity).toContainText(`Linked to Test ID as ${person.email}`);
  await expect(identity).toContainText('this account has no password here');
  await expect(page.getByRole('heading', { name: 'Change your password' })).toHaveCount(0);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test("an agent's group gives the agent role and tier; without the group the role is gone at the next sign-in", async ({
  page,
}) => {
  const agent = idpUser(['staff', 'it-servicedesk-t2'], 'Aldo Agent');
  await page.goto('/agent');
  await signInWithProvider(page, agent);
  await expect(page).toHaveURL(/\/agent$/);
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Queue' }),
  ).toBeVisible();
  await page.goto('/account');
  await expect(page.getByRole('main')).toContainText('Roles: Agent, Employee (tier 2)');
  await expect(page.getByRole('main')).toContainText('Your roles come from your groups at Test ID');

  await signOut(page);
  writeIdpUser({ ...agent, groups: ['staff'] });
  await signInWithProvider(page, agent);
  await expect(page).toHaveURL(/localhost:\d+\/$/);
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Queue' }),
  ).toHaveCount(0);
  expect((await page.goto('/agent'))?.status()).toBe(404);
});

test('a return address on another site is ignored: the sign-in ends on the portal', async ({
  page,
  baseURL,
}) => {
  const person = idpUser(['staff']);
  await page.goto('/login/sso?next=//evil.example/steal');
  await page.getByLabel('Username').fill(person.username);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${baseURL}/`);
});

test('a callback without a sign-in under way gets a sentence and the sign-in page, not an error', async ({
  page,
}) => {
  const response = await page.goto('/login/sso/callback?code=stolen&state=guessed');
  expect(response?.status()).toBe(400);
  await expect(page.getByRole('alert')).toContainText('did not start in this browser');
  await expect(page.getByRole('link', { name: 'Sign in with Test ID' })).toBeVisible();
  await expect(page.getByLabel('Password')).toBeVisible();
});

test.describe('with SSO_ONLY', () => {
  test.describe.configure({ mode: 'serial', timeout: 180_000 });
  let portal: RunningApp;
  let root: string;
  let base: string;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    const dirs = portalDirs('fixpoint-e2e-sso-only-');
    root = dirs.root;
    portal = await startApp({
      port: SSO_ONLY_PORT,
      dataDir: dirs.dataDir,
      contentDir: dirs.contentDir,
      extraEnv: { ...oidcEnv(SSO_ONLY_PORT), SSO_ONLY: 'true', WEB_WORKERS: '1' },
    });
    base = portal.base;
  });
  test.afterAll(async () => {
    await stopApp(portal);
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('the password form is hidden, employees use the provider, and the break-glass admin still gets in', async ({
    page,
  }) => {
    const dataDir = path.join(root, 'data');
    const admin = await createTestUser(dataDir, ['admin']);
    setBreakGlass(getDatabase(path.join(dataDir, 'fixpoint.db')), admin.id, true);
    const ordinaryAdmin = await createTestUser(dataDir, ['admin']);

    await page.goto(`${base}/login`);
    await expect(page.getByRole('link', { name: 'Sign in with Test ID' })).toBeVisible();
    await expect(page.getByLabel('Password')).toHaveCount(0);
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

    // An account that is not break-glass is refused even with the right password.
    await page.getByRole('link', { name: 'break-glass sign-in' }).click();
    await page.getByLabel('Work email').fill(ordinaryAdmin.email);
    await page.getByLabel('Password').fill(E2E_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('Password sign-in is turned off');

    await page.getByLabel('Work email').fill(admin.email);
    await page.getByLabel('Password').fill(E2E_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page).toHaveURL(`${base}/`);
    await page.goto(`${base}/admin`);
    const row = page.getByRole('row', { name: new RegExp(admin.email) });
    await expect(row).toContainText('Password (break-glass)');
    await expect(row).toContainText('(password)');
  });

  test('an employee signs in with the provider there too; an admin sees how, and cannot hand-set her roles', async ({
    page,
    context,
  }) => {
    const person = idpUser(['staff', 'it-servicedesk-t1'], 'Olga Only');
    await page.goto(`${base}/kb`);
    await signInWithProvider(page, person);
    await expect(page).toHaveURL(`${base}/kb`);
    await expect(page.getByRole('banner')).toContainText('Signed in as Olga Only');

    const dataDir = path.join(root, 'data');
    const olga = getUserByEmail(getDatabase(path.join(dataDir, 'fixpoint.db')), person.email)!;
    const admin = await createTestUser(dataDir, ['admin']);
    await context.clearCookies();
    await context.addCookies([
      { name: 'fixpoint_session', value: createTestSession(dataDir, admin.id), url: base },
    ]);
    await page.goto(`${base}/admin/users/${olga.id}`);
    await expect(page.getByRole('main')).toContainText('Signs in with Test ID');
    await expect(page.getByRole('main')).toContainText(
      'groups at the last sign-in: staff, it-servicedesk-t1',
    );
    const roles = page.getByRole('region', { name: 'Roles and tier' });
    await expect(roles).toContainText('Agent, Employee (tier 1)');
    await expect(roles).toContainText('Set by Test ID groups at every sign-in');
    await expect(roles.getByRole('button', { name: 'Save roles' })).toHaveCount(0);
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    // The form is gone, and the server refuses the action too.
    const response = await page.request.post(`${base}/admin/users/${olga.id}`, {
      form: { action: 'roles', roles: 'admin' },
      headers: { origin: base },
    });
    expect(response.status()).toBe(400);
    expect(await response.text()).toContain('change the groups there');
  });
});
