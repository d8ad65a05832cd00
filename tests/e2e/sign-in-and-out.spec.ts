import AxeBuilder from '@axe-core/playwright';
import { request as playwrightRequest } from '@playwright/test';
import { expect, test, E2E_PASSWORD, createTestSession, createTestUser } from './fixtures.ts';

test.describe('signed out', () => {
  test.use({ role: null });

  test('an employee signs in, lands where they were going, and signs out', async ({ page }) => {
    const user = await createTestUser(process.env.E2E_DATA_DIR!, ['employee']);
    await page.goto('/faq');
    await expect(page).toHaveURL(/\/login\?next=%2Ffaq$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in to Fixpoint');

    await page.getByLabel('Work email').fill(user.email.toUpperCase());
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect.');
    await expect(page.getByLabel('Work email')).toHaveValue(user.email.toUpperCase());

    await page.getByLabel('Password').fill(E2E_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/faq$/);
    await expect(page.getByRole('banner')).toContainText(`Signed in as ${user.displayName}`);

    await page.getByRole('banner').locator('summary.account-name').click(); // opens the account menu
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login\?signedout=1$/);
    await page.goto('/kb');
    await expect(page).toHaveURL(/\/login\?next=%2Fkb$/);
  });

  test('an unknown email gets the same answer as a wrong password', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Work email').fill('nobody-here@fixpoint.example');
    await page.getByLabel('Password').fill('whatever-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect.');
  });

  test('a sign-in cannot be redirected to another site', async ({ page }) => {
    const user = await createTestUser(process.env.E2E_DATA_DIR!, ['employee']);
    await page.goto('/login?next=//evil.example/steal');
    await page.getByLabel('Work email').fill(user.email);
    await page.getByLabel('Password').fill(E2E_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/localhost:\d+\/$/);
  });
});

test('an employee cannot open the agent, manager or admin areas', async ({ page }) => {
  for (const path of ['/agent', '/manage', '/admin', '/admin/audit']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('We could not find that page');
  }
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }),
  ).toHaveCount(0);
});

