import ICAL from 'ical.js';
import { z } from 'zod';
import { sql, type Db } from '#lib/db/db.ts';
import { msg, type Message, type MessageKey } from '#lib/i18n/translate.ts';
import {
  formatWorkingHours,
  isoDate,
  isTimeZone,
  parseWorkingHours,
  type BusinessCalendar,
  type WorkingWindow,
} from './business-time.ts';

/** Weekday names, index 0 = Sunday (as the hours table stores them); pages word them through Intl. */
export const WEEKDAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

export type Holiday = { date: string; name: string; source: 'manual' | 'ical' };

/** A calendar as the admin page and the SLA clock read it. */
export type SlaCalendar = BusinessCalendar & {
  id: number;
  name: string;
  isDefault: boolean;
  icalUrl: string | null;
  icalImportedAt: string | null;
  holidayList: Holiday[];
};

/** What a calendar action answers: messages (or catalogue keys) the page words for its reader. */
export type CalendarResult =
  { ok: true; id: number; message: Message } | { ok: false; errors: Record<string, Message | string> };

/** The weekday a working-hours message names (`day` in admin.hours*), index 0 = Sunday. */
const DAY_IDS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const key = (k: MessageKey) => k;

/** Every calendar, the default first. */
export function listCalendars(
  db: Db,
): Array<{ id: number; name: string; timeZone: string; isDefault: boolean }> {
  const rows = sql(
    db,
    'SELECT id, name, time_zone AS timeZone, is_default AS isDefault FROM sla_calendars ORDER BY is_default DESC, name',
  ).all() as Array<{ id: number; name: string; timeZone: string; isDefault: number }>;
  return rows.map((r) => ({ ...r, isDefault: r.isDefault === 1 }));
}

/** One calendar with its hours and holidays; null when there is none with that id. */
export function getCalendar(db: Db, id: number): SlaCalendar | null {
  const row = sql(
    db,
    'SELECT id, name, time_zone, is_default, ical_url, ical_imported_at FROM sla_calendars WHERE id = ?',
  ).get(id) as
    | {
        id: number;
        name: string;
        time_zone: string;
        is_default: number;
        ical_url: string | null;
        ical_imported_at: string | null;
      }
    | undefined;
  if (!row) return null;
  const week: WorkingWindow[][] = [[], [], [], [], [], [], []];
  const hours = sql(
    db,
    'SELECT weekday, start_minute, end_minute FROM sla_calendar_hours WHERE calendar_id = ? ORDER BY weekday, start_minute',
  ).all(id) as Array<{ weekday: number; start_minute: number; end_minute: number }>;
  for (const h of hours) week[h.weekday]!.push({ start: h.start_minute, end: h.end_minute });
  const holidayList = sql(
    db,
    'SELECT date, name, source FROM sla_calendar_holidays WHERE calendar_id = ? ORDER BY date',
  ).all(id) as Holiday[];
  return {
    id: row.id,
    name: row.name,
    timeZone: row.time_zone,
    isDefault: row.is_default === 1,
    icalUrl: row.ical_url,
    icalImportedAt: row.ical_imported_at,
    week,
    holidays: new Map(holidayList.map((h) => [h.date, h.name])),
    holidayList,
  };
}

/** The calendar SLA targets without one of their own count in. */
export function getDefaultCalendar(db: Db): SlaCalendar {
  const id = sql(db, 'SELECT id FROM sla_calendars WHERE is_default = 1').pluck().get() as number | undefined;
  const calendar = id === undefined ? null : getCalendar(db, id);
  if (!calendar) throw new Error('There is no default SLA calendar. Run the migrations (npm start does).');
  return calendar;
}

