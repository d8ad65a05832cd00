import type { Settings } from 'meilisearch';
import { LOCALES, type Locale } from '#lib/i18n/locales.ts';
import { STOP_WORDS_EN } from '#lib/text/stop-words.ts';

/** The text fields of a document; a German or Italian text's carry its language (`title_de`), see textField. */
export const TEXT_FIELDS = ['title', 'tags', 'summary', 'headings', 'body'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

/**
 * The name of a text field in a document of `locale`: English as it is (`title`), German and Italian
 * with their suffix (`title_de`), so Meilisearch's localizedAttributes tokenizes each in its language.
 */
/** The languages a document's text may be in (LOCALES of #lib/i18n). */
export const INDEXED_LOCALES: readonly Locale[] = LOCALES;

export function textField(field: TextField, locale: Locale): string {
  return locale === 'en' ? field : `${field}_${locale}`;
}

/** Words employees use interchangeably for the same thing; every word in a group finds the others. */
export const SYNONYM_GROUPS: string[][] = [
  // A negation says "this is broken": it should lead to troubleshooting articles.
  ['cant', 'cannot', 'unable', 'not working', 'troubleshoot', 'fails', 'failing'],
  [
    'mfa',
    '2fa',
    'two-factor',
    'two factor',
    'multi-factor',
    'multifactor',
    'authenticator',
    '2-step verification',
  ],
  ['vpn', 'remote access', 'globalprotect', 'global protect'],
  ['wifi', 'wi-fi', 'wireless', 'wlan'],
  ['laptop', 'notebook', 'computer', 'pc', 'macbook'],
  ['password', 'passcode', 'passphrase', 'pwd'],
  ['login', 'log in', 'sign in', 'signin', 'sign-in', 'logon', 'log on'],
  ['email', 'e-mail', 'mail', 'outlook', 'mailbox'],
  ['teams', 'video call', 'meeting', 'zoom', 'webex'],
  ['phone', 'mobile', 'smartphone', 'iphone', 'android', 'cell'],
  ['monitor', 'screen', 'display'],
  ['dock', 'docking station', 'usb-c hub'],
  ['printer', 'print', 'printing'],
  ['onedrive', 'sharepoint', 'cloud storage'],
  ['shared drive', 'network drive', 'file share', 'mapped drive'],
  ['headset', 'headphones', 'earphones'],
  ['slow', 'sluggish', 'laggy', 'freezing'],
  ['locked out', 'account locked', 'lockout'],
  ['phishing', 'scam', 'suspicious email', 'spoofing'],
  ['admin rights', 'administrator', 'local admin', 'elevated'],
  ['new starter', 'new hire', 'new employee', 'onboarding'],
  ['leaver', 'offboarding', 'leaving', 'fired', 'terminated', 'dismissed', 'let go'],
  ['battery', 'charge', 'charging', 'dying', 'drains'],
  ['storage', 'quota', 'allowance', 'space'],
  ['guest', 'visitor', 'visitors'],
  ['camera', 'webcam', 'video'],
  ['install', 'download', 'installing'],
  ['signature', 'footer'],
  ['abroad', 'roaming', 'overseas', 'travelling', 'traveling'],
  ['access', 'permission', 'permissions', 'rights'],
  ['lost', 'stolen', 'missing', 'left behind'],
];

/** Meilisearch wants each word's synonyms listed; groups are expanded to that shape. */
export function expandSynonyms(groups: string[][]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const group of groups) {
    for (const word of group)
      out[word] = [...new Set([...(out[word] ?? []), ...group.filter((w) => w !== word)])];
  }
  return out;
}

/** Settings of the articles index, tuned for short help-desk articles. */
export const ARTICLE_INDEX_SETTINGS: Settings = {
  // Priority order: a word in the title beats the same word deep in the body, in every language.
  searchableAttributes: TEXT_FIELDS.flatMap((f) => INDEXED_LOCALES.map((l) => textField(f, l))),
  displayedAttributes: [
    'id',
    'slug',
    'type',
    'category',
    'url',
    'updated',
    'status',
    'audience',
    'locale',
    'hash',
    ...['title', 'summary', 'tags', 'body'].flatMap((f) =>
      INDEXED_LOCALES.map((l) => textField(f as TextField, l)),
    ),
  ],
  // Each language's fields are tokenized as that language (German compounds, Italian elisions).
  localizedAttributes: [
    { attributePatterns: ['*_de'], locales: ['deu'] },
    { attributePatterns: ['*_it'], locales: ['ita'] },
    { attributePatterns: [...TEXT_FIELDS], locales: ['eng'] },
  ],
  filterableAttributes: ['status', 'audience', 'category', 'type', 'locale', 'languages', 'source'],
  sortableAttributes: ['updated'],
  synonyms: expandSynonyms(SYNONYM_GROUPS),
  stopWords: STOP_WORDS_EN,
  // Phrases in articles are short; per-attribute proximity is enough and indexes much faster.
  proximityPrecision: 'byAttribute',
  // Meilisearch's defaults (a typo from 5 letters, two from 9): at 4, `cant` already matched `want`.
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
  pagination: { maxTotalHits: 1000 },
  faceting: { maxValuesPerFacet: 100 },
};