test.describe('as an admin', () => {
  test.use({ role: ['admin'] });

  test('creates an agent account, disables it, and sees both in the audit log', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    const email = `new-agent-${Date.now()}@fixpoint.example`;
    const form = page.getByRole('region', { name: 'Create an account' });
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Name').fill('Nadia New');
    await form.getByLabel('Employee').uncheck();
    await form.getByLabel('Agent', { exact: true }).check();
    await form.getByLabel('Agent tier').selectOption('2');
    await form.getByLabel('First password').fill('password1234');
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('alert')).toContainText('attackers try first');

    await form.getByLabel('First password').fill('seven lanterns over the harbour');
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('status')).toContainText(`Created the account ${email}`);

    // At the size of a company the list is paged: find the account by its address.
    const search = page.getByRole('search', { name: 'Find accounts' });
    await search.getByLabel('Name or e-mail').fill(email.toUpperCase().slice(0, 20));
    await search.getByLabel('Role').selectOption('agent');
    await search.getByLabel('Tier').selectOption('2');
    await search.getByRole('button', { name: 'Find' }).click();
    await expect(page.getByRole('region', { name: 'Accounts found' }).getByRole('row')).toHaveCount(2);
    await page.getByRole('link', { name: 'Nadia New' }).click();
    const userId = Number(new URL(page.url()).pathname.split('/').pop());
    // Their own browser (a separate cookie jar: the answer to an ended session clears the cookie).
    const theirs = await playwrightRequest.newContext({
      baseURL: new URL(page.url()).origin,
      extraHTTPHeaders: {
        cookie: `fixpoint_session=${createTestSession(process.env.E2E_DATA_DIR!, userId)}`,
      },
    });
    expect((await theirs.get('/agent', { maxRedirects: 0 })).status()).toBe(200);

    // Disabling asks first, says what it ends, and can be cancelled.
    await page.getByRole('button', { name: 'Disable…' }).click();
    await expect(page.getByRole('heading', { name: 'Disable Nadia New?' })).toBeVisible();
    await expect(page.getByText('1 session end')).toBeVisible();
    await page.getByRole('link', { name: 'Cancel' }).click();
    await expect(page.getByRole('heading', { name: 'Disable the account' })).toBeVisible();
    await page.getByRole('button', { name: 'Disable…' }).click();
    await page.getByRole('button', { name: 'Disable the account' }).click();
    await expect(page.getByRole('status')).toContainText(`Disabled ${email}`);
    expect((await theirs.get('/agent', { maxRedirects: 0 })).status()).toBe(303);
    await theirs.dispose();

    await page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'Audit log' })
      .click();
    // Other tests fill the log in parallel: the filters find what this one did.
    await page.getByLabel('Action').selectOption('user.create');
    await page.getByRole('button', { name: 'Filter' }).click();
    // Readable details, not JSON.
    const created = page.getByRole('row').filter({ hasText: 'user.create' }).filter({ hasText: email });
    await expect(created).toContainText('roles: agent');
    await expect(created).toContainText('tier: 2');
    await expect(created).not.toContainText('{');

    // Filters by action, actor and date, and the same entries as CSV.
    await page.getByLabel('Action').selectOption('user.disable');
    await page.getByLabel('Actor').fill('user:');
    // The days are the reader's own (the browser's zone).
    const today = await page.evaluate(() => new Date().toLocaleDateString('en-CA'));
    await page.getByLabel('From', { exact: true }).fill(today);
    await page.getByLabel('To', { exact: true }).fill(today);
    await page.getByRole('button', { name: 'Filter' }).click();
    const rows = page.getByRole('region', { name: /Audit log/ }).locator('tbody tr');
    await expect(rows.filter({ hasText: email })).toHaveCount(1);
    expect(await rows.filter({ hasNotText: 'user.disable' }).count()).toBe(0);
    const csv = await page.request.get(
      (await page.getByRole('link', { name: 'Export these as CSV' }).getAttribute('href'))!,
    );
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe('time (UTC),actor,action,target,address,times,detail,detail (JSON)');
    expect(text).toContain(`user.disable,${email}`);
    expect(text).not.toContain('user.create');
    // A date that does not exist is refused with a sentence, and the log still shows.
    const bad = await page.goto('/admin/audit?from=2026-02-30');
    expect(bad?.status()).toBe(400);
    await expect(page.getByRole('alert')).toContainText('That date does not exist.');

    // The scrollable tables take the keyboard focus, and the pages are axe clean.
    for (const path of ['/admin/audit', '/admin']) {
      await page.goto(path);
      const { violations } = await new AxeBuilder({ page }).analyze();
      expect(violations.map((v) => `${path} ${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
    }
  });
});

test.describe('as an admin, SLA targets', () => {
  test.use({ role: ['admin'] });

  test('are edited with clear messages for bad values, and audited', async ({ page }) => {
    await page.goto('/admin/sla');
    const first = page.getByLabel('P1 first response in minutes');
    const original = await first.inputValue();
    await first.fill('500');
    await page.getByRole('button', { name: 'Save SLA targets' }).click();
    await expect(page.getByRole('alert')).toContainText(
      'P1: the first response cannot be due after the resolution.',
    );
    await page.getByLabel('P1 first response in minutes').fill('20');
    await page.getByRole('button', { name: 'Save SLA targets' }).click();
    await expect(page.getByRole('status')).toContainText('SLA targets saved');
    await expect(page.getByLabel('P1 first response in minutes')).toHaveValue('20');
    await page.getByLabel('P1 first response in minutes').fill(original);
    await page.getByRole('button', { name: 'Save SLA targets' }).click();
    await page.goto('/admin/audit');
    await expect(page.getByRole('row').filter({ hasText: 'sla.update' }).first()).toBeVisible();
  });
});
