import { expect, test } from './fixtures.ts';
import { createTestSession, createTestUser } from './fixtures.ts';
import type { Browser } from '@playwright/test';

test.use({ role: null });

const dataDir = () => process.env.E2E_DATA_DIR!;

async function signedInPage(
  browser: Browser,
  baseURL: string,
  roles: Parameters<typeof createTestUser>[1],
  name?: string,
) {
  const user = await createTestUser(dataDir(), roles);
  const context = await browser.newContext({ baseURL });
  await context.addCookies([
    { name: 'fixpoint_session', value: createTestSession(dataDir(), user.id), url: baseURL },
  ]);
  return { user, page: await context.newPage(), context, name };
}

test('a resolved ticket becomes an FAQ that answers the next employee at Get help', async ({
  browser,
  baseURL,
}) => {
  const first = await signedInPage(browser, baseURL!, ['employee']);
  const agent = await signedInPage(browser, baseURL!, ['agent']);
  const second = await signedInPage(browser, baseURL!, ['employee']);

  // 1. An employee files a ticket about something the knowledge base does not cover.
  await first.page.goto('/help');
  await first.page
    .getByLabel('What is the problem?')
    .fill('Reception visitor badge printer prints empty badges');
  await first.page
    .getByLabel('Details')
    .fill(
      `Since this morning every visitor badge comes out white. I am ${first.user.displayName}, call me on +41 44 123 45 67.`,
    );
  await first.page.getByRole('button', { name: 'Create a ticket' }).click();
  await first.page.getByRole('button', { name: 'Submit ticket' }).click();
  await expect(first.page.getByRole('status')).toContainText(/Ticket T-\d+ is filed/);
  const number = /T-(\d+)/.exec((await first.page.getByRole('heading', { level: 1 }).textContent())!)![1]!;

  // 2. An agent resolves it and promotes it; the draft has no personal data and lists what was removed.
  await agent.page.goto(`/agent/tickets/${number}`);
  await agent.page.getByLabel('New status').selectOption('resolved');
  await agent.page
    .getByLabel(/Resolution note/)
    .fill(
      'The thermal roll was loaded upside down. Turn the roll so the shiny side faces the print head, close the lid and press Feed once.',
    );
  await agent.page.getByRole('button', { name: 'Change status' }).click();
  await expect(agent.page.getByRole('status')).toHaveText('Status changed.');
  await agent.page.getByRole('link', { name: 'Promote to FAQ draft' }).click();
  const removed = agent.page.getByRole('region', { name: 'Personal data removed' });
  await expect(removed).toContainText('+41 44 123 45 67');
  await expect(agent.page.getByRole('region', { name: 'The draft' })).not.toContainText('+41 44');
  await agent.page.getByRole('button', { name: 'Create FAQ draft' }).click();
  await expect(agent.page.getByRole('status')).toHaveText(
    'FAQ draft written from the ticket. Check it, then publish.',
  );

  // A draft is not published: the first employee cannot open it, nor find it.
  const draftUrl = new URL(agent.page.url()).pathname.replace('/agent/kb/edit/', '/faq/');
  expect((await second.page.goto(draftUrl))?.status()).toBe(404);

  // 3. The agent edits the draft (live preview), then publishes it.
  await agent.page.getByLabel('Title').fill('Visitor badges print blank at reception');
  await agent.page
    .getByLabel(/^Tags/)
    .fill('visitor badge, badge printer, blank, empty, reception, thermal roll');
  await agent.page.getByLabel('Text (Markdown)').press('End');
  await agent.page.getByLabel('Text (Markdown)').pressSequentially('\n\n**Still blank?** Replace the roll.');
  await expect(
    agent.page.getByRole('region', { name: 'Preview' }).locator('strong').filter({ hasText: 'Still blank?' }),
  ).toBeVisible();
  await agent.page.getByRole('button', { name: 'Publish' }).click();
  await expect(agent.page.getByRole('status')).toHaveText(
    'Published: employees see it now, and it is suggested at Get help.',
  );

  // 4. A second employee describes the same problem in other words and is offered the new FAQ.
  await second.page.goto('/help');
  await second.page
    .getByLabel('What is the problem?')
    .pressSequentially('badges for visitors come out blank');
  // The FAQ this test published, by its address: a retry shares the data directory with the first try.
  const published = second.page
    .getByRole('region', { name: 'Suggested answers' })
    .getByRole('link', { name: /Visitor badges print blank at reception/ })
    .and(second.page.locator(`a[href^="${draftUrl}?"]`));
  await expect(published).toBeVisible();
  await published.click();
  await expect(second.page.getByRole('heading', { level: 1 })).toHaveText(
    'Visitor badges print blank at reception',
  );
  await expect(second.page.getByRole('main')).not.toContainText(first.user.displayName);

  // The revision history has both saves, with who made them.
  await agent.page.getByRole('link', { name: 'Revisions' }).click();
  await expect(agent.page.getByRole('table')).toContainText('drafted from a ticket');
  await expect(agent.page.getByRole('table')).toContainText('published');
  for (const who of [first, agent, second]) await who.context.close();
});

