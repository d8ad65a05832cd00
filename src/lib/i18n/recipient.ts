import { getConfig } from '#lib/config/config.ts';
import { validTimeZone } from './format.ts';
import { createI18n, type I18n } from './i18n.ts';
import { chooseLocale, type Locale } from './locales.ts';

/**
 * The language and time zone for mail to a person who is not making a request: their saved choice,
 * else `fallback` (the language of the page they asked from, or the one their mail was written in),
 * else DEFAULT_LOCALE; their zone, else DEFAULT_TIME_ZONE (then times carry the zone's name).
 */
export function i18nForRecipient(
  person: { locale: string | null; timeZone: string | null },
  fallback?: Locale | null,
): I18n {
  const config = getConfig();
  const locale = chooseLocale({ saved: person.locale, fallback: fallback ?? config.defaultLocale });
  const zone = validTimeZone(person.timeZone);
  return createI18n(locale, zone ?? config.defaultTimeZone, zone !== null);
}
