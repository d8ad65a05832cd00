import { describe, expect, it } from 'vitest';
import { deskWithPeople } from '#test/desk.ts';
import {
  addHoliday,
  getDefaultCalendar,
  importHolidays,
  readIcalHolidays,
  saveCalendar,
} from './sla-calendars.ts';
import { explainSla, getSlaTargets, recomputeOpenTickets, recomputeSla, replaceSlaTargets } from './sla.ts';
import { createTicket } from './tickets.ts';
import { changeStatus, updateClassification } from './workflow.ts';
import { createI18n } from '#lib/i18n/i18n.ts';
import type { Message } from '#lib/i18n/translate.ts';

/** A domain's answer with its messages worded as an English reader sees them. */
const en = createI18n('en', 'UTC');
function worded<T extends object>(result: T): T {
  const word = (m: unknown) =>
    typeof m === 'string' || (m && typeof m === 'object' && 'key' in m) ? en.text(m as string | Message) : m;
  const out = { ...result } as Record<string, unknown>;
  if (out.errors)
    out.errors = Object.fromEntries(Object.entries(out.errors as object).map(([k, v]) => [k, word(v)]));
  if ('message' in out) out.message = word(out.message);
  if ('error' in out) out.error = word(out.error);
  return out as T;
}

const OFFICE = [
  '',
  '08:00-12:00, 13:00-17:00',
  '08:00-12:00, 13:00-17:00',
  '08:00-12:00, 13:00-17:00',
  '08:00-12:00, 13:00-17:00',
  '08:00-12:00, 13:00-17:00',
  '',
];

/** A desk whose targets all count business hours of the default calendar (Berlin office hours). */
async function businessDesk() {
  const { db, erin, alex } = await deskWithPeople();
  const saved = replaceSlaTargets(db, (name) => {
    const [kind, p] = name.split('-');
    if (kind === 'clock') return 'business';
    if (kind === 'calendar') return '';
    return kind === 'first' ? 60 : Number(p) === 4 ? 960 : 480;
  });
  expect(saved).toEqual({ ok: true });
  const { ticket } = createTicket(db, erin.id, {
    subject: 'VPN down',
    description: 'x',
    impact: 'one',
    urgency: 'low',
  });
  // Filed on Friday 27 November 2026 at 16:00 in Berlin.
  db.prepare('UPDATE tickets SET created_at = ? WHERE id = ?').run('2026-11-27T15:00:00.000Z', ticket.id);
  db.prepare("UPDATE ticket_events SET at = ? WHERE ticket_id = ? AND type = 'created'").run(
    '2026-11-27T15:00:00.000Z',
    ticket.id,
  );
  recomputeSla(db, ticket.id, new Date('2026-11-27T15:00:00Z'));
  const due = () =>
    db
      .prepare(
        'SELECT first_response_due_at AS first, resolution_due_at AS resolution, resolution_warn_at AS warn, priority FROM tickets WHERE id = ?',
      )
      .get(ticket.id) as {
      first: string;
      resolution: string;
      warn: string;
      priority: number;
    };
  return { db, alex, ticket, due };
}

