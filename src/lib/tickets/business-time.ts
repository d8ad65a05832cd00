/**
 * Business-time arithmetic for SLA clocks: which instants of a calendar (a time zone, working hours per
 * weekday with breaks, holidays) count, and when a number of counted minutes is reached. Pure: no
 * database, every instant in epoch milliseconds, every local date and hour in the calendar's zone, so
 * daylight-saving changes are handled by the zone's own rules (Intl), never by fixed offsets.
 */
import { msg, type Message } from '#lib/i18n/translate.ts';

/** Minutes from local midnight: 08:00–12:00 is `{ start: 480, end: 720 }`; `end` may be 1440 (24:00). */
export type WorkingWindow = { start: number; end: number };

export type BusinessCalendar = {
  /** An IANA zone such as `Europe/Berlin`. */
  timeZone: string;
  /** Working windows per weekday, index 0 = Sunday … 6 = Saturday (as `Date#getDay`), sorted, not overlapping. */
  week: WorkingWindow[][];
  /** Local dates (`YYYY-MM-DD`) on which nothing counts, with their names. */
  holidays: Map<string, string>;
};

/** A half-open span of time `[start, end)` in epoch milliseconds. */
export type Span = { start: number; end: number };

/** How an SLA clock counts: every minute (24×7), or only the working minutes of a calendar. */
export type Clock = { kind: 'calendar' } | { kind: 'business'; calendar: BusinessCalendar };

/** The clock gives up looking for working time this far ahead (a calendar with no hours never reaches a due time). */
const HORIZON_DAYS = 3 * 366;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `Intl` knows the zone. */
export function isTimeZone(name: string): boolean {
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

type LocalParts = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function localParts(ms: number, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(ms)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return parts as unknown as LocalParts;
}

/** The zone's offset from UTC at an instant, in milliseconds (east positive). */
function offsetAt(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant at which the wall clock of `timeZone` shows `minute` minutes past midnight of a local date.
 * A wall time skipped by a spring-forward change maps to the instant just after the gap.
 */
export function zonedInstant(date: LocalDate, minute: number, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minute * 60_000;
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  if (second === first) return first;
  // Near a change the two guesses differ: take the one whose wall clock shows the asked time, else the later.
  const shows = (ms: number) => ms + offsetAt(ms, timeZone) === wall;
  if (shows(second)) return second;
  if (shows(first)) return first;
  return Math.max(first, second);
}

export type LocalDate = { year: number; month: number; day: number };

/** The local date an instant falls on in a zone. */
export function localDateOf(ms: number, timeZone: string): LocalDate {
  const p = localParts(ms, timeZone);
  return { year: p.year, month: p.month, day: p.day };
}

const nextDate = (d: LocalDate): LocalDate => {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day) + DAY_MS);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
};
const weekdayOf = (d: LocalDate) => new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();

