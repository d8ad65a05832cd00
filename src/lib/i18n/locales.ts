/**
 * The languages Fixpoint speaks, and how a request's language is chosen: a `?lang=` link, else the
 * person's saved choice, else the `locale` cookie, else the browser's Accept-Language, else DEFAULT_LOCALE. An unknown value
 * anywhere is passed over, never an error.
 */
export const LOCALES = ['en', 'de', 'it'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language in its own words, for the switcher (people look for their language's name). */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', de: 'Deutsch', it: 'Italiano' };

/** The cookie that remembers a signed-out person's choice (a year). */
export const LOCALE_COOKIE = 'locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** "de-CH" → "de"; anything we do not speak → null. */
export function localeOf(tag: string | null | undefined): Locale | null {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return isLocale(primary) ? primary : null;
}

/**
 * The best language an Accept-Language header asks for, by its q-values (RFC 9110 §12.5.4); ties
 * keep the header's order. `*` and languages we do not speak are passed over.
 */
export function fromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .slice(0, 1000)
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find(Boolean);
      return { locale: localeOf(tag), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((c): c is { locale: Locale; q: number; index: number } => c.locale !== null && c.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.locale ?? null;
}

/**
 * The language for one request, from the strongest signal that names one we speak. `explicit` is a
 * `?lang=` in the address: a link to one language's version (hreflang) shows that one.
 */
export function chooseLocale(signals: {
  explicit?: string | null;
  saved?: string | null;
  cookie?: string | null;
  acceptLanguage?: string | null;
  fallback: Locale;
}): Locale {
  return (
    (isLocale(signals.explicit) ? signals.explicit : null) ??
    localeOf(signals.saved) ??
    localeOf(signals.cookie) ??
    fromAcceptLanguage(signals.acceptLanguage) ??
    signals.fallback
  );
}