describe('SLA in business hours', () => {
  it('counts the targets in the calendar, recomputed from the ticket timeline when it waits on the requester', async () => {
    const { db, alex, ticket, due } = await businessDesk();
    expect(due()).toMatchObject({
      first: '2026-11-27T16:00:00.000Z', // Friday 17:00: the last working hour
      resolution: '2026-12-01T15:00:00.000Z', // P4, 16 h: 1 h Friday, 8 h Monday, 7 h Tuesday: Tuesday 16:00
      warn: '2026-12-01T10:00:00.000Z', // 12 of 16 hours used: Tuesday 11:00
    });
    // Pending from Friday 16:30 to Monday 10:00: half an hour on Friday and two on Monday no longer count,
    // so the last 2.5 h run Tuesday 16:00-17:00 and Wednesday 08:00-09:30.
    changeStatus(db, ticket.id, alex, 'pending', { now: new Date('2026-11-27T15:30:00Z') });
    changeStatus(db, ticket.id, alex, 'open', { now: new Date('2026-11-30T09:00:00Z') });
    expect(due().resolution).toBe('2026-12-02T08:30:00.000Z');

    const explained = explainSla(db, ticket.id, new Date('2026-11-30T11:00:00Z'))!;
    expect(explained).toMatchObject({
      clock: 'business',
      timeZone: 'Europe/Berlin',
      countedMinutes: 30 + 120,
    });
    expect(explained.segments.map((s) => s.kind)).toEqual(['counted', 'paused', 'counted']);

    // A holiday on Tuesday 1 December, added later, moves the due time a working day later.
    addHoliday(db, getDefaultCalendar(db).id, { date: '2026-12-01', name: 'Company day' });
    expect(recomputeOpenTickets(db, new Date('2026-11-30T11:00:00Z'))).toBe(1);
    expect(due().resolution).toBe('2026-12-03T08:30:00.000Z');
  });

  it('recomputes over the whole timeline when the priority changes', async () => {
    const { db, alex, ticket, due } = await businessDesk();
    const before = due();
    updateClassification(db, ticket.id, alex, { category: null, impact: 'one', urgency: 'high' });
    const after = due();
    expect(after.priority).not.toBe(before.priority);
    const target = getSlaTargets(db).get(after.priority)!;
    expect(target.resolutionMinutes).toBe(480);
    // 8 h from Friday 16:00 instead of 16: Monday 16:00.
    expect(after).toMatchObject({
      first: '2026-11-27T16:00:00.000Z',
      resolution: '2026-11-30T15:00:00.000Z',
    });
  });

  it('keeps calendar time for targets that say so (24×7)', async () => {
    const { db, ticket, due } = await businessDesk();
    const p = due().priority;
    replaceSlaTargets(db, (name) => {
      const [kind, q] = name.split('-');
      if (kind === 'clock') return Number(q) === p ? 'calendar' : 'business';
      if (kind === 'calendar') return '';
      return kind === 'first' ? 60 : 480;
    });
    recomputeOpenTickets(db, new Date('2026-11-27T15:00:00Z'));
    expect(due()).toMatchObject({
      first: '2026-11-27T16:00:00.000Z',
      resolution: '2026-11-27T23:00:00.000Z',
    });
    expect(explainSla(db, ticket.id, new Date('2026-11-27T17:00:00Z'))).toMatchObject({
      clock: 'calendar',
      countedMinutes: 120,
    });
  });

  it('refuses calendars and targets with clear sentences', async () => {
    const { db } = await deskWithPeople();
    const bad = saveCalendar(db, null, {
      name: 'Night desk',
      timeZone: 'Mars/Olympus',
      hours: OFFICE,
      icalUrl: '',
    });
    expect(worded(bad)).toMatchObject({
      ok: false,
      errors: { timeZone: expect.stringContaining('Europe/Berlin') },
    });
    const hours = saveCalendar(db, null, {
      name: 'Night desk',
      timeZone: 'UTC',
      hours: ['', '22:00-06:00', '', '', '', '', ''],
      icalUrl: 'ftp://x',
    });
    expect(hours).toMatchObject({ ok: false, errors: { icalUrl: expect.any(String) } });
    const noHours = saveCalendar(db, null, {
      name: 'Never',
      timeZone: 'UTC',
      hours: ['', '', '', '', '', '', ''],
      icalUrl: '',
    });
    expect(worded(noHours)).toMatchObject({
      ok: false,
      errors: { 'hours-1': expect.stringContaining('at least one day') },
    });
    const order = saveCalendar(db, null, {
      name: 'Late',
      timeZone: 'UTC',
      hours: ['', '22:00-06:00', '', '', '', '', ''],
      icalUrl: '',
    });
    expect(worded(order)).toMatchObject({
      ok: false,
      errors: { 'hours-1': 'Monday: 22:00-06:00: the end must come after the start.' },
    });
    // The same answer for a German reader names the day in German.
    const { errors } = order as { errors: Record<string, Message> };
    expect(createI18n('de', 'UTC').t(errors['hours-1']!)).toBe(
      'Montag: 22:00-06:00: Das Ende muss nach dem Beginn liegen.',
    );
    expect(
      worded(
        replaceSlaTargets(db, (name) =>
          name.startsWith('clock') ? 'sometimes' : name.startsWith('calendar') ? '99' : 60,
        ),
      ),
    ).toMatchObject({
      ok: false,
      errors: { 'clock-1': expect.any(String), 'calendar-1': 'P1: choose a calendar from the list.' },
    });
    const ok = saveCalendar(db, null, {
      name: 'Zurich',
      timeZone: 'Europe/Zurich',
      hours: OFFICE,
      icalUrl: '',
    });
    expect(ok).toMatchObject({ ok: true });
  });
});

