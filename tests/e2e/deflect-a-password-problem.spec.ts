import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { getDatabase } from '#lib/db/db.ts';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const db = () => getDatabase(path.join(process.env.E2E_DATA_DIR!, 'fixpoint.db'));

/** Waits until the encoder is ready and every article has its vector: the hybrid ranking and its gate answer. */
async function everyVectorReady(page: Page) {
  await expect
    .poll(
      async () => {
        const { vectors } = (await (await page.request.get('/healthz')).json()) as {
          vectors: { ready: number; total: number; encoder: string };
        };
        return vectors.encoder === 'ready' && vectors.ready === vectors.total;
      },
      { timeout: 100_000, intervals: [500] },
    )
    .toBe(true);
}

test('deflect a password problem: type, see the suggestion, solved, counted as confirmed (keyboard only)', async ({
  page,
  user,
}) => {
  await page.goto('/help');
  const subject = page.getByLabel('What is the problem?');
  await expect(subject).toBeFocused();
  await page.keyboard.type('forgot my pasword, cant log in');

  const suggestions = page.getByRole('region', { name: 'Suggested answers' });
  await expect(suggestions.getByRole('status')).toHaveText(/\d suggestions? that may solve it/);
  await expect(suggestions.getByRole('link').first()).toContainText('Reset your password');

  await page.keyboard.press('ArrowDown');
  await expect(suggestions.getByRole('link').first()).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset your password');
  const outcome = page.getByRole('region', { name: 'Did this solve your problem?' });
  await outcome.getByRole('button', { name: 'Yes, solved' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Great, glad that solved it!');

  const request = db().prepare('SELECT * FROM help_requests WHERE user_id = ?').get(user!.id) as {
    solved_slug: string;
    shown: number;
    final_query: string;
  };
  expect(request).toMatchObject({ solved_slug: 'reset-your-password', shown: 1 });
  expect(request.final_query).toContain('password');
  const events = db()
    .prepare(
      'SELECT type FROM help_request_events e JOIN help_requests r ON r.id = e.request_id WHERE r.user_id = ? ORDER BY e.id',
    )
    .pluck()
    .all(user!.id);
  expect(events).toEqual(expect.arrayContaining(['suggestions_shown', 'article_opened', 'solved']));
});

test('file a ticket after the suggestions do not help; what was tried goes with it', async ({ page }) => {
  await page.goto('/help');
  await page.getByLabel('What is the problem?').fill('VPN keeps failing at home');
  await page
    .getByLabel('Details')
    .fill('GlobalProtect says Gateway not responding. Restarted the router already.');
  const suggestions = page.getByRole('region', { name: 'Suggested answers' });
  await suggestions.getByRole('link', { name: /Troubleshoot VPN connection problems/ }).click();
  await page.getByRole('button', { name: 'No, back to my request' }).click();

  // Back at the request with everything typed kept, and the article that did not help is not offered again.
  await expect(page.getByLabel('What is the problem?')).toHaveValue('VPN keeps failing at home');
  await expect(page.getByLabel('Details')).toHaveValue(/Gateway not responding/);
  await expect(suggestions.getByRole('link').first()).toBeVisible();
  await expect(suggestions.getByRole('link', { name: /Troubleshoot VPN connection problems/ })).toHaveCount(
    0,
  );
  await page.getByRole('button', { name: 'Create a ticket' }).click();

  await expect(page.getByRole('heading', { name: 'Create a ticket' })).toBeVisible();
  await expect(page.getByLabel('Subject')).toHaveValue('VPN keeps failing at home');
  await page.getByLabel('I cannot work at all').check();
  await page.getByLabel('Category').selectOption({ label: 'VPN, Wi-Fi & network' });
  await page.getByRole('button', { name: 'Submit ticket' }).click();

  await expect(page.getByRole('status')).toContainText(/Ticket T-\d+ is filed/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('VPN keeps failing at home');
  await expect(page.getByText('Priority P3')).toBeVisible();
  const tried = page.getByRole('region', { name: 'Already tried' });
  await expect(
    tried.getByRole('listitem').filter({ hasText: 'Troubleshoot VPN connection problems' }),
  ).toContainText('did not solve it');
});

test('after "No" to the one article that fits, nothing else is suggested and the ticket is offered', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await everyVectorReady(page);
  await page.goto('/help');
  await page.getByLabel('What is the problem?').fill('holiday auto reply');
  const suggestions = page.getByRole('region', { name: 'Suggested answers' });
  await suggestions.getByRole('link', { name: /Set up an out-of-office auto-reply/ }).click();
  await page.getByRole('button', { name: 'No, back to my request' }).click();

  await expect(page.getByLabel('What is the problem?')).toHaveValue('holiday auto reply');
  await expect(suggestions.getByRole('status')).toHaveText(/Nothing else in the knowledge base matches/);
  await expect(suggestions.getByRole('link')).toHaveCount(0);
  await page.getByRole('button', { name: 'Create a ticket' }).click();
  await expect(page.getByLabel('Subject')).toHaveValue('holiday auto reply');
});

test('without JavaScript: find answers, then one ticket even when submitted twice', async ({
  browser,
  context: signedIn,
  user,
}) => {
  const context = await browser.newContext({
    javaScriptEnabled: false,
    storageState: await signedIn.storageState(),
  });
  const page = await context.newPage();
  await page.goto('/help');
  await page.getByLabel('What is the problem?').fill('monitor flickers on the dock');
  await page.getByRole('button', { name: 'Find answers' }).click();
  await expect(
    page.getByRole('region', { name: 'Suggested answers' }).getByRole('link').first(),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Create a ticket' }).click();
  await page.getByLabel('Description').fill('Second screen flickers every few seconds.');

  // Submitting the same form twice (a double-click, a reload) files one ticket.
  const form = page.locator('form', { has: page.getByRole('button', { name: 'Submit ticket' }) });
  const fields = Object.fromEntries(
    await form.evaluate((f: HTMLFormElement) =>
      [...new FormData(f).entries()].map(([k, v]) => [k, String(v)]),
    ),
  );
  const origin = new URL(page.url()).origin;
  const post = () =>
    page.request.post('/help', { form: { ...fields, intent: 'file' }, headers: { origin }, maxRedirects: 0 });
  const [a, b] = await Promise.all([post(), post()]);
  expect(a.headers().location).toBe(b.headers().location);
  const count = getDatabase(path.join(process.env.E2E_DATA_DIR!, 'fixpoint.db'))
    .prepare('SELECT count(*) FROM tickets WHERE requester_id = ?')
    .pluck()
    .get(user!.id);
  expect(count).toBe(1);
  await context.close();
});

test('bad ticket input gets clear messages and keeps what was typed', async ({ page }) => {
  await page.goto('/help');
  await page.getByLabel('What is the problem?').fill('<b>x</b>');
  await page.getByRole('button', { name: 'Create a ticket' }).click();
  await page.getByLabel('Subject').fill('ab');
  await page.getByLabel('Description').fill('<script>alert(1)</script> the printer');
  await page.getByRole('button', { name: 'Submit ticket' }).click();
  await expect(page.getByText('Write a short subject (at least 3 characters).')).toBeVisible();
  await expect(page.getByLabel('Description')).toHaveValue('<script>alert(1)</script> the printer');
  await page.getByLabel('Subject').fill('Printer shows <b>code</b>');
  await page.getByRole('button', { name: 'Submit ticket' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Printer shows <b>code</b>');
  // Descriptions are Markdown, and HTML people type is shown as the text they typed, never run.
  await expect(page.getByRole('region', { name: 'Description' })).toContainText(
    '<script>alert(1)</script> the printer',
  );
  expect(await page.locator('main script').count()).toBe(0);
});

test('/help has no accessibility violations', async ({ page }) => {
  await page.goto('/help');
  await page.getByLabel('What is the problem?').fill('outlook not syncing');
  await expect(
    page.getByRole('region', { name: 'Suggested answers' }).getByRole('link').first(),
  ).toBeVisible();
  const describe = await new AxeBuilder({ page }).analyze();
  expect(describe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await page.getByRole('button', { name: 'Create a ticket' }).click();
  const ticketForm = await new AxeBuilder({ page }).analyze();
  expect(ticketForm.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test('the ticket API: 201, same key same ticket, 400 with fields, 404 for someone else', async ({
  page,
  baseURL,
}) => {
  const origin = new URL(baseURL!).origin;
  const headers = { origin, 'Idempotency-Key': `key-${Date.now()}` };
  const created = await page.request.post('/api/tickets', {
    data: { subject: 'Keyboard broken', description: 'Keys stick.', urgency: 'low' },
    headers,
  });
  expect(created.status()).toBe(201);
  const body = await created.json();
  expect(body).toEqual({
    id: expect.any(Number),
    number: expect.any(Number),
    url: `/requests/${body.number}`,
  });
  const again = await page.request.post('/api/tickets', {
    data: { subject: 'Keyboard broken', description: 'Keys stick.' },
    headers,
  });
  expect((await again.json()).number).toBe(body.number);

  const bad = await page.request.post('/api/tickets', {
    data: { subject: 'x'.repeat(300), description: '' },
    headers: { origin },
  });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).fields).toMatchObject({
    subject: expect.stringContaining('200'),
    description: expect.any(String),
  });
  expect(
    (
      await page.request.post('/api/tickets', {
        data: 'not json',
        headers: { origin, 'content-type': 'application/json' },
      })
    ).status(),
  ).toBe(400);
  expect(
    (await page.request.post('/api/tickets', { form: { subject: 'x' }, headers: { origin } })).status(),
  ).toBe(415);

  expect((await page.request.get(`/api/tickets/${body.number}`)).status()).toBe(200);
  expect((await page.request.get('/api/suggest')).status()).toBe(400);
  expect((await page.request.get(`/api/suggest?q=${encodeURIComponent('x'.repeat(5000))}`)).status()).toBe(
    200,
  );
});

test.describe('another employee', () => {
  test("cannot read someone else's ticket (404, like a missing one)", async ({ page, baseURL }) => {
    const dataDir = process.env.E2E_DATA_DIR!;
    const { createTestUser } = await import('./fixtures.ts');
    const { createTicket } = await import('#lib/tickets/tickets.ts');
    const owner = await createTestUser(dataDir, ['employee']);
    const { ticket } = createTicket(getDatabase(path.join(dataDir, 'fixpoint.db')), owner.id, {
      subject: 'Private',
      description: 'Mine only',
    });
    expect((await page.request.get(`${baseURL}/api/tickets/${ticket.number}`)).status()).toBe(404);
    expect((await page.goto(`/requests/${ticket.number}`))?.status()).toBe(404);
  });
});

test('a script filing ticket after ticket is stopped with 429 and the wait; typing is never limited', async ({
  page,
  baseURL,
}) => {
  const origin = new URL(baseURL!).origin;
  const file = (i: number) =>
    page.request.post('/api/tickets', {
      data: { subject: `Runaway script ${i}`, description: 'Filed in a loop.' },
      headers: { origin, 'idempotency-key': `runaway-${i}` },
    });
  for (let i = 0; i < 20; i++) expect((await file(i)).status()).toBe(201);
  const refused = await file(20);
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()['retry-after'])).toBeGreaterThan(0);
  expect((await refused.json()).error).toMatch(/filed 20 tickets in the last hour/);
  expect((await file(3)).status()).toBe(200); // a retry of a filed ticket still answers with it
  for (let i = 0; i < 30; i++)
    expect((await page.request.get(`/api/suggest?q=printer+${i}`)).status()).toBe(200);
});

test('the home page box suggests as you type; the request carries on to the article and to /help', async ({
  page,
  user,
}) => {
  await page.goto('/');
  await page.getByLabel('Describe your problem').fill('outlook keeps asking for my password');
  const suggestions = page.getByRole('region', { name: 'Suggested answers' });
  await expect(suggestions.getByRole('status')).toHaveText(/\d suggestions? that may solve it/);
  const first = suggestions.getByRole('link').first();
  await expect(first).toBeVisible();
  await page.getByLabel('Describe your problem').press('ArrowDown');
  await expect(first).toBeFocused();
  await page.keyboard.press('Enter');
  // Opened from the request: the article asks whether it solved the problem.
  const outcome = page.getByRole('region', { name: 'Did this solve your problem?' });
  await outcome.getByRole('button', { name: 'No, back to my request' }).click();
  await expect(page.getByLabel('What is the problem?')).toHaveValue('outlook keeps asking for my password');
  const request = db().prepare('SELECT shown FROM help_requests WHERE user_id = ?').all(user!.id);
  expect(request).toEqual([{ shown: 1 }]);
});

test('on a phone the best suggestion stays in view while typing the details', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/help');
  await page.getByLabel('What is the problem?').fill('VPN');
  await page.getByLabel('Details').click();
  await page.keyboard.type('it keeps disconnecting every few minutes at home');
  const best = page.locator('[data-suggest-peek]');
  await expect(best.getByRole('link').first()).toContainText(/VPN/);
  await expect(best).toBeInViewport();
  await expect(page.getByLabel('Details')).toBeInViewport();
  expect((await new AxeBuilder({ page }).include('[data-suggest-peek]').analyze()).violations).toEqual([]);
  await best.getByRole('link', { name: /See all \d below/ }).click();
  await expect(page.getByRole('heading', { name: 'Suggested answers' })).toBeInViewport();
});

test('a whole pasted log still gets suggestions, and the request keeps all of it', async ({
  page,
  user,
  baseURL,
}) => {
  await page.goto('/help');
  await page.getByLabel('What is the problem?').fill('OneDrive sync keeps failing');
  // About 18,000 characters: as an address it would pass Node's 16 KB limit on a request's head (431).
  const line =
    '2026-12-02 07:41:13,512 ERROR [SyncEngine] Upload failed: Connection reset by peer (errno=104) at Client.upload(Client.java:214)';
  const log = Array.from({ length: 140 }, (_, i) => `${line} #${i}`).join('\n');
  const posted = page.waitForRequest((r) => r.url().endsWith('/api/suggest') && r.method() === 'POST');
  await page.getByLabel('Details').fill(log);
  await posted;
  const suggestions = page.getByRole('region', { name: 'Suggested answers' });
  await expect(suggestions.getByRole('status')).toHaveText(/\d suggestions? that may solve it/);
  await expect(suggestions.getByRole('link').first()).toContainText('OneDrive');
  await expect
    .poll(
      () =>
        (
          db().prepare('SELECT draft FROM help_requests WHERE user_id = ?').pluck().get(user!.id) as
            string | undefined
        )?.endsWith('#139'),
      { timeout: 10_000 },
    )
    .toBe(true);

  // The API takes the same form; from another site, or as something other than a form, it refuses.
  const origin = new URL(baseURL!).origin;
  const answered = await page.request.post('/api/suggest', {
    form: { q: `OneDrive\n${log}` },
    headers: { origin },
  });
  expect(answered.status()).toBe(200);
  expect(((await answered.json()) as { results: unknown[] }).results.length).toBeGreaterThan(0);
  const elsewhere = await page.request.post('/api/suggest', {
    form: { q: 'OneDrive' },
    headers: { origin: 'https://evil.example' },
  });
  expect(elsewhere.status()).toBe(403);
  const notAForm = await page.request.post('/api/suggest', { data: { q: 'OneDrive' }, headers: { origin } });
  expect(notAForm.status()).toBe(400);
  expect(((await notAForm.json()) as { error: string }).error).toBe(
    'Add q, the text to find suggestions for.',
  );
});

test('typing: an answer ranked before the encoder had the text is asked for again, and the list ends as the final ranking', async ({
  page,
}) => {
  // Once the encoder is ready and idle (its article vectors computed), a new text's vector takes it
  // ~10 ms: longer than a typing answer waits (decision 012).
  test.setTimeout(120_000);
  await everyVectorReady(page);
  const answers: Array<{ q: string; refining: boolean }> = [];
  page.on('response', async (response) => {
    const url = new URL(response.url());
    if (url.pathname !== '/api/suggest' || !url.searchParams.has('rid')) return;
    const body = (await response.json().catch(() => null)) as { refining?: boolean } | null;
    if (body) answers.push({ q: url.searchParams.get('q')!, refining: body.refining === true });
  });
  await page.goto('/help');
  const typed = 'my laptop battery is empty every morning although it was charging';
  await page.getByLabel('What is the problem?').pressSequentially(typed, { delay: 30 });
  // What the page sends: subject, newline, details. Without a request id the answer waits for the
  // text's own vector: the final hybrid ranking.
  const q = `${typed}\n`;
  // The page's first answer for the whole text comes before this test asks for it itself: asked first,
  // the vector would be cached already and that answer final.
  await expect.poll(() => answers.some((a) => a.q === q)).toBe(true);
  const final = (await (await page.request.get(`/api/suggest?q=${encodeURIComponent(q)}`)).json()) as {
    results: Array<{ title: string }>;
    refining?: boolean;
  };
  expect(final.refining).toBeUndefined();
  expect(final.results.length).toBeGreaterThan(0);
  // The last text's first answer was not final; the page asked again until one was (the first re-ask
  // usually is; a busy encoder takes up to three), and then stopped asking.
  await expect
    .poll(() => answers.filter((a) => a.q === q).map((a) => a.refining))
    .toEqual(expect.arrayContaining([true, false]));
  const asked = answers.filter((a) => a.q === q).map((a) => a.refining);
  expect(asked[0]).toBe(true);
  expect(asked.indexOf(false)).toBe(asked.length - 1);
  expect(asked.length).toBeLessThanOrEqual(4);
  const suggestions = page.getByRole('region', { name: 'Suggested answers' });
  await expect(suggestions.locator('a.suggestion .suggestion-title')).toHaveText(
    final.results.map((r) => r.title),
  );
});
