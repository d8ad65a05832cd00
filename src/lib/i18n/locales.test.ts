import { describe, expect, it } from 'vitest';
import { Formatter, validTimeZone } from './format.ts';
import { chooseLocale, fromAcceptLanguage, localeOf } from './locales.ts';

describe('choosing the language of a request', () => {
  it('reads Accept-Language by its weights, passing over languages we do not speak', () => {
    expect(fromAcceptLanguage('de-CH,de;q=0.9,en;q=0.8')).toBe('de');
    expect(fromAcceptLanguage('fr-FR,fr;q=0.9,it;q=0.5,en;q=0.4')).toBe('it');
    expect(fromAcceptLanguage('en;q=0.2, it-IT')).toBe('it');
    expect(fromAcceptLanguage('*')).toBeNull();
    expect(fromAcceptLanguage('de;q=0')).toBeNull();
    expect(fromAcceptLanguage('x'.repeat(5000))).toBeNull();
    expect(fromAcceptLanguage('de;q=abc, it')).toBe('de');
  });

  it('prefers a ?lang= link, then the saved choice, the cookie, the browser and the default', () => {
    const all = { explicit: 'it', saved: 'de', cookie: 'en', acceptLanguage: 'de', fallback: 'en' as const };
    expect(chooseLocale(all)).toBe('it');
    expect(chooseLocale({ ...all, explicit: 'fr' })).toBe('de');
    expect(chooseLocale({ ...all, explicit: null, saved: null })).toBe('en');
    expect(chooseLocale({ cookie: 'klingon', acceptLanguage: 'it-CH', fallback: 'de' })).toBe('it');
    expect(chooseLocale({ cookie: '<script>', acceptLanguage: 'fr', fallback: 'de' })).toBe('de');
    expect(localeOf('IT_it')).toBe('it');
  });
});

/** Intl separates numbers from units with no-break spaces; the expectations are written with plain ones. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('formatting for a reader', () => {
  const at = '2026-03-29T08:30:00Z'; // the morning Europe switches to summer time
  it('writes dates and times in the language and the zone', () => {
    const de = new Formatter('de', 'Europe/Berlin', true);
    expect(de.date(at)).toBe('29. März 2026');
    expect(de.dateTime(at)).toBe('29. März 2026, 10:30');
    expect(new Formatter('it', 'Europe/Rome', true).date(at)).toBe('29 marzo 2026');
    expect(new Formatter('en', 'UTC', false).dateTime(at)).toBe('29 Mar 2026, 08:30 UTC');
    expect(de.calendarDay('2026-11-30')).toBe('30. November 2026');
  });

  it('writes numbers, shares and durations as each language does', () => {
    expect(plain(new Formatter('de', 'UTC', true).number(12345.5))).toBe('12.345,5');
    expect(plain(new Formatter('de', 'UTC', true).percent(0.912))).toBe('91 %');
    expect(plain(new Formatter('en', 'UTC', true).percent(0.912))).toBe('91%');
    expect(plain(new Formatter('de', 'UTC', true).duration(125 * 60_000))).toBe('2 Std., 5 Min.');
    expect(plain(new Formatter('it', 'UTC', true).duration(2 * 86_400_000 + 3 * 3_600_000))).toBe(
      '2 giorni 3 h',
    );
    expect(plain(new Formatter('en', 'UTC', true).duration(0))).toBe('0 mins');
    const now = new Date('2026-11-30T12:00:00Z');
    expect(new Formatter('de', 'UTC', true).relative('2026-11-30T09:00:00Z', now)).toBe('vor 3 Stunden');
  });

  it('accepts only time zones the runtime knows', () => {
    expect(validTimeZone('Europe/Rome')).toBe('Europe/Rome');
    expect(validTimeZone('Mars/Olympus')).toBeNull();
    expect(validTimeZone('')).toBeNull();
  });
});

describe('the formatter', () => {
  it('works when a page takes its methods out of it', () => {
    const { date, duration, percent } = new Formatter('it', 'Europe/Rome', true);
    expect(date('2026-11-30T10:00:00Z')).toBe('30 novembre 2026');
    expect(plain(duration(90 * 60_000))).toBe('1 h 30 min');
    expect(plain(percent(0.5))).toBe('50%');
  });
});
