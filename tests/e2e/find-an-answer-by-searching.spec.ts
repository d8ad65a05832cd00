import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.ts';

test('an employee describes a VPN problem on the home page and reads the right article', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Describe your problem').fill('cant connect to vpn from home');
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(/\/help\?subject=cant\+connect/);
  await expect(page.getByLabel('What is the problem?')).toHaveValue('cant connect to vpn from home');
  const first = page.getByRole('region', { name: 'Suggested answers' }).getByRole('link').first();
  await expect(first).toContainText('Troubleshoot VPN connection problems');
  await expect(first.locator('mark').first()).toBeVisible();

  await first.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Troubleshoot VPN connection problems');
  await expect(page.getByText(/Last updated/)).toBeVisible();

  const toc = page.getByRole('navigation', { name: 'On this page' });
  await toc.getByRole('link', { name: 'Reconnect GlobalProtect' }).click();
  await expect(page).toHaveURL(/#user-content-reconnect-globalprotect$/);
  await expect(page.getByRole('heading', { name: 'Reconnect GlobalProtect' })).toBeInViewport();

  await expect(
    page
      .getByRole('region', { name: 'Related articles' })
      .getByRole('link', { name: 'Set up and connect to the VPN for the first time' }),
  ).toBeVisible();
});

test('the search page ranks the VPN article first for the same words, with highlighted snippets', async ({
  page,
}) => {
  await page.goto('/search?q=cant+connect+to+vpn+from+home');
  const first = page.locator('ol.results > li').first();
  await expect(first.getByRole('link')).toHaveText('Troubleshoot VPN connection problems');
  await expect(first.locator('mark').first()).toBeVisible();
});

test('a typo still finds the password article, from the search box in the header', async ({ page }) => {
  await page.goto('/kb');
  await page.getByRole('searchbox', { name: 'Search the knowledge base' }).fill('pasword reset');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(
    page.getByRole('main').getByRole('link').filter({ hasText: 'Reset your password' }).first(),
  ).toBeVisible();
  const titles = await page.locator('ol.results h2').allTextContents();
  expect(titles[0]).toBe('Reset your password');
});

test('search works without JavaScript, with filters and escaped highlights', async ({
  browser,
  context: signedIn,
}) => {
  const context = await browser.newContext({
    javaScriptEnabled: false,
    storageState: await signedIn.storageState(),
  });
  const page = await context.newPage();
  await page.goto('/search?q=printer');
  await expect(page.getByRole('status')).toHaveText(/\d+ results? for “printer”/);
  await page
    .getByRole('complementary', { name: 'Filter results' })
    .getByRole('link', { name: /^FAQs/ })
    .click();
  await expect(page).toHaveURL(/type=faq/);
  const pills = await page.locator('ol.results .pill').allTextContents();
  expect(pills.length).toBeGreaterThan(0);
  expect(new Set(pills)).toEqual(new Set(['FAQ']));
  await context.close();
});

test('hostile queries get a normal page and are shown as text', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)> "quotes" 😀';
  const response = await page.goto(`/search?q=${encodeURIComponent(hostile)}`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('searchbox', { name: 'Search articles and FAQs' })).toHaveValue(hostile);
  expect(dialogs).toBe(0);
  expect(await page.locator('main script, main img').count()).toBe(0);

  const long = await page.goto(`/search?q=${encodeURIComponent('my printer is broken '.repeat(100))}`);
  expect(long?.status()).toBe(200);
  const weird = await page.goto('/search?q=%00%1F%7F&page=-4&type=evil&category=%22');
  expect(weird?.status()).toBe(200);
});

test('search result pages have no serious accessibility problems', async ({ page }) => {
  await page.goto('/search?q=vpn');
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(
    violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help}`),
  ).toEqual([]);
});
