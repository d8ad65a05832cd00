import { Formatter } from './format.ts';
import type { Locale } from './locales.ts';
import { isMessageKey, translate, type Message, type MessageKey, type MessageValues } from './translate.ts';

/**
 * Everything a page needs to speak to one reader: their language, their time zone, the catalogue's
 * messages and Intl formatting in both. The middleware puts one in `locals.i18n`; mail builds one for
 * each recipient.
 */
export class I18n extends Formatter {
  /** The message for a key (with values), or a Message a domain chose. */
  t = (message: MessageKey | Message, values?: MessageValues): string => {
    return typeof message === 'string'
      ? translate(this.locale, message, values)
      : translate(this.locale, message.key, { ...message.values, ...values });
  };

  /**
   * What a domain said, worded for this reader: a Message, or a zod issue's message, which is a
   * catalogue key (`z.string().min(1, 'help.subjectRequired')`). Any other text is shown as it is.
   */
  text = (said: string | Message): string => {
    if (typeof said !== 'string') return this.t(said);
    return isMessageKey(said) ? translate(this.locale, said) : said;
  };

  /**
   * A message around one placeholder that a page fills with markup (a link, a <strong>): the text
   * before and after it. `{t.around('common.footerDesk', 'phone')}` → ['Service desk: ', ' (ext. 100)'].
   */
  around = (key: MessageKey, placeholder: string, values?: MessageValues): [string, string] => {
    const [before = '', after = ''] = translate(this.locale, key, {
      ...values,
      [placeholder]: '\u0000',
    }).split('\u0000');
    return [before, after];
  };
}

export function createI18n(locale: Locale, timeZone: string, zoneIsPersonal = false): I18n {
  return new I18n(locale, timeZone, zoneIsPersonal);
}