const CalendarInput = z.object({
  name: z.string().trim().min(1, key('admin.calendarNameRequired')).max(80, key('admin.calendarNameTooLong')),
  timeZone: z.string().trim().refine(isTimeZone, key('admin.timeZoneInvalid')),
  /** What the admin typed per weekday (index 0 = Sunday), e.g. `08:00-12:00, 13:00-17:00`. */
  hours: z.array(z.string().max(200, key('admin.tooManyRanges'))).length(7),
  icalUrl: z
    .string()
    .trim()
    .max(2000, key('admin.icalUrlTooLong'))
    .refine((u) => u === '' || /^https?:\/\/[^\s]+$/i.test(u), key('admin.icalUrlInvalid')),
});
export type CalendarInput = z.input<typeof CalendarInput>;

/**
 * Creates (no `id`) or replaces a calendar's name, zone, hours and iCal address. Answers messages keyed
 * by field (`name`, `timeZone`, `hours-<weekday>`, `icalUrl`) when something needs fixing.
 */
export function saveCalendar(
  db: Db,
  id: number | null,
  input: CalendarInput,
  now = new Date(),
): CalendarResult {
  const parsed = CalendarInput.safeParse(input);
  const errors: Record<string, Message | string> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] === 'hours' ? `hours-${String(issue.path[1] ?? 0)}` : String(issue.path[0]);
      errors[key] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const week = parsed.data.hours.map((text, day) => {
    const read = parseWorkingHours(text);
    if (!read.ok) errors[`hours-${day}`] = msg(read.error.key, { ...read.error.values, day: DAY_IDS[day]! });
    return read.ok ? read.windows : [];
  });
  if (Object.keys(errors).length === 0 && week.every((w) => w.length === 0))
    errors['hours-1'] = msg('admin.needHours');
  const clash = sql(db, 'SELECT id FROM sla_calendars WHERE name = ? AND id IS NOT ?')
    .pluck()
    .get(parsed.data.name, id);
  if (clash !== undefined) errors.name = msg('admin.calendarNameTaken');
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (id !== null && !getCalendar(db, id)) return { ok: false, errors: { form: msg('admin.calendarGone') } };
  const at = now.toISOString();
  const saved = db.transaction(() => {
    let calendarId = id;
    const icalUrl = parsed.data.icalUrl || null;
    if (calendarId === null)
      calendarId = Number(
        sql(db, 'INSERT INTO sla_calendars (name, time_zone, ical_url, updated_at) VALUES (?, ?, ?, ?)').run(
          parsed.data.name,
          parsed.data.timeZone,
          icalUrl,
          at,
        ).lastInsertRowid,
      );
    else
      sql(
        db,
        'UPDATE sla_calendars SET name = ?, time_zone = ?, ical_url = ?, updated_at = ? WHERE id = ?',
      ).run(parsed.data.name, parsed.data.timeZone, icalUrl, at, calendarId);
    sql(db, 'DELETE FROM sla_calendar_hours WHERE calendar_id = ?').run(calendarId);
    week.forEach((windows, day) => {
      for (const w of windows)
        sql(
          db,
          'INSERT INTO sla_calendar_hours (calendar_id, weekday, start_minute, end_minute) VALUES (?, ?, ?, ?)',
        ).run(calendarId, day, w.start, w.end);
    });
    return calendarId;
  })();
  return { ok: true, id: saved, message: msg('admin.calendarSaved', { name: parsed.data.name }) };
}

/** Makes a calendar the default one. */
export function makeDefaultCalendar(db: Db, id: number): CalendarResult {
  const calendar = getCalendar(db, id);
  if (!calendar) return { ok: false, errors: { form: msg('admin.calendarGone') } };
  db.transaction(() => {
    sql(db, 'UPDATE sla_calendars SET is_default = 0 WHERE is_default = 1').run();
    sql(db, 'UPDATE sla_calendars SET is_default = 1 WHERE id = ?').run(id);
  })();
  return { ok: true, id, message: msg('admin.calendarIsDefault', { name: calendar.name }) };
}

