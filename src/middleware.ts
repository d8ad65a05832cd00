import { defineMiddleware } from 'astro:middleware';
import { recordAudit } from './lib/auth/audit.ts';
import { AccessDenied } from './lib/auth/guards.ts';
import { describePrincipal } from './lib/auth/roles.ts';
import { decideAccess, findRoute, type Decision } from './lib/auth/routes.ts';
import { authenticate, clearSessionCookie, setSessionCookie } from './lib/auth/web.ts';
import { getDb } from './lib/db/connection.ts';

// No inline scripts anywhere: script-src is 'self' only. Astro scopes component styles with inline <style>.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function withSecurityHeaders(response: Response, url: URL): Response {
  const headers = response.headers;
  headers.set('Content-Security-Policy', CSP);
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  headers.set('X-Frame-Options', 'DENY');
  if (url.protocol === 'https:') headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  return response;
}

const isApi = (url: URL) => url.pathname.startsWith('/api/');

/** Authenticates every request, enforces the route table (src/lib/auth/routes.ts), adds security headers. */
export const onRequest = defineMiddleware(async (context, next) => {
  const { url, cookies, request } = context;
  const db = getDb();
  const auth = authenticate(db, request, cookies, url);
  context.locals.principal = auth.principal;
  context.locals.session = auth.session;
  if (auth.badCredentials) {
    // A forged, expired or revoked credential: forget the cookie, and keep a trace of it.
    if (auth.token) clearSessionCookie(cookies, url);
    recordAudit(db, { actor: 'anonymous', action: auth.token ? 'session.invalid' : 'token.invalid', target: `${request.method} ${url.pathname}`.slice(0, 300), address: context.clientAddress });
  }
  if (auth.session?.renewed && auth.token) setSessionCookie(cookies, url, auth.token, auth.session.expiresAt);

  const deny = async (decision: Exclude<Decision, 'allow'>): Promise<Response> => {
    if (decision === 'sign-in') {
      if (isApi(url)) return Response.json({ error: 'Sign in or send a valid API token.' }, { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } });
      const target = `${url.pathname}${url.search}`;
      return context.redirect(`/login${target === '/' ? '' : `?next=${encodeURIComponent(target)}`}`, 303);
    }
    if (auth.principal) {
      recordAudit(db, { actor: describePrincipal(auth.principal), action: 'access.denied', target: `${request.method} ${url.pathname}`.slice(0, 300), address: context.clientAddress });
    }
    if (isApi(url)) return Response.json({ error: 'Not found.' }, { status: 404 });
    return next('/404');
  };

  const decision = decideAccess(findRoute(url.pathname), auth.principal);
  let response: Response;
  if (decision !== 'allow') {
    response = await deny(decision);
  } else {
    try {
      response = await next();
    } catch (error) {
      if (!(error instanceof AccessDenied)) throw error;
      response = await deny(error.decision);
    }
  }
  return withSecurityHeaders(response, url);
});
