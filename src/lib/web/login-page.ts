import type { AstroCookies } from 'astro';
import { getDb } from '#lib/db/connection.ts';
import { readForm, safeNextPath } from './http.ts';
import { getSessionIdToken, invalidateSession } from '#lib/auth/sessions.ts';
import { providerLogoutUrl } from '#lib/auth/sso.ts';
import { getConfig } from '#lib/config/config.ts';
import { signIn, SignInSchema } from '#lib/auth/sign-in.ts';
import { clearSessionCookie, setSessionCookie } from './authenticate.ts';
import { recordAudit } from '#lib/auth/audit.ts';
import { describePrincipal } from '#lib/auth/roles.ts';
import type { I18n } from '#lib/i18n/i18n.ts';

export type LoginOutcome =
  | { redirect: string }
  | { status: number; error: string; email: string; next: string; retryAfterSeconds?: number };

/** "Wait 40 seconds", "… 1 minute", "… 15 minutes": the delays grow from a second to the lock's quarter hour. */
function throttledMessage(i18n: I18n, seconds: number): string {
  return seconds < 60
    ? i18n.t('auth.throttledSeconds', { seconds })
    : i18n.t('auth.throttledMinutes', { minutes: Math.ceil(seconds / 60) });
}

/** Handles the sign-in form: a new session (never the old one) on success, one generic message otherwise. */
export async function handleLoginForm(
  request: Request,
  cookies: AstroCookies,
  url: URL,
  address: string,
  locals: App.Locals,
): Promise<LoginOutcome> {
  const { i18n } = locals;
  const generic = i18n.t('auth.incorrect');
  const form = await readForm(request);
  const next = safeNextPath(form.get('next'));
  const email = typeof form.get('email') === 'string' ? String(form.get('email')).slice(0, 254) : '';
  const parsed = SignInSchema.safeParse({ email: form.get('email'), password: form.get('password') });
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message;
    return {
      status: 400,
      error: message === 'auth.enterEmail' || message === 'auth.enterPassword' ? i18n.text(message) : generic,
      email,
      next,
    };
  }
  const db = getDb();
  const config = getConfig();
  const result = await signIn(db, { ...parsed.data, address, ssoOnly: config.ssoOnly });
  if (!result.ok) {
    if (result.reason === 'throttled') {
      return {
        status: 429,
        error: throttledMessage(i18n, result.retryAfterSeconds),
        email,
        next,
        retryAfterSeconds: result.retryAfterSeconds,
      };
    }
    if (result.reason === 'sso-only') {
      return {
        status: 403,
        error: i18n.t('auth.ssoOnly', {
          provider: config.oidc?.providerName ?? i18n.t('auth.companyAccount'),
        }),
        email,
        next,
      };
    }
    if (result.reason === 'disabled') {
      return {
        status: 403,
        error: i18n.t('auth.disabled'),
        email,
        next,
      };
    }
    return { status: 401, error: generic, email, next };
  }
  // A sign-in always starts a fresh session; an existing one in this browser ends (no fixation).
  if (locals.session) invalidateSession(db, locals.session.id);
  setSessionCookie(cookies, url, result.token, result.session.expiresAt);
  return { redirect: next };
}

/**
 * Ends the current session and forgets the cookie. A session opened through the provider is also ended
 * there when it offers an end_session_endpoint (RP-initiated logout): the answer is where to go next.
 */
export async function handleLogout(
  cookies: AstroCookies,
  url: URL,
  address: string,
  locals: App.Locals,
): Promise<string> {
  const db = getDb();
  const oidc = getConfig().oidc;
  let next = '/login?signedout=1';
  if (locals.session) {
    const idToken = locals.session.method === 'sso' ? getSessionIdToken(db, locals.session.id) : null;
    invalidateSession(db, locals.session.id);
    recordAudit(db, {
      actor: describePrincipal(locals.principal),
      action: 'signout',
      address,
      detail: locals.session.method === 'sso' ? { method: 'sso' } : undefined,
    });
    if (oidc && locals.session.method === 'sso') next = (await providerLogoutUrl(oidc, idToken)) ?? next;
  }
  clearSessionCookie(cookies, url);
  return next;
}

/** The confirmation /login shows after a password change or a sign-out. */
export function loginNotice(url: URL, i18n: I18n): string | undefined {
  if (url.searchParams.has('changed')) return i18n.t('auth.passwordChanged');
  if (url.searchParams.has('signedout')) return i18n.t('auth.signedOut');
  return undefined;
}