/** Removes a calendar that is not the default; targets that used it fall back to the default. */
export function deleteCalendar(db: Db, id: number): CalendarResult {
  const calendar = getCalendar(db, id);
  if (!calendar) return { ok: false, errors: { form: msg('admin.calendarGone') } };
  if (calendar.isDefault) return { ok: false, errors: { form: msg('admin.removeDefaultFirst') } };
  db.transaction(() => {
    sql(db, 'UPDATE sla_targets SET calendar_id = NULL WHERE calendar_id = ?').run(id);
    sql(db, 'DELETE FROM sla_calendars WHERE id = ?').run(id);
  })();
  return {
    ok: true,
    id,
    message: msg('admin.calendarRemoved', { name: calendar.name }),
  };
}

const HolidayInput = z.object({
  date: z.iso.date(key('admin.holidayDate')),
  name: z.string().trim().min(1, key('admin.holidayNameRequired')).max(100, key('admin.holidayNameTooLong')),
});

/** Adds (or renames) a holiday entered by hand. */
export function addHoliday(
  db: Db,
  calendarId: number,
  input: { date: string; name: string },
): CalendarResult {
  const parsed = HolidayInput.safeParse(input);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[`holiday-${String(issue.path[0])}`] ??= issue.message;
    return { ok: false, errors };
  }
  if (!getCalendar(db, calendarId)) return { ok: false, errors: { form: msg('admin.calendarGone') } };
  sql(
    db,
    `INSERT INTO sla_calendar_holidays (calendar_id, date, name, source) VALUES (?, ?, ?, 'manual')
      ON CONFLICT (calendar_id, date) DO UPDATE SET name = excluded.name, source = 'manual'`,
  ).run(calendarId, parsed.data.date, parsed.data.name);
  return {
    ok: true,
    id: calendarId,
    message: msg('admin.holidaySaved', { date: parsed.data.date, name: parsed.data.name }),
  };
}

/** Removes one holiday. */
export function removeHoliday(db: Db, calendarId: number, date: string): CalendarResult {
  const { changes } = sql(db, 'DELETE FROM sla_calendar_holidays WHERE calendar_id = ? AND date = ?').run(
    calendarId,
    date.slice(0, 10),
  );
  return changes === 1
    ? { ok: true, id: calendarId, message: msg('admin.holidayRemoved', { date: date.slice(0, 10) }) }
    : { ok: false, errors: { form: msg('admin.holidayGone') } };
}

/** The most holidays one import takes (a feed with recurring events is expanded over a few years). */
const MAX_IMPORTED = 1000;

/** Adds the days of every event (recurring ones expanded up to `until`) through `add`. */
function collectHolidays(
  root: ICAL.Component,
  add: (date: string, name: string) => void,
  until: string,
): void {
  for (const vevent of root.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(vevent);
    const name = (event.summary || 'Holiday').trim().slice(0, 100);
    if (!event.startDate) continue;
    const days = (start: ICAL.Time, end: ICAL.Time | null) => {
      const first = start.toJSDate();
      const span =
        start.isDate && end
          ? Math.max(1, Math.round((end.toJSDate().getTime() - first.getTime()) / 86_400_000))
          : 1;
      for (let i = 0; i < Math.min(span, 31); i++) {
        const d = new Date(Date.UTC(start.year, start.month - 1, start.day + i));
        add(d.toISOString().slice(0, 10), name);
      }
    };
    if (event.isRecurring()) {
      const iterator = event.iterator();
      for (let next = iterator.next(), n = 0; next && n < 500; next = iterator.next(), n++) {
        const date = isoDate({ year: next.year, month: next.month, day: next.day });
        if (date > until) break;
        const occurrence = event.getOccurrenceDetails(next);
        days(occurrence.startDate, occurrence.endDate);
      }
    } else days(event.startDate, event.endDate);
  }
}

/**
 * Reads the days of an iCalendar file (RFC 5545) as holidays: all-day events for each day they cover,
 * timed events for the day they start; yearly and other recurring events expanded from a year ago to
 * three years ahead. Answers the holidays, or the message saying why the text is not usable.
 */
