import { getUserById } from '#lib/auth/users.ts';
import { getDb } from '#lib/db/connection.ts';
import { chooseLocale, type Locale } from '#lib/i18n/locales.ts';

/**
 * The language of this request. The i18n middleware's choice (`locals.i18n`) when it is there; until
 * then the same signals in the same order: the person's saved choice, the cookie, Accept-Language, English.
 */
export function requestLocale(locals: App.Locals, request: Request): Locale {
  const chosen = (locals as { i18n?: { locale?: Locale } }).i18n?.locale;
  if (chosen) return chosen;
  const principal = locals.principal;
  const saved = principal?.kind === 'user' ? getUserById(getDb(), principal.id)?.locale : null;
  const cookie = /(?:^|;\s*)locale=([^;]*)/.exec(request.headers.get('cookie') ?? '')?.[1];
  return chooseLocale({
    saved,
    cookie: cookie ?? null,
    acceptLanguage: request.headers.get('accept-language'),
    fallback: 'en',
  });
}
