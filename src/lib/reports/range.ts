/**
 * Report periods. Everything is stored in UTC; a period is whole days in the viewer's time zone, so
 * "last 7 days" for someone in Zurich starts at their midnight. The previous period is the same
 * number of days just before it (the comparison on every report).
 */
import type { MessageKey } from '#lib/i18n/translate.ts';

export const RANGE_KEYS = ['7', '30', '90', 'custom'] as const;
export type RangeKey = (typeof RANGE_KEYS)[number];

export type Period = { from: string; to: string };

export type ReportRange = Period & {
  key: RangeKey;
  tz: string;
  days: number;
  /** First and last local calendar day of the period (inclusive), for forms and labels. */
  firstDay: string;
  lastDay: string;
  previous: Period & { firstDay: string; lastDay: string };
  /** Set when the custom dates were unusable and a default was taken instead: what to tell the reader. */
  problem: MessageKey | null;
};

const DAY_MS = 86_400_000;
const MAX_DAYS = 366;

/** A time zone name the runtime knows, else UTC. */
export function validTimeZone(tz: string | null | undefined): string {
  if (!tz || tz.length > 64) return 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    return 'UTC';
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function parts(tz: string, instant: number): Record<string, number> {
  let f = formatters.get(tz);
  if (!f)
    formatters.set(
      tz,
      (f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      })),
    );
  return Object.fromEntries(
    f
      .formatToParts(instant)
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, Number(p.value)]),
  );
}

/** The viewer's calendar day of an instant, as YYYY-MM-DD. */
export function localDay(instant: number | string, tz: string): string {
  const p = parts(tz, typeof instant === 'string' ? Date.parse(instant) : instant);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The instant (UTC) at which a local calendar day starts in a time zone, DST included. */
export function startOfLocalDay(day: string, tz: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, m - 1, d);
  const offsetAt = (t: number) => {
    const p = parts(tz, t);
    return (
      Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(t / 1000) * 1000
    );
  };
  let t = asUtc - offsetAt(asUtc);
  const corrected = asUtc - offsetAt(t);
  if (corrected !== t) t = corrected;
  return t;
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

const isDay = (v: string | null): v is string =>
  !!v &&
  /^\d{4}-\d{2}-\d{2}$/.test(v) &&
  !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
  new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

function period(
  firstDay: string,
  lastDay: string,
  tz: string,
): Period & { firstDay: string; lastDay: string } {
  return {
    firstDay,
    lastDay,
    from: new Date(startOfLocalDay(firstDay, tz)).toISOString(),
    to: new Date(startOfLocalDay(addDays(lastDay, 1), tz)).toISOString(),
  };
}

/** Reads `range` (7, 30, 90 or custom with `from`/`to` days) and `tz` from a query string. */
export function parseRange(params: URLSearchParams, now: Date = new Date()): ReportRange {
  const tz = validTimeZone(params.get('tz'));
  const today = localDay(now.getTime(), tz);
  let key = (RANGE_KEYS as readonly string[]).includes(params.get('range') ?? '')
    ? (params.get('range') as RangeKey)
    : '30';
  let firstDay: string;
  let lastDay = today;
  let problem: MessageKey | null = null;
  if (key === 'custom') {
    const from = params.get('from');
    const to = params.get('to');
    if (isDay(from) && isDay(to) && from <= to && (Date.parse(to) - Date.parse(from)) / DAY_MS < MAX_DAYS) {
      firstDay = from;
      lastDay = to;
    } else {
      problem = 'reports.badRange';
      key = '30';
      firstDay = addDays(today, -29);
    }
  } else {
    firstDay = addDays(today, -(Number(key) - 1));
  }
  const days = Math.round((Date.parse(lastDay) - Date.parse(firstDay)) / DAY_MS) + 1;
  const current = period(firstDay, lastDay, tz);
  return {
    key,
    tz,
    days,
    ...current,
    previous: period(addDays(firstDay, -days), addDays(firstDay, -1), tz),
    problem,
  };
}

export type Week = {
  label: string;
  from: string;
  to: string;
  /** Local calendar days of the week inside the period (1–7). */
  days: number;
  /**
   * Fewer than 7 days inside the period, or not over yet at `now`: its counts are not comparable with a
   * whole week's, so trends leave it out and tables mark it.
   */
  partial: boolean;
};

/** The period cut into weeks starting on Monday (local); the first and last may be partial. */
export function weeksOf(
  range: Pick<ReportRange, 'firstDay' | 'lastDay' | 'tz'>,
  now: Date = new Date(),
): Week[] {
  const weeks: Week[] = [];
  let start = range.firstDay;
  while (start <= range.lastDay) {
    const weekday = (new Date(`${start}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
    const end = [addDays(start, 6 - weekday), range.lastDay].sort()[0]!;
    const to = startOfLocalDay(addDays(end, 1), range.tz);
    const days = Math.round((Date.parse(end) - Date.parse(start)) / DAY_MS) + 1;
    weeks.push({
      label: start,
      from: new Date(startOfLocalDay(start, range.tz)).toISOString(),
      to: new Date(to).toISOString(),
      days,
      partial: days < 7 || to > now.getTime(),
    });
    start = addDays(end, 1);
  }
  return weeks;
}