export function readIcalHolidays(
  text: string,
  now = new Date(),
): { ok: true; holidays: Array<{ date: string; name: string }> } | { ok: false; error: Message } {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (error) {
    // The parser's own words (English) follow as a detail for whoever fixes the file.
    return {
      ok: false,
      error: msg('admin.icalNotCalendar', { detail: (error as Error).message.slice(0, 120) }),
    };
  }
  const from = isoDate({ year: now.getUTCFullYear() - 1, month: 1, day: 1 });
  const until = isoDate({ year: now.getUTCFullYear() + 3, month: 12, day: 31 });
  const found = new Map<string, string>();
  const add = (date: string, name: string) => {
    if (date >= from && date <= until && !found.has(date) && found.size < MAX_IMPORTED) found.set(date, name);
  };
  try {
    collectHolidays(root, add, until);
  } catch (error) {
    return {
      ok: false,
      error: msg('admin.icalUnreadable', { detail: (error as Error).message.slice(0, 120) }),
    };
  }
  if (found.size === 0) return { ok: false, error: msg('admin.icalNoEvents') };
  return {
    ok: true,
    holidays: [...found].map(([date, name]) => ({ date, name })).sort((a, b) => a.date.localeCompare(b.date)),
  };
}

/**
 * Replaces a calendar's imported holidays with those of an iCalendar text; holidays entered by hand stay
 * (and win on the same day).
 */
export function importHolidays(db: Db, calendarId: number, text: string, now = new Date()): CalendarResult {
  const calendar = getCalendar(db, calendarId);
  if (!calendar) return { ok: false, errors: { form: msg('admin.calendarGone') } };
  const read = readIcalHolidays(text, now);
  if (!read.ok) return { ok: false, errors: { ical: read.error } };
  const added = db.transaction(() => {
    sql(db, "DELETE FROM sla_calendar_holidays WHERE calendar_id = ? AND source = 'ical'").run(calendarId);
    let count = 0;
    for (const h of read.holidays)
      count += sql(
        db,
        "INSERT OR IGNORE INTO sla_calendar_holidays (calendar_id, date, name, source) VALUES (?, ?, ?, 'ical')",
      ).run(calendarId, h.date, h.name).changes;
    sql(db, 'UPDATE sla_calendars SET ical_imported_at = ? WHERE id = ?').run(now.toISOString(), calendarId);
    return count;
  })();
  return {
    ok: true,
    id: calendarId,
    message: msg('admin.holidaysImported', { count: added, name: calendar.name }),
  };
}

/** The most an iCal address may send. */
const MAX_ICAL_BYTES = 2_000_000;

/**
 * Fetches an iCalendar file from an admin-configured address (10 s, 2 MB at most). Answers its text or the
 * message saying what went wrong. The body is read as it arrives and dropped at the limit: a server
 * that sends no length (or a false one) cannot make the portal hold more than 2 MB.
 */
export async function fetchIcal(
  url: string,
): Promise<{ ok: true; text: string } | { ok: false; error: Message }> {
  if (!/^https?:\/\//i.test(url)) return { ok: false, error: msg('admin.icalUseHttp') };
  const tooLarge = {
    ok: false,
    error: msg('admin.icalTooLarge', { mb: MAX_ICAL_BYTES / 1_000_000 }),
  } as const;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'follow' });
    if (!response.ok) {
      await response.body?.cancel();
      return { ok: false, error: msg('admin.icalStatus', { status: response.status }) };
    }
    if (Number(response.headers.get('content-length') ?? 0) > MAX_ICAL_BYTES) {
      await response.body?.cancel();
      return tooLarge;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body ?? []) {
      size += chunk.byteLength;
      // Leaving the loop cancels the stream: the rest is never downloaded.
      if (size > MAX_ICAL_BYTES) return tooLarge;
      chunks.push(chunk);
    }
    return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
  } catch (error) {
    // Other failures carry the runtime's own words (English), for whoever checks the address.
    if ((error as Error).name === 'TimeoutError') return { ok: false, error: msg('admin.icalTimeout') };
    return { ok: false, error: msg('admin.icalFetchFailed', { reason: (error as Error).message }) };
  }
}

/** What the admin form shows in each weekday's field. */
export const hoursText = (calendar: SlaCalendar): string[] => calendar.week.map((w) => formatWorkingHours(w));
