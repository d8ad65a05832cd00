import { expect, test, E2E_PASSWORD, createTestUser } from './fixtures.ts';

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
    await expect(page).toHaveURL(/\/login$/);
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

    await page.getByRole('link', { name: 'Nadia New' }).click();
    await page.getByRole('button', { name: 'Disable' }).click();
    await expect(page.getByRole('status')).toContainText(`Disabled ${email}`);

    await page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'Audit log' })
      .click();
    await expect(
      page.getByRole('row').filter({ hasText: 'user.disable' }).filter({ hasText: email }),
    ).toBeVisible();
    await expect(
      page.getByRole('row').filter({ hasText: 'user.create' }).filter({ hasText: email }),
    ).toBeVisible();
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
