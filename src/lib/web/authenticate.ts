import type { AstroCookies } from 'astro';
import { stringifySetCookie } from 'cookie';
import type { Db } from '#lib/db/db.ts';
import { validateApiToken } from '#lib/auth/api-tokens.ts';
import type { Principal } from '#lib/auth/roles.ts';
import { validateSessionToken, type Session } from '#lib/auth/sessions.ts';
import { getUserById, toPrincipal } from '#lib/auth/users.ts';

// Over https the cookie is `__Host-` prefixed: Secure, Path=/ and no Domain, so no subdomain can set or read it.
const SECURE_COOKIE = '__Host-fixpoint_session';
const PLAIN_COOKIE = 'fixpoint_session';

export function sessionCookieName(url: URL): string {
  return url.protocol === 'https:' ? SECURE_COOKIE : PLAIN_COOKIE;
}

/** The session cookie's attributes, for Astro's cookies and for an answer written without them. */
function sessionCookieOptions(url: URL, expiresAt: number) {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure: url.protocol === 'https:',
    path: '/',
    expires: new Date(expiresAt),
  } as const;
}

export function setSessionCookie(cookies: AstroCookies, url: URL, token: string, expiresAt: number): void {
  cookies.set(sessionCookieName(url), token, sessionCookieOptions(url, expiresAt));
}

/**
 * The Set-Cookie header that setSessionCookie makes through Astro, for an answer written without it
 * (typing-calls.ts): the same serializer (Astro's own `cookie` package) and the same attributes.
 */
export function sessionCookieHeader(url: URL, token: string, expiresAt: number): string {
  return stringifySetCookie({
    name: sessionCookieName(url),
    value: token,
    ...sessionCookieOptions(url, expiresAt),
  });
}

export function clearSessionCookie(cookies: AstroCookies, url: URL): void {
  cookies.delete(sessionCookieName(url), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: url.protocol === 'https:',
  });
}

export type Authentication = {
  principal: Principal | null;
  session: Session | null;
  token: string | null;
  badCredentials: boolean;
};

/** What authentication and the reader's language read of a request: Astro's objects, or Node's (typing-calls.ts). */
export type RequestHeaders = { get(name: string): string | null };
export type RequestCookies = { get(name: string): { value: string } | undefined };

/** Who sent the request: an API token (Authorization: Bearer) or a session cookie. */
export function authenticate(
  db: Db,
  request: { headers: RequestHeaders },
  cookies: RequestCookies,
  url: URL,
): Authentication {
  const authorization = request.headers.get('authorization');
  if (authorization) {
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] ?? '';
    const principal = validateApiToken(db, bearer);
    return { principal, session: null, token: null, badCredentials: !principal };
  }
  const token = cookies.get(sessionCookieName(url))?.value;
  if (!token) return { principal: null, session: null, token: null, badCredentials: false };
  const session = validateSessionToken(db, token);
  const user = session ? getUserById(db, session.userId) : null;
  if (!session || !user || user.disabled)
    return { principal: null, session: null, token, badCredentials: true };
  return { principal: toPrincipal(user), session, token, badCredentials: false };
}
