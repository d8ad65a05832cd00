import { IntlMessageFormat } from 'intl-messageformat';
import type { Locale } from './locales.ts';
import { CATALOGUE, type MessageKey } from './messages/index.ts';

export type { MessageKey } from './messages/index.ts';

/** What a placeholder may be given: text and numbers. Dates are formatted first (format.ts), in the person's zone. */
export type MessageValues = Record<string, string | number>;

/** A message to show, chosen where the reason is known (a domain), worded where the reader is (the page). */
export type Message = { key: MessageKey; values?: MessageValues };

export function msg(key: MessageKey, values?: MessageValues): Message {
  return values ? { key, values } : { key };
}

/**
 * An error a person should read: its message is a catalogue key, translated where it is shown; the
 * Error's own message is the English text, for logs.
 */
export class LocalizedError extends Error {
  readonly localized: Message;

  constructor(localized: Message, options?: ErrorOptions) {
    super(translate('en', localized.key, localized.values), options);
    this.localized = localized;
  }
}

// Compiled on first use per language and key: ~60 µs to compile, ~4 µs to format (decision 060).
const compiled = new Map<string, IntlMessageFormat>();

function sourceOf(locale: Locale, key: string): string | undefined {
  const dot = key.indexOf('.');
  const area = (CATALOGUE as Record<string, Record<Locale, Record<string, string>>>)[key.slice(0, dot)];
  const name = key.slice(dot + 1);
  return area?.[locale]?.[name] ?? area?.en?.[name];
}

export function isMessageKey(key: string): key is MessageKey {
  return key.includes('.') && sourceOf('en', key) !== undefined;
}

/** The message in this language (English when a key is unknown at run time, which the types prevent). */
export function translate(locale: Locale, key: MessageKey, values?: MessageValues): string {
  const id = `${locale}\u0000${key}`;
  let format = compiled.get(id);
  if (!format) {
    const source = sourceOf(locale, key);
    if (source === undefined) return key;
    format = new IntlMessageFormat(source, locale);
    compiled.set(id, format);
  }
  return String(format.format(values));
}
