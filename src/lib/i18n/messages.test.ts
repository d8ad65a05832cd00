import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { createI18n } from './i18n.ts';
import { LOCALES } from './locales.ts';
import { CATALOGUE } from './messages/index.ts';
import { isMessageKey, LocalizedError, msg, translate } from './translate.ts';

/** The placeholders a message uses, with their kinds ("count:plural", "name:argument"). */
function placeholders(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.argument) into.add(`${element.value}:argument`);
    if (element.type === TYPE.number) into.add(`${element.value}:number`);
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      into.add(`${element.value}:${element.type === TYPE.plural ? 'plural' : 'select'}`);
      for (const option of Object.values(element.options)) placeholders(option.value, into);
    }
    if (element.type === TYPE.tag) placeholders(element.children, into);
  }
  return into;
}

const areas = Object.entries(CATALOGUE) as Array<[string, Record<string, Record<string, string>>]>;

describe('the message catalogue', () => {
  it('has every message in every language, parsing as ICU with the English placeholders', () => {
    const problems: string[] = [];
    for (const [area, messages] of areas) {
      for (const [name, english] of Object.entries(messages.en!)) {
        const want = [...placeholders(parse(english))].sort();
        for (const locale of LOCALES) {
          const text = messages[locale]?.[name];
          if (!text?.trim()) {
            problems.push(`${locale} ${area}.${name}: missing`);
            continue;
          }
          try {
            const got = [...placeholders(parse(text))].sort();
            if (got.join() !== want.join())
              problems.push(
                `${locale} ${area}.${name}: placeholders ${got.join(' ')} ≠ English ${want.join(' ')}`,
              );
          } catch (error) {
            problems.push(
              `${locale} ${area}.${name}: ${(error as Error).message} in ${JSON.stringify(text)}`,
            );
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps straight apostrophes out of German and Italian (ICU reads them as quotes: write ’)', () => {
    const quoted: string[] = [];
    for (const [area, messages] of areas)
      for (const locale of ['de', 'it'] as const)
        for (const [name, text] of Object.entries(messages[locale]!))
          if (/'[{}#]/.test(text)) quoted.push(`${locale} ${area}.${name}`);
    expect(quoted).toEqual([]);
  });

  it('formats plurals, values and unknown keys', () => {
    expect(translate('de', 'common.pagination', { page: 2, pages: 7 })).toBe('Seite 2 von 7');
    expect(translate('it', 'common.notificationsUnread', { count: 1 })).toBe('Notifiche, 1 non letta');
    expect(translate('it', 'common.notificationsUnread', { count: 3 })).toBe('Notifiche, 3 non lette');
    expect(isMessageKey('common.signOut')).toBe(true);
    expect(isMessageKey('common.nothing')).toBe(false);
    expect(isMessageKey('Sign out')).toBe(false);
  });

  it('gives a domain’s reason in the reader’s language, and English to the log', () => {
    const error = new LocalizedError(msg('common.methodNotAllowed', { method: 'PUT' }));
    expect(error.message).toBe('PUT is not supported here.');
    const i18n = createI18n('de', 'Europe/Berlin');
    expect(i18n.t(error.localized)).toBe('PUT wird hier nicht unterstützt.');
    expect(i18n.text('common.notFound')).toBe('Nicht gefunden.');
    expect(i18n.text('Typed by a person.')).toBe('Typed by a person.');
    expect(i18n.around('common.footerDesk', 'phone')[0]).toBe('Fixpoint IT-Hilfe · Service Desk: ');
  });
});