/** `YYYY-MM-DD` of a local date. */
export const isoDate = (d: LocalDate): string =>
  `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

// A day's working windows as instants cost several time-zone conversions; recomputing thousands of
// tickets (a saved calendar, an import) asks for the same days again and again. Kept per calendar
// object: a calendar read again after an edit is a new object, and its entries go with the old one.
const daysByCalendar = new WeakMap<BusinessCalendar, Map<string, Span[]>>();

/** The working windows of one local date as instants (holidays not considered). */
function windowsOn(calendar: BusinessCalendar, date: LocalDate): Span[] {
  let days = daysByCalendar.get(calendar);
  if (!days) daysByCalendar.set(calendar, (days = new Map()));
  const key = isoDate(date);
  let spans = days.get(key);
  if (!spans) {
    spans = (calendar.week[weekdayOf(date)] ?? []).map((w) => ({
      start: zonedInstant(date, w.start, calendar.timeZone),
      end:
        w.end >= 1440
          ? zonedInstant(nextDate(date), 0, calendar.timeZone)
          : zonedInstant(date, w.end, calendar.timeZone),
    }));
    days.set(key, spans);
  }
  return spans;
}

/** The working spans of a calendar, in order, from the local day `from` falls on, for at most `days` days. */
export function* workingSpans(
  calendar: BusinessCalendar,
  from: number,
  days = HORIZON_DAYS,
): Generator<Span> {
  let date = localDateOf(from, calendar.timeZone);
  for (let i = 0; i < days; i++, date = nextDate(date)) {
    if (calendar.holidays.has(isoDate(date))) continue;
    for (const { start, end } of windowsOn(calendar, date))
      if (end > from && end > start) yield { start: Math.max(start, from), end };
  }
}

/** The spans in which a clock counts from `from` on, pauses (sorted, not overlapping) left out. */
export function* countingSpans(clock: Clock, from: number, pauses: readonly Span[]): Generator<Span> {
  const base: Iterable<Span> =
    clock.kind === 'business'
      ? workingSpans(clock.calendar, from)
      : [{ start: from, end: from + HORIZON_DAYS * DAY_MS }];
  for (const span of base) yield* subtract(span, pauses);
}

function* subtract(span: Span, pauses: readonly Span[]): Generator<Span> {
  let start = span.start;
  for (const p of pauses) {
    if (p.end <= start) continue;
    if (p.start >= span.end) break;
    if (p.start > start) yield { start, end: p.start };
    start = Math.max(start, p.end);
    if (start >= span.end) return;
  }
  if (start < span.end) yield { start, end: span.end };
}

/** The instant at which `ms` milliseconds of counted time have passed since `from`; null if never (no working hours). */
export function instantAfter(clock: Clock, from: number, ms: number, pauses: readonly Span[]): number | null {
  let left = ms;
  for (const span of countingSpans(clock, from, pauses)) {
    const length = span.end - span.start;
    if (length >= left) return span.start + left;
    left -= length;
  }
  return null;
}

/** Counted milliseconds between two instants. */
export function countedBetween(clock: Clock, from: number, to: number, pauses: readonly Span[]): number {
  let total = 0;
  for (const span of countingSpans(clock, from, pauses)) {
    if (span.start >= to) break;
    total += Math.min(span.end, to) - span.start;
  }
  return total;
}

/** One stretch of a ticket's life as the SLA clock saw it. */
export type ClockSegment = {
  start: number;
  end: number;
  kind: 'counted' | 'paused' | 'closed';
  /** For closed stretches: the holidays inside them, by name. */
  holidays?: string[];
};

/**
 * The ticket's life from `from` to `until` cut into counted, paused (pending) and closed (outside working
 * hours, weekends, holidays) stretches: what "How is this SLA counted?" shows.
 */
export function explainClock(
  clock: Clock,
  from: number,
  until: number,
  pauses: readonly Span[],
): ClockSegment[] {
  const segments: ClockSegment[] = [];
  const push = (start: number, end: number, kind: ClockSegment['kind']) => {
    if (end <= start) return;
    const last = segments.at(-1);
    if (last && last.kind === kind && last.end === start) last.end = end;
    else segments.push({ start, end, kind });
  };
  const working: Iterable<Span> =
    clock.kind === 'business' ? workingSpans(clock.calendar, from) : [{ start: from, end: Infinity }];
  const clipped = [...pauses].filter((p) => p.end > from && p.start < until);
  let at = from;
  for (const w of working) {
    if (w.start >= until) break;
    const end = Math.min(w.end, until);
    fillGap(at, w.start, clipped, push);
    let cursor = w.start;
    for (const p of clipped) {
      if (p.end <= cursor || p.start >= end) continue;
      push(cursor, Math.max(cursor, p.start), 'counted');
      push(Math.max(cursor, p.start), Math.min(end, p.end), 'paused');
      cursor = Math.min(end, p.end);
    }
    push(cursor, end, 'counted');
    at = end;
  }
  fillGap(at, until, clipped, push);
  if (clock.kind === 'business')
    for (const s of segments)
      if (s.kind === 'closed') {
        const names = holidaysBetween(clock.calendar, s.start, s.end);
        if (names.length > 0) s.holidays = names;
      }
  return segments;
}

/** Outside working hours a pause still shows as a pause (the requester was being waited on). */
function fillGap(
  from: number,
  to: number,
  pauses: readonly Span[],
  push: (start: number, end: number, kind: ClockSegment['kind']) => void,
) {
  let cursor = from;
  for (const p of pauses) {
    if (p.end <= cursor || p.start >= to) continue;
    push(cursor, Math.max(cursor, p.start), 'closed');
    push(Math.max(cursor, p.start), Math.min(to, p.end), 'paused');
    cursor = Math.min(to, p.end);
  }
  push(cursor, to, 'closed');
}

function holidaysBetween(calendar: BusinessCalendar, start: number, end: number): string[] {
  const names: string[] = [];
  let date = localDateOf(start, calendar.timeZone);
  const last = isoDate(localDateOf(Math.max(start, end - 1), calendar.timeZone));
  for (let i = 0; i < 400; i++, date = nextDate(date)) {
    const name = calendar.holidays.get(isoDate(date));
    if (name) names.push(name);
    if (isoDate(date) >= last) break;
  }
  return names;
}

/**
 * Reads working hours as people write them: `08:00-12:00, 13:00-17:00`; empty, `-` or "closed" (in
 * English, German or Italian, as the form's placeholder says it) for none. Answers the windows, or the
 * message saying what is wrong (its `day` names no weekday: the caller may set one).
 */
export function parseWorkingHours(
  text: string,
): { ok: true; windows: WorkingWindow[] } | { ok: false; error: Message } {
  const trimmed = text.trim();
  if (trimmed === '' || /^(closed|geschlossen|chiuso|-)$/i.test(trimmed)) return { ok: true, windows: [] };
  const windows: WorkingWindow[] = [];
  for (const part of trimmed.split(/[,;]/)) {
    const m = /^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$/.exec(part);
    if (!m)
      return {
        ok: false,
        error: msg('admin.hoursNotRange', { day: 'none', text: part.trim().slice(0, 40) }),
      };
    const start = Number(m[1]) * 60 + Number(m[2]);
    const end = Number(m[3]) * 60 + Number(m[4]);
    if (Number(m[2]) > 59 || Number(m[4]) > 59 || start > 1440 || end > 1440)
      return { ok: false, error: msg('admin.hoursOutOfDay', { day: 'none', text: part.trim() }) };
    if (end <= start)
      return { ok: false, error: msg('admin.hoursOrder', { day: 'none', text: part.trim() }) };
    windows.push({ start, end });
  }
  windows.sort((a, b) => a.start - b.start);
  for (let i = 1; i < windows.length; i++)
    if (windows[i]!.start < windows[i - 1]!.end)
      return { ok: false, error: msg('admin.hoursOverlap', { day: 'none' }) };
  return { ok: true, windows };
}

/** `08:00-12:00, 13:00-17:00`, the way `parseWorkingHours` reads it back. */
export function formatWorkingHours(windows: readonly WorkingWindow[]): string {
  const hhmm = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return windows.map((w) => `${hhmm(w.start)}-${hhmm(w.end)}`).join(', ');
}
