/**
 * The reader's language and time zone for each request (`locals.i18n`), and the language switcher's
 * endpoint. Choosing a language saves it on the account (mail follows it) and in a cookie (the sign-in
 * page follows it); the browser's time zone arrives in the `tz` cookie (BaseLayout's script).
 */
import type { APIContext } from 'astro';
import { z } from 'zod';
import type { Principal } from '#lib/auth/roles.ts';
import { rememberTimeZone, saveLocale } from '#lib/auth/users.ts';
import { getConfig } from '#lib/config/config.ts';
import { getDb } from '#lib/db/connection.ts';
import { isStorageError } from '#lib/db/storage-errors.ts';
import { validTimeZone } from '#lib/i18n/format.ts';
import { createI18n, type I18n } from '#lib/i18n/i18n.ts';
import { chooseLocale, LOCALE_COOKIE, LOCALES, type Locale } from '#lib/i18n/locales.ts';
import type { RequestCookies, RequestHeaders } from './authenticate.ts';
import { readForm, safeNextPath } from './http.ts';

/** Where the browser's script writes its IANA time zone. */
export const TIME_ZONE_COOKIE = 'tz';
const YEAR_SECONDS = 365 * 24 * 3600;

/** The language and zone this request is answered in (see src/lib/i18n/locales.ts for the order). */
export function i18nForRequest(
  request: { headers: RequestHeaders },
  url: URL,
  cookies: RequestCookies,
  principal: Principal | null,
): I18n {
  const config = getConfig();
  const person = principal?.kind === 'user' ? principal : null;
  const locale = chooseLocale({
    explicit: url.searchParams.get('lang'),
    saved: person?.locale,
    cookie: cookies.get(LOCALE_COOKIE)?.value,
    acceptLanguage: request.headers.get('accept-language'),
    fallback: config.defaultLocale,
  });
  const browserZone = validTimeZone(cookies.get(TIME_ZONE_COOKIE)?.value);
  if (person && browserZone && browserZone !== person.timeZone) {
    try {
      rememberTimeZone(getDb(), person.id, browserZone);
    } catch (error) {
      // A full disk must not stop a page: the zone is written with the next request that can.
      if (!isStorageError(error)) throw error;
    }
  }
  const zone = browserZone ?? validTimeZone(person?.timeZone);
  return createI18n(locale, zone ?? config.defaultTimeZone, zone !== null);
}

/** The language (and time zone) for mail to a person: it lives with the catalogue, so mail can use it. */
export { i18nForRecipient } from '#lib/i18n/recipient.ts';

/** `<link rel="alternate" hreflang>` for a page: the same address with `?lang=`, and the plain one as x-default. */
export function languageAlternates(url: URL): Array<{ hreflang: string; href: string }> {
  const plain = new URL(url);
  plain.searchParams.delete('lang');
  const links = LOCALES.map((locale) => {
    const localized = new URL(plain);
    localized.searchParams.set('lang', locale);
    return { hreflang: locale, href: `${localized.pathname}${localized.search}` };
  });
  return [...links, { hreflang: 'x-default', href: `${plain.pathname}${plain.search}` }];
}

const LanguageForm = z.object({ locale: z.enum(LOCALES) });

/**
 * POST /language: remember the choice and go back to the page it was made on, without its `?lang=`
 * (the choice now decides). Any other value answers 400 in the current language.
 */
export async function changeLanguage(context: APIContext): Promise<Response> {
  const form = await readForm(context.request);
  const parsed = LanguageForm.safeParse({ locale: form.get('locale') });
  const { i18n, principal } = context.locals;
  if (!parsed.success)
    return new Response(i18n.t('common.badLanguage'), {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  const locale: Locale = parsed.data.locale;
  context.cookies.set(LOCALE_COOKIE, locale, {
    path: '/',
    sameSite: 'lax',
    secure: context.url.protocol === 'https:',
    maxAge: YEAR_SECONDS,
  });
  if (principal?.kind === 'user') saveLocale(getDb(), principal.id, locale);
  // Only a path on this site (safeNextPath), and without its ?lang=, which would outvote the choice.
  const back = new URL(safeNextPath(form.get('return_to')), context.url);
  back.searchParams.delete('lang');
  return context.redirect(`${back.pathname}${back.search}`, 303);
}
