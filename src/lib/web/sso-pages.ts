import type { AstroCookies } from 'astro';
import type { SsoFailure } from '#lib/auth/sso.ts';
import { beginSsoSignIn, completeSsoSignIn } from '#lib/auth/sso.ts';
import { invalidateSession } from '#lib/auth/sessions.ts';
import { getConfig, type OidcConfig } from '#lib/config/config.ts';
import { getDb } from '#lib/db/connection.ts';
import type { I18n } from '#lib/i18n/i18n.ts';
import type { MessageKey } from '#lib/i18n/translate.ts';
import { setSessionCookie } from './authenticate.ts';
import { safeNextPath } from './http.ts';
import { remember } from '#lib/config/remember.ts';
import { RateLimiter } from './rate-limit.ts';

/**
 * Starting a sign-in writes a row before anyone is known: at most 30 a minute per address and web
 * process, so a script cannot fill the table (a person clicks the button a few times at most).
 */
const SSO_STARTS_PER_MINUTE = 30;
const startLimiter = () =>
  remember('sso-start-limiter', () => new RateLimiter(SSO_STARTS_PER_MINUTE, 60_000));

// The pending sign-in's cookie: the random value whose hash keys the server-side state, nonce and verifier.
const SECURE_COOKIE = '__Host-fixpoint_sso';
const PLAIN_COOKIE = 'fixpoint_sso';
const cookieName = (url: URL) => (url.protocol === 'https:' ? SECURE_COOKIE : PLAIN_COOKIE);
const cookieOptions = (url: URL) => ({
  httpOnly: true,
  // lax: the provider's redirect back is a top-level GET, which carries it.
  sameSite: 'lax' as const,
  secure: url.protocol === 'https:',
  path: '/',
});

/** What /login shows about single sign-on. */
export type SsoLoginView = {
  /** The button ("Sign in with …") and where it goes; null without OIDC_ISSUER. */
  sso: { providerName: string; href: string } | null;
  /** Whether the password form is shown (SSO_ONLY hides it, except on the break-glass page). */
  showPassword: boolean;
  /** Under SSO_ONLY: the link to the break-glass password form. */
  breakGlassHref: string | null;
};

/** The sign-in page's single sign-on parts for a request: button, password form, break-glass link. */
export function ssoLoginView(
  url: URL,
  next: string,
  options: { passwordAttempt?: boolean } = {},
): SsoLoginView {
  const config = getConfig();
  if (!config.oidc) return { sso: null, showPassword: true, breakGlassHref: null };
  const query = next === '/' ? '' : `?next=${encodeURIComponent(next)}`;
  const breakGlass = url.searchParams.get('password') === '1' || Boolean(options.passwordAttempt);
  return {
    sso: { providerName: config.oidc.providerName, href: `/login/sso${query}` },
    showPassword: !config.ssoOnly || breakGlass,
    breakGlassHref:
      config.ssoOnly && !breakGlass
        ? `/login?password=1${next === '/' ? '' : `&next=${encodeURIComponent(next)}`}`
        : null,
  };
}

/** The status and message for each way single sign-on can fail (the provider's name is filled in). */
const SSO_FAILURES: Record<SsoFailure, { status: number; key: MessageKey }> = {
  'no-login': { status: 400, key: 'auth.ssoNoLogin' },
  expired: { status: 400, key: 'auth.ssoExpired' },
  replayed: { status: 400, key: 'auth.ssoReplayed' },
  'state-mismatch': { status: 400, key: 'auth.ssoStateMismatch' },
  'provider-error': { status: 400, key: 'auth.ssoProviderError' },
  'provider-unavailable': { status: 503, key: 'auth.ssoProviderUnavailable' },
  'code-rejected': { status: 400, key: 'auth.ssoCodeRejected' },
  'token-rejected': { status: 400, key: 'auth.ssoTokenRejected' },
  'no-email': { status: 400, key: 'auth.ssoNoEmail' },
  'email-unverified': { status: 403, key: 'auth.ssoEmailUnverified' },
  'identity-conflict': { status: 403, key: 'auth.ssoIdentityConflict' },
  'break-glass': { status: 403, key: 'auth.ssoBreakGlass' },
  disabled: { status: 403, key: 'auth.disabled' },
};

/** The sentence and status for each way single sign-on can fail, in the reader's language. */
export function ssoFailureMessage(
  reason: SsoFailure,
  providerName: string,
  i18n: I18n,
): { status: number; message: string } {
  const { status, key } = SSO_FAILURES[reason];
  return { status, message: i18n.t(key, { provider: providerName }) };
}

export type SsoPageOutcome =
  { redirect: string } | { status: number; error: string; next: string; retryAfterSeconds?: number };

function requireOidc(): OidcConfig | null {
  return getConfig().oidc;
}

/** GET /login/sso: off to the provider, or the sign-in page with a sentence when it cannot be reached. */
export async function startSsoSignIn(
  cookies: AstroCookies,
  url: URL,
  address: string,
  i18n: I18n,
): Promise<SsoPageOutcome | null> {
  const oidc = requireOidc();
  if (!oidc) return null;
  const next = safeNextPath(url.searchParams.get('next'));
  const admitted = startLimiter().take(address);
  if (!admitted.ok)
    return {
      status: 429,
      error: i18n.t('auth.ssoTooMany', { seconds: admitted.retryAfterSeconds }),
      next,
      retryAfterSeconds: admitted.retryAfterSeconds,
    };
  const begun = await beginSsoSignIn(getDb(), oidc, { nextPath: next, address });
  if (!begun.ok) {
    const { status, message } = ssoFailureMessage(begun.reason, oidc.providerName, i18n);
    return { status, error: message, next };
  }
  cookies.set(cookieName(url), begun.browserToken, {
    ...cookieOptions(url),
    expires: new Date(begun.expiresAt),
  });
  return { redirect: begun.authorizationUrl };
}

/** GET /login/sso/callback: a new session and on to the page asked for, or the sign-in page with why not. */
export async function finishSsoSignIn(
  cookies: AstroCookies,
  url: URL,
  address: string,
  locals: App.Locals,
): Promise<SsoPageOutcome | null> {
  const oidc = requireOidc();
  if (!oidc) return null;
  const db = getDb();
  const browserToken = cookies.get(cookieName(url))?.value ?? null;
  cookies.delete(cookieName(url), cookieOptions(url));
  const outcome = await completeSsoSignIn(db, oidc, {
    callbackUrl: url,
    browserToken: browserToken && browserToken.length <= 100 ? browserToken : null,
    address,
  });
  if (!outcome.ok) {
    // Reloading the callback after signing in: the refusal is audited, and the person simply goes on.
    if (locals.principal && (outcome.reason === 'replayed' || outcome.reason === 'no-login'))
      return { redirect: '/' };
    const { status, message } = ssoFailureMessage(outcome.reason, oidc.providerName, locals.i18n);
    return { status, error: message, next: '/' };
  }
  // A sign-in always starts a fresh session; one this browser had ends (no fixation).
  if (locals.session) invalidateSession(db, locals.session.id);
  setSessionCookie(cookies, url, outcome.token, outcome.session.expiresAt);
  return { redirect: safeNextPath(outcome.nextPath) };
}