test('the editor refuses bad input with a sentence and keeps what was typed', async ({
  browser,
  baseURL,
}) => {
  const agent = await signedInPage(browser, baseURL!, ['agent']);
  await agent.page.goto('/agent/kb/new');
  await agent.page.getByLabel('Title').fill('   ');
  await agent.page.getByLabel('Address').fill('../../etc/passwd');
  await agent.page.getByLabel('Summary').fill('Escapes <script>alert(1)</script>');
  await agent.page.getByLabel('Text (Markdown)').fill(`Huge ${'x'.repeat(300_000)}`);
  // The browser's own checks would stop this form; the server must refuse it too.
  await agent.page.locator('form.editor-grid').evaluate((form) => form.setAttribute('novalidate', ''));
  await agent.page.getByRole('button', { name: 'Save' }).click();
  await expect(agent.page.getByRole('alert').first()).toContainText(
    'Nothing was saved, and nothing you typed is lost.',
  );
  await expect(agent.page.getByText('Write a title.')).toBeVisible();
  await expect(
    agent.page.getByText('Use lowercase letters, digits and hyphens for the address'),
  ).toBeVisible();
  await expect(agent.page.getByText(/The text is limited to \d+ KB/)).toBeVisible();
  await expect(agent.page.getByLabel('Summary')).toHaveValue('Escapes <script>alert(1)</script>');
  expect((await agent.page.getByLabel('Text (Markdown)').inputValue()).length).toBe(300_005);

  // An address that exists already is refused; so is saving over someone else's newer version.
  await agent.page.goto('/agent/kb/new');
  await agent.page.getByLabel('Title').fill('Another reset article');
  await agent.page.getByLabel('Address').fill('reset-your-password');
  await agent.page.getByLabel('Summary').fill('x');
  await agent.page.getByLabel('Category').selectOption({ index: 1 });
  await agent.page.getByLabel('Text (Markdown)').fill('Body');
  await agent.page.getByRole('button', { name: 'Save' }).click();
  await expect(
    agent.page.getByText('An article with the address "reset-your-password" already exists.'),
  ).toBeVisible();

  const other = await browser.newPage({ baseURL });
  await other.context().addCookies(await agent.context.cookies());
  await agent.page.goto('/agent/kb/edit/print-job-stuck-or-printer-offline');
  await other.goto('/agent/kb/edit/print-job-stuck-or-printer-offline');
  await other.getByLabel('Summary').fill('Saved first by the other tab.');
  await other.getByRole('button', { name: 'Save' }).click();
  await expect(other.getByRole('status')).toHaveText('Saved.');
  await agent.page.getByLabel('Summary').fill('Saved second, from a stale tab.');
  await agent.page.getByRole('button', { name: 'Save' }).click();
  await expect(agent.page.getByRole('alert').first()).toContainText(
    'Someone saved this article after you opened it.',
  );
  await expect(agent.page.getByRole('region', { name: 'Their version compared with yours' })).toContainText(
    'Saved first by the other tab.',
  );
  await expect(agent.page.getByLabel('Summary')).toHaveValue('Saved second, from a stale tab.');
  await agent.page.getByRole('button', { name: 'Save' }).click(); // now based on their version: kept on purpose
  await expect(agent.page.getByRole('status')).toHaveText('Saved.');
  await agent.context.close();
  await other.close();
});
