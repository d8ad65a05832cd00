import { expect, test } from './fixtures.ts';

test.use({ role: ['employee'] });

test('the switcher changes the language by keyboard, remembers it on the account, and refuses nonsense', async ({
  page,
  baseURL,
  browser,
  user,
}) => {
  await page.goto('/kb');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const summary = page.locator('.language-menu > summary');
  await expect(summary).toHaveAccessibleName('Language: English');
  await summary.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Deutsch' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/kb$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('navigation', { name: 'Hauptnavigation' }).first()).toBeAttached();

  // Saved on the account: another browser (English) signed in as the same person gets German.
  const other = await browser.newContext({ baseURL, locale: 'en-US' });
  await other.addCookies((await page.context().cookies()).filter((c) => c.name === 'fixpoint_session'));
  const otherPage = await other.newPage();
  await otherPage.goto('/');
  await expect(otherPage.locator('html')).toHaveAttribute('lang', 'de');
  // …and a ?lang= link shows one language without changing the choice.
  await otherPage.goto('/?lang=it');
  await expect(otherPage.locator('html')).toHaveAttribute('lang', 'it');
  await expect(otherPage.locator('link[rel=alternate][hreflang=de]')).toHaveAttribute('href', '/?lang=de');
  await other.close();
  expect(user).not.toBeNull();

  const post = (form: Record<string, string>) =>
    page.request.post('/language', { form, headers: { origin: baseURL! }, maxRedirects: 0 });
  const bad = await post({ locale: 'klingon', return_to: '/kb' });
  expect(bad.status()).toBe(400);
  expect(await bad.text()).toBe('Wählen Sie English, Deutsch oder Italiano.');
  const offsite = await post({ locale: 'it', return_to: '//evil.example/phish' });
  expect(offsite.status()).toBe(303);
  expect(offsite.headers().location).toBe('/');
});

test('a signed-out visitor gets the browser’s language, and an unknown one falls back quietly', async ({
  browser,
  baseURL,
}) => {
  const italian = await browser.newContext({ baseURL, locale: 'it-IT' });
  const page = await italian.newPage();
  const response = await page.goto('/login');
  expect(response?.headers()['content-language']).toBe('it');
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  await italian.close();
  const klingon = await browser.newContext({
    baseURL,
    extraHTTPHeaders: { 'accept-language': 'tlh, *;q=0.1' },
  });
  const other = await klingon.newPage();
  await other.context().addCookies([{ name: 'locale', value: '%3Cscript%3E', url: baseURL! }]);
  expect((await other.goto('/login'))?.status()).toBe(200);
  await expect(other.locator('html')).toHaveAttribute('lang', 'en');
  await klingon.close();
});
