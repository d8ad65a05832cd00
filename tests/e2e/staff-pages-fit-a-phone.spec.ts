import path from 'node:path';
import { ROUTES } from '#lib/auth/routes.ts';
import { toPrincipal } from '#lib/auth/users.ts';
import { getDatabase } from '#lib/db/db.ts';
import { declareIncident } from '#lib/incidents/incidents.ts';
import { createMacro } from '#lib/tickets/macros.ts';
import { createTicket } from '#lib/tickets/tickets.ts';
import { addMessage, changeStatus } from '#lib/tickets/workflow.ts';
import { createTestUser, expect, test } from './fixtures.ts';

test.use({ role: ['agent', 'manager', 'admin'], viewport: { width: 390, height: 844 } });

/** Every page only staff may open (agents, managers, admins), with a concrete path for each pattern. */
function staffPages(
  ticket: number,
  resolved: number,
  userId: number,
  incident: number,
  macro: number,
): string[] {
  const sample: Record<string, string> = {
    '/agent/tickets/[number]': `/agent/tickets/${ticket}`,
    '/agent/tickets/[number]/promote': `/agent/tickets/${resolved}/promote`,
    // The merge page with both tickets shown (the resolved one may be kept).
    '/agent/tickets/[number]/merge': `/agent/tickets/${ticket}/merge?into=${resolved}`,
    '/agent/kb/edit/[slug]': '/agent/kb/edit/reset-your-password',
    '/agent/kb/revisions/[slug]': '/agent/kb/revisions/reset-your-password',
    '/agent/kb/revisions/[slug]/[lang]': '/agent/kb/revisions/reset-your-password/de',
    '/agent/kb/translate/[slug]/[lang]': '/agent/kb/translate/reset-your-password/de',
    '/admin/users/[id]': `/admin/users/${userId}`,
    '/agent/incidents/[id]': `/agent/incidents/${incident}`,
    '/agent/macros/[id]': `/agent/macros/${macro}`,
    '/manage/incidents/[id]': `/manage/incidents/${incident}`,
  };
  return ROUTES.filter(
    (r) =>
      Array.isArray(r.access) &&
      !r.pattern.startsWith('/api/') &&
      !r.pattern.includes('/export') &&
      !r.note?.startsWith('planned') &&
      // Form targets without a page of their own (they answer with a redirect).
      !r.note?.startsWith('POST'),
  ).map((r) => {
    if (r.pattern.includes('[') && !sample[r.pattern])
      throw new Error(`Give ${r.pattern} a sample path here.`);
    return sample[r.pattern] ?? r.pattern;
  });
}

test('every staff page fits a 390 px phone: no horizontal overflow, the menu opens', async ({
  page,
  user,
}) => {
  test.setTimeout(120_000);
  const dataDir = process.env.E2E_DATA_DIR!;
  const db = getDatabase(path.join(dataDir, 'fixpoint.db'));
  const requester = await createTestUser(dataDir, ['employee']);
  const agent = toPrincipal(user!);
  const long =
    'https://intranet.example.com/a/very/long/address/that/does/not/break/on/its/own/' + 'x'.repeat(80);
  const { ticket } = createTicket(db, requester.id, {
    subject: 'Headset crackles in every call, with a subject long enough to wrap on a phone',
    description: `See ${long}`,
  });
  addMessage(db, ticket.id, agent, `Please check ${long}`, false);
  const { ticket: done } = createTicket(db, requester.id, {
    subject: 'Mouse dead',
    description: 'No light.',
  });
  changeStatus(db, done.id, agent, 'resolved', { note: 'Replaced the batteries.' });

  const incident = declareIncident(db, agent, {
    title: 'Outlook does not open for anyone on the third floor since the update this morning',
    service: 'Email',
    message: `Investigating. Status at ${long}`,
    status: 'investigating',
  });

  const macro = createMacro(
    db,
    agent,
    {
      name: 'Headset crackles: the long checklist for wireless headsets and docking stations',
      body: `Hello {{requester.first_name}}, please try ${long} and tell us about {{ticket.number}}.`,
      locale: 'en',
      shared: true,
      status: 'pending',
      priority: 3,
      category: null,
      article: null,
    },
    { article: () => null, categories: [] },
  );

  const overflowing: string[] = [];
  for (const url of staffPages(ticket.number, done.number, user!.id, incident, macro)) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(200);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 390) overflowing.push(`${url}: ${width} px`);
  }
  expect(overflowing, 'pages wider than the phone').toEqual([]);

  // The header's links fold into a menu that opens with the keyboard.
  await page.goto('/agent');
  const menu = page.locator('.nav-menu > summary');
  await expect(menu).toHaveText('Menu');
  await menu.focus();
  await page.keyboard.press('Enter');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Reports' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Admin' })).toBeVisible();
  // Ticket numbers never wrap; wide tables scroll in their own labelled region.
  const link = page.getByRole('link', { name: `T-${ticket.number}` }).first();
  await page.goto(`/agent?view=open`);
  await expect(page.getByRole('region', { name: 'Tickets in this view' })).toHaveAttribute('tabindex', '0');
  expect(await link.evaluate((a) => getComputedStyle(a).whiteSpace)).toBe('nowrap');
});
