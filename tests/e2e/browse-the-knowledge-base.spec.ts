import http from 'node:http';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.ts';

test('an employee browses by topic from the home page to an FAQ', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('How can we help?');
  await expect(page.getByRole('heading', { name: 'Popular articles' })).toBeVisible();
  await page.getByRole('link', { name: /VPN, Wi-Fi & network/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('VPN, Wi-Fi & network');
  await expect(page.getByRole('link', { name: 'Connect to the office Wi-Fi' })).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'FAQ' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Frequently asked questions');
  await page.getByRole('link', { name: 'What is the guest Wi-Fi password?' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('What is the guest Wi-Fi password?');
  await expect(
    page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'FAQ' }),
  ).toBeVisible();
  // The body, rendered from Markdown (kept in the render store, not beside the article in memory).
  const body = page.locator('.article-body');
  await expect(body.getByRole('heading', { level: 2, name: 'Details' })).toBeVisible();
  await expect(body.locator('ol > li')).toHaveCount(3);
  await expect(body.getByRole('link', { name: 'Connect to the office Wi-Fi' })).toHaveAttribute(
    'href',
    '/kb/connect-to-office-wifi',
  );
});

test("on a phone, an article's wide table keeps its words whole and scrolls in its own region", async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/kb/connect-to-office-wifi');
  const region = page.getByRole('region', { name: 'Network, Who and what it is for, How you sign in' });
  await expect(region.getByRole('table')).toBeVisible();
  const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
  expect(await pageWidth()).toBeLessThanOrEqual(390);
  // No word is broken inside itself ("Net/wo/rk"): each of these takes exactly one line.
  for (const word of ['Network', 'Automatically,']) {
    const lines = await region.evaluate((el, w) => {
      const cell = [...el.querySelectorAll('th, td')].find((c) => c.textContent!.includes(w))!;
      const text = [...cell.childNodes].find(
        (n) => n.nodeType === Node.TEXT_NODE && n.textContent!.includes(w),
      )!;
      const range = document.createRange();
      range.setStart(text, text.textContent!.indexOf(w));
      range.setEnd(text, text.textContent!.indexOf(w) + w.length);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    }, word);
    expect(lines, word).toBe(1);
  }
  // On the narrowest phones the table is wider than the screen: it scrolls inside its region, which
  // takes keyboard focus, while the page itself never scrolls sideways.
  await page.setViewportSize({ width: 320, height: 700 });
  expect(await pageWidth()).toBeLessThanOrEqual(320);
  const widths = await region.evaluate((el) => ({ client: el.clientWidth, scroll: el.scrollWidth }));
  expect(widths.scroll).toBeGreaterThan(widths.client);
  await region.focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test('keyboard only: skip link, then search from the header', async ({ page }) => {
  await page.goto('/kb');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  await page.goto('/faq');
  const box = page.getByRole('searchbox', { name: 'Search the knowledge base' });
  await box.focus();
  await page.keyboard.type('outlook not syncing');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=outlook/);
  await expect(page.locator('ol.results h2').first()).toBeVisible();
});

test('missing, internal and stale articles', async ({ page }) => {
  expect((await page.goto('/kb/no-such-article'))?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('We could not find that page');
  // Agent-only runbooks do not exist for employees.
  expect((await page.goto('/kb/agent-runbook-unlock-account-and-verify-identity'))?.status()).toBe(404);
  // An article past its review date says so.
  await page.goto('/kb/map-a-network-drive');
  await expect(page.getByRole('note')).toContainText('due for review');
});

test('the portal pages have no serious accessibility problems', async ({ page }) => {
  for (const url of ['/', '/kb', '/faq', '/kb/reset-your-password', '/help']) {
    await page.goto(url);
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(
      violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${url} ${v.id}: ${v.help}`),
    ).toEqual([]);
  }
});

test('health check and security headers', async ({ request }) => {
  const health = await request.get('/healthz');
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'ok', db: 'ok', search: 'ok', storage: 'ok' });
  const headers = (await request.get('/')).headers();
  expect(headers['content-security-policy']).toContain("script-src 'self'");
  // Article vectors are computed in the background once the portal serves; a web worker sees them and
  // the start process's encoder (decision 012).
  test.setTimeout(120_000);
  await expect
    .poll(
      async () => {
        const { vectors } = (await (await request.get('/healthz')).json()) as {
          vectors: { ready: number; total: number; encoder: string };
        };
        return vectors.encoder === 'ready' && vectors.total > 70 && vectors.ready === vectors.total;
      },
      { timeout: 100_000, intervals: [500] },
    )
    .toBe(true);
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
});

test('answers say their status, other methods are refused with 405, signed-in pages are never cached', async ({
  page,
  user,
  baseURL,
}) => {
  expect(user).not.toBeNull();
  const home = await page.request.get('/');
  expect(home.headers()['cache-control']).toBe('no-store');
  const missing = await page.request.get('/kb/no-such-article');
  expect(missing.status()).toBe(404);
  expect(missing.statusText()).toBe('Not Found');
  for (const method of ['TRACE', 'PUT', 'DELETE']) {
    // Same-site, so Astro's cross-site form check (403) lets it through to the method check.
    const refused = await page.request.fetch('/', { method, headers: { origin: new URL(baseURL!).origin } });
    expect(refused.status(), method).toBe(405);
    expect(refused.headers()['allow']).toBe('GET, HEAD, POST');
    expect(refused.headers()['content-security-policy']).toContain("default-src 'self'");
  }
});

/** A GET whose path reaches the server exactly as written, dots and all. */
function getRaw(base: string, rawPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(new URL(base), { path: rawPath }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body }));
    });
    request.on('error', reject);
  });
}

test("the site's scripts, styles and icon are served with their type, kept by browsers, and nothing beside them", async ({
  page,
  baseURL,
}) => {
  await page.goto('/');
  const script = await page.locator('script[src^="/_astro/"]').first().getAttribute('src');
  const style = await page.locator('link[rel="stylesheet"][href^="/_astro/"]').first().getAttribute('href');
  for (const [address, type] of [
    [script!, 'text/javascript; charset=utf-8'],
    [style!, 'text/css; charset=utf-8'],
    ['/favicon.svg', 'image/svg+xml'],
  ] as const) {
    const answer = await page.request.get(address);
    expect(answer.status(), address).toBe(200);
    expect(answer.headers()['content-type'], address).toBe(type);
    expect(answer.headers()['x-content-type-options'], address).toBe('nosniff');
    // A name under /_astro/ changes with its content: kept for good; the icon is checked again hourly.
    expect(answer.headers()['cache-control'], address).toBe(
      address.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
    );
    expect((await answer.body()).length, address).toBeGreaterThan(0);
    // A browser that has it already gets "not modified".
    const again = await page.request.get(address, {
      headers: { 'if-none-match': answer.headers()['etag']! },
    });
    expect(again.status(), address).toBe(304);
    const head = await page.request.head(address);
    expect(head.status(), address).toBe(200);
    expect(head.headers()['content-length'], address).toBe(answer.headers()['content-length']);
  }
  // What is not one of the built files is the portal's to answer: the server's own files stay private.
  // Sent as written (Playwright's client would resolve the dots before sending).
  for (const address of ['/_astro/no-such-file.js', '/_astro/../server/entry.mjs', '/%2e%2e/package.json']) {
    const answer = await getRaw(baseURL!, address);
    expect(answer.status, address).toBe(404);
    expect(answer.body, address).not.toContain('import');
  }
  // An address that is not valid percent-encoding is a bad request, said plainly in the reader's
  // language (never a 500).
  const bad = await page.request.get('/kb/%E0%A4%A', { headers: { 'accept-language': 'de-CH,de;q=0.9' } });
  expect(bad.status()).toBe(400);
  expect(await bad.text()).toBe(
    'Diese Adresse ist ungültig: Prüfen Sie sie oder gehen Sie zurück zur Startseite.',
  );
  expect(bad.headers()['content-language']).toBe('de');
  expect(bad.headers()['content-security-policy']).toContain("default-src 'self'");
});
