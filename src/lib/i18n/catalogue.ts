import type { Locale } from './locales.ts';

/**
 * One area's messages in every language, side by side so a translator sees the English beside their
 * own. Messages are ICU MessageFormat (`{count, plural, one {# ticket} other {# tickets}}`,
 * `{gender, select, female {…} other {…}}`); values are plain text, Astro escapes them. The types make
 * a missing or extra key in German or Italian a compile error; messages.test.ts checks that every
 * message parses and uses the same placeholders as its English source.
 */
export type AreaMessages<E extends Record<string, string>> = { en: E } & {
  [L in Exclude<Locale, 'en'>]: { [K in keyof E]: string };
};

export function defineMessages<const E extends Record<string, string>>(
  messages: AreaMessages<E>,
): AreaMessages<E> {
  return messages;
}
