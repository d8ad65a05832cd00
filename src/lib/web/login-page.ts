import type { AstroCookies } from 'astro';
import { getDb } from '#lib/db/connection.ts';
import { readForm, safeNextPath } from './http.ts';
import { invalidateSession } from '#lib/auth/sessions.ts';
import { signIn, SignInSchema } from '#lib/auth/sign-in.ts';
import { clearSessionCookie, setSessionCookie } from './authenticate.ts';
import { recordAudit } from '#lib/auth/audit.ts';
import { describePrincipal } from '#lib/auth/roles.ts';

export type LoginOutcome =
  | { redirect: string }
  | { status: number; error: string; email: string; next: string; retryAfterSeconds?: number };

const GENERIC = 'Email or password is incorrect.';

/** "40 seconds", "1 minute", "15 minutes": the delays grow from a second to the lock's quarter hour. */
function waitInWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** Handles the sign-in form: a new session (never the old one) on success, one generic message otherwise. */
export async function handleLoginForm(
  request: Request,
  cookies: AstroCookies,
  url: URL,
  address: string,
  locals: App.Locals,
): Promise<LoginOutcome> {
  const form = await readForm(request);
  const next = safeNextPath(form.get('next'));
  const email = typeof form.get('email') === 'string' ? String(form.get('email')).slice(0, 254) : '';
  const parsed = SignInSchema.safeParse({ email: form.get('email'), password: form.get('password') });
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? GENERIC;
    return {
      status: 400,
      error:
        message === 'Enter your email address.' || message === 'Enter your password.' ? message : GENERIC,
      email,
      next,
    };
  }
  const db = getDb();
  const result = await signIn(db, { ...parsed.data, address });
  if (!result.ok) {
    if (result.reason === 'throttled') {
      return {
        status: 429,
        error: `Too many failed sign-ins. Wait ${waitInWords(result.retryAfterSeconds)} and try again, or call the service desk on +1 555 0100.`,
        email,
        next,
        retryAfterSeconds: result.retryAfterSeconds,
      };
    }
    if (result.reason === 'disabled') {
      return {
        status: 403,
        error: 'This account is disabled. If you need it again, call the service desk on +1 555 0100.',
        email,
        next,
      };
    }
    return { status: 401, error: GENERIC, email, next };
  }
  // A sign-in always starts a fresh session; an existing one in this browser ends (no fixation).
  if (locals.session) invalidateSession(db, locals.session.id);
  setSessionCookie(cookies, url, result.token, result.session.expiresAt);
  return { redirect: next };
}

/** Ends the current session and forgets the cookie. */
export function handleLogout(cookies: AstroCookies, url: URL, address: string, locals: App.Locals): void {
  const db = getDb();
  if (locals.session) {
    invalidateSession(db, locals.session.id);
    recordAudit(db, { actor: describePrincipal(locals.principal), action: 'signout', address });
  }
  clearSessionCookie(cookies, url);
}
