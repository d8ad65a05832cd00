import type { Locale } from './locales.ts';

/** The regional form of each language that dates and numbers follow (day before month, 24-hour clock). */
const INTL_LOCALE: Record<Locale, string> = { en: 'en-GB', de: 'de-DE', it: 'it-IT' };

export type DateStyle = 'long' | 'medium' | 'short';

// Intl formatters are built once per language, zone and style: constructing one per call was 8 % of
// an article page's CPU time.
const cache = new Map<
  string,
  Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.ListFormat
>();
function cached<
  T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.ListFormat,
>(id: string, make: () => T): T {
  let formatter = cache.get(id) as T | undefined;
  if (!formatter) {
    formatter = make();
    cache.set(id, formatter);
  }
  return formatter;
}

const DATE_OPTIONS: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  long: { day: 'numeric', month: 'long', year: 'numeric' },
  medium: { day: 'numeric', month: 'short', year: 'numeric' },
  short: { day: '2-digit', month: '2-digit', year: 'numeric' },
};

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

/** Dates, times, numbers and durations in one language and time zone. */
export class Formatter {
  readonly locale: Locale;
  readonly timeZone: string;
  /** The zone is the reader's own (their browser or account said so): times are shown bare; otherwise they carry the zone's name, so nobody mistakes UTC for local time. */
  readonly zoneIsPersonal: boolean;
  readonly intlLocale: string;

  constructor(locale: Locale, timeZone: string, zoneIsPersonal: boolean) {
    this.locale = locale;
    this.timeZone = timeZone;
    this.zoneIsPersonal = zoneIsPersonal;
    this.intlLocale = INTL_LOCALE[locale];
    // Pages destructure what they use (`const { date, t } = Astro.locals.i18n`): bind the methods.
    for (const name of [
      'date',
      'calendarDay',
      'dateTime',
      'time',
      'weekday',
      'number',
      'percent',
      'duration',
      'relative',
      'list',
    ] as const)
      this[name] = this[name].bind(this) as never;
  }

  private dateTimeFormat(id: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
    return cached(`dt\u0000${this.intlLocale}\u0000${this.timeZone}\u0000${id}`, () => {
      return new Intl.DateTimeFormat(this.intlLocale, { ...options, timeZone: this.timeZone });
    });
  }

  /** A day in the reader's zone: "30 November 2026", "30. November 2026", "30 novembre 2026". */
  date(value: Date | string | number, style: DateStyle = 'long'): string {
    return this.dateTimeFormat(`date-${style}`, DATE_OPTIONS[style]).format(toDate(value));
  }

  /** A calendar day written as YYYY-MM-DD (front matter, holidays): the same day in every zone. */
  calendarDay(iso: string, style: DateStyle = 'long'): string {
    return cached(`day\u0000${this.intlLocale}\u0000${style}`, () => {
      return new Intl.DateTimeFormat(this.intlLocale, { ...DATE_OPTIONS[style], timeZone: 'UTC' });
    }).format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
  }

  /** A moment: "30 Nov 2026, 10:07" (with "UTC" or the zone's name when it is not the reader's own). */
  dateTime(value: Date | string | number): string {
    const zone: Intl.DateTimeFormatOptions = this.zoneIsPersonal ? {} : { timeZoneName: 'short' };
    return this.dateTimeFormat(`datetime-${this.zoneIsPersonal}`, {
      ...DATE_OPTIONS.medium,
      hour: '2-digit',
      minute: '2-digit',
      ...zone,
    }).format(toDate(value));
  }

  /** The time of day: "10:07". */
  time(value: Date | string | number): string {
    return this.dateTimeFormat('time', { hour: '2-digit', minute: '2-digit' }).format(toDate(value));
  }

  /** The weekday's name: "Monday", "Montag", "lunedì". */
  weekday(value: Date | string | number): string {
    return this.dateTimeFormat('weekday', { weekday: 'long' }).format(toDate(value));
  }

  number(value: number, options: Intl.NumberFormatOptions = {}): string {
    const id = `num\u0000${this.intlLocale}\u0000${JSON.stringify(options)}`;
    return cached(id, () => new Intl.NumberFormat(this.intlLocale, options)).format(value);
  }

  /** A share: 0.912 → "91 %" in German, "91%" in English and Italian. */
  percent(ratio: number, fractionDigits = 0): string {
    return this.number(ratio, {
      style: 'percent',
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    });
  }

  /** A span: "2 days 3 hrs", "2 Std., 5 Min.", "5 min"; at most the two largest units, rounded to minutes. */
  duration(ms: number): string {
    const minutes = Math.round(Math.abs(ms) / 60_000);
    const parts: Array<[number, 'day' | 'hour' | 'minute']> = [
      [Math.floor(minutes / 1440), 'day'],
      [Math.floor((minutes % 1440) / 60), 'hour'],
      [minutes % 60, 'minute'],
    ];
    const first = parts.findIndex(([n]) => n > 0);
    if (first === -1) return this.unit(0, 'minute');
    const shown = parts.slice(first, first + 2).filter(([n]) => n > 0);
    const list = cached(`list\u0000${this.intlLocale}`, () => {
      return new Intl.ListFormat(this.intlLocale, { type: 'unit', style: 'narrow' });
    });
    return list.format(shown.map(([n, unit]) => this.unit(n, unit)));
  }

  /** "3 hours ago", "vor 3 Stunden", "tra 2 giorni": the largest whole unit. */
  relative(value: Date | string | number, now: Date = new Date()): string {
    const diff = toDate(value).getTime() - now.getTime();
    const format = cached(`rel\u0000${this.intlLocale}`, () => {
      return new Intl.RelativeTimeFormat(this.intlLocale, { numeric: 'auto' });
    });
    for (const [unit, size] of UNITS) {
      if (Math.abs(diff) >= size) return format.format(Math.trunc(diff / size), unit);
    }
    return format.format(0, 'minute');
  }

  /** "Printers, Mail and VPN" / "Drucker, Mail und VPN". */
  list(items: readonly string[], type: 'conjunction' | 'disjunction' = 'conjunction'): string {
    return cached(`list-${type}\u0000${this.intlLocale}`, () => {
      return new Intl.ListFormat(this.intlLocale, { type, style: 'long' });
    }).format(items);
  }

  private unit(n: number, unit: 'day' | 'hour' | 'minute'): string {
    return this.number(n, { style: 'unit', unit, unitDisplay: 'short' });
  }
}

/** A time zone the runtime knows (IANA name), or null. */
export function validTimeZone(zone: string | null | undefined): string | null {
  if (!zone || zone.length > 64) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