const ICS = `BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Fixpoint//test//EN
BEGIN:VEVENT
UID:newyear@test
DTSTART;VALUE=DATE:20260101
DTEND;VALUE=DATE:20260102
RRULE:FREQ=YEARLY
SUMMARY:New Year's Day
END:VEVENT
BEGIN:VEVENT
UID:xmas@test
DTSTART;VALUE=DATE:20261224
DTEND;VALUE=DATE:20261227
SUMMARY:Christmas break
END:VEVENT
END:VCALENDAR
`;

describe('holidays from iCal', () => {
  it('reads all-day, multi-day and yearly events', () => {
    const read = readIcalHolidays(ICS, new Date('2026-06-01T00:00:00Z'));
    expect(read.ok).toBe(true);
    const dates = read.ok ? read.holidays.map((h) => `${h.date} ${h.name}`) : [];
    expect(dates).toEqual([
      "2026-01-01 New Year's Day",
      '2026-12-24 Christmas break',
      '2026-12-25 Christmas break',
      '2026-12-26 Christmas break',
      "2027-01-01 New Year's Day",
      "2028-01-01 New Year's Day",
      "2029-01-01 New Year's Day",
    ]);
  });

  it('says so when the text is not a calendar', () => {
    expect(worded(readIcalHolidays('hello'))).toMatchObject({
      ok: false,
      error: expect.stringContaining('iCalendar'),
    });
    // A calendar ical.js parses but cannot expand answers a sentence, never an exception (a 500).
    const broken = ICS.replace('RRULE:FREQ=YEARLY', 'RRULE:FREQ=SOMETIMES;COUNT=x').replace(
      'DTSTART;VALUE=DATE:20261224',
      'DTSTART;VALUE=DATE:2026',
    );
    expect(() => readIcalHolidays(broken, new Date('2026-06-01T00:00:00Z'))).not.toThrow();
  });

  it('replaces imported holidays and keeps the ones entered by hand', async () => {
    const { db } = await deskWithPeople();
    const id = getDefaultCalendar(db).id;
    addHoliday(db, id, { date: '2026-12-24', name: 'Christmas Eve (ours)' });
    expect(worded(importHolidays(db, id, ICS, new Date('2026-06-01T00:00:00Z')))).toMatchObject({
      ok: true,
      message: expect.stringContaining('Imported 6 holidays'),
    });
    expect(importHolidays(db, id, ICS, new Date('2026-06-01T00:00:00Z'))).toMatchObject({ ok: true });
    const holidays = getDefaultCalendar(db).holidayList;
    expect(holidays).toHaveLength(7);
    expect(holidays.find((h) => h.date === '2026-12-24')).toMatchObject({
      name: 'Christmas Eve (ours)',
      source: 'manual',
    });
  });
});
