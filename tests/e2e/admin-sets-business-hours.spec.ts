import AxeBuilder from '@axe-core/playwright';
import path from 'node:path';
import { getDatabase } from '#lib/db/db.ts';
import { createTicket } from '#lib/tickets/tickets.ts';
import { createTestUser, expect, test } from './fixtures.ts';

const ICS = `BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Fixpoint//e2e//EN
BEGIN:VEVENT
UID:ny@e2e
DTSTART;VALUE=DATE:20270101
DTEND;VALUE=DATE:20270102
SUMMARY:New Year's Day
END:VEVENT
END:VCALENDAR
`;

test.describe('as an admin, SLA calendars', () => {
  test.use({ role: ['admin'] });

  test('are created with hours and breaks, get holidays by hand and from an iCal file, and refuse bad hours', async ({
    page,
  }) => {
    const name = `Support Zurich ${Date.now()}`;
    await page.goto('/admin/sla');
    await page.getByText('New calendar').click();
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    const form = page.getByRole('form', { name: 'New calendar' });
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Time zone').fill('Europe/Zurich');
    await form.getByLabel('Monday').fill('17:00-08:00');
    await form.getByRole('button', { name: 'Create calendar' }).click();
    await expect(page.getByRole('alert')).toContainText(
      'Monday: 17:00-08:00: the end must come after the start.',
    );
    // The refused form comes back as typed.
    await expect(page.getByRole('form', { name: 'New calendar' }).getByLabel('Name')).toHaveValue(name);
    await page
      .getByRole('form', { name: 'New calendar' })
      .getByLabel('Monday')
      .fill('07:30-12:00, 13:00-18:00');
    await page.getByRole('button', { name: 'Create calendar' }).click();
    await expect(page.getByRole('status')).toContainText(`Calendar "${name}" saved.`);
    await expect(page.getByRole('link', { name })).toHaveAttribute('aria-current', 'page');

    await page.getByLabel('Date').fill('2026-12-24');
    await page.getByLabel('Holiday name').fill('Christmas Eve');
    await page.getByRole('button', { name: 'Add holiday' }).click();
    await expect(page.getByRole('status')).toContainText('Holiday 2026-12-24 (Christmas Eve) saved.');

    await page.getByLabel('iCal file (.ics)').setInputFiles({
      name: 'holidays.ics',
      mimeType: 'text/calendar',
      buffer: Buffer.from(ICS),
    });
    await page.getByRole('button', { name: 'Import file' }).click();
    await expect(page.getByRole('status')).toContainText(`Imported 1 holiday into "${name}".`);
    const holidays = page.getByRole('region', { name: `Holidays in ${name}` });
    await expect(holidays.getByRole('row').filter({ hasText: "New Year's Day" })).toContainText(
      'iCal import',
    );
    await expect(holidays.getByRole('row').filter({ hasText: 'Christmas Eve' })).toContainText('entered');

    await page.getByLabel('iCal file (.ics)').setInputFiles({
      name: 'notes.ics',
      mimeType: 'text/calendar',
      buffer: Buffer.from('just some text'),
    });
    await page.getByRole('button', { name: 'Import file' }).click();
    await expect(page.getByRole('alert')).toContainText('That is not an iCalendar (.ics) file');

    await page.getByRole('button', { name: `Remove "${name}"` }).click();
    await expect(page.getByRole('status')).toContainText('removed');
  });
});

test.describe('as an agent, a ticket', () => {
  test.use({ role: ['agent'] });

  test('explains how its SLA is counted', async ({ page }) => {
    const requester = await createTestUser(process.env.E2E_DATA_DIR!, ['employee']);
    const { ticket } = createTicket(
      getDatabase(path.join(process.env.E2E_DATA_DIR!, 'fixpoint.db')),
      requester.id,
      { subject: `Printer jam ${Date.now()}`, description: 'Paper stuck.', impact: 'one', urgency: 'low' },
    );
    await page.goto(`/agent/tickets/${ticket.number}`);
    await page.getByText('How is this SLA counted?').click();
    await expect(
      page.getByText(/^P4: first response within 8 h, resolution within 5 days, counted in/),
    ).toBeVisible();
    await expect(page.getByText(/Counted so far:/)).toBeVisible();
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  });
});
