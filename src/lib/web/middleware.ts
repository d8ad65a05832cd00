import type { APIContext, MiddlewareNext } from 'astro';
import { recordAudit } from '#lib/auth/audit.ts';
import { describePrincipal } from '#lib/auth/roles.ts';
import { decideAccess, findRoute, type Decision, type RouteRule } from '#lib/auth/routes.ts';
import { getDb } from '#lib/db/connection.ts';
import { countUnread } from '#lib/notifications/notifications.ts';
import { MAX_UPLOAD_REQUEST_BYTES } from '#lib/tickets/attachments.ts';
import { authenticate, clearSessionCookie, setSessionCookie } from './authenticate.ts';
import { AccessDenied } from './guards.ts';

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
  // A route may tighten the policy (downloads are sandboxed); none may loosen it, since this is the default.
  if (!headers.has('Content-Security-Policy')) headers.set('Content-Security-Policy', CSP);
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  headers.set('X-Frame-Options', 'DENY');
  if (url.protocol === 'https:') headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  return response;
}

const isApi = (url: URL) => url.pathname.startsWith('/api/');

/**
 * Astro reads form and JSON bodies whole, without a limit: refuse oversized ones before anything reads
 * them. Routes that take attachments allow 5 files of 10 MB; the article editor 8 MB (so a too-long
 * article is answered by the editor, with the text kept); everything else 1 MB (a 20,000-character
 * ticket is 80 KB at most). Returns the status and the sentence to answer with, or null.
 */
const BODY_LIMITS = { uploads: MAX_UPLOAD_REQUEST_BYTES, article: 8 * 1024 * 1024, default: 1024 * 1024 };
function bodyRefusal(request: Request, route: RouteRule | null): { status: 411 | 413; message: string } | null {
  if (request.method === 'GET' || request.method === 'HEAD') return null;
  const declared = request.headers.get('content-length');
  // Without a declared length (a chunked body) the limit could only be checked after reading it all.
  // Browsers always declare it for forms and fetch.
  if (declared === null) return request.body ? { status: 411, message: 'Send the request with a Content-Length header (chunked bodies are not accepted).' } : null;
  const limit = BODY_LIMITS[route?.body ?? 'default'];
  if (Number(declared) <= limit) return null;
  return {
    status: 413,
    message: route?.body === 'uploads'
      ? 'That is too much to send at once: attach at most 5 files of up to 10 MB each. Go back to keep what you typed.'
      : `That request is too large (more than ${limit / 1024 / 1024} MB). Go back and shorten it; attach long logs as files.`,
  };
}

/**
 * Every request passes here first (src/middleware.ts): authenticates it, enforces the route table
 * (src/lib/auth/routes.ts), refuses oversized bodies, and adds security headers.
 */
export async function handleRequest(context: APIContext, next: MiddlewareNext): Promise<Response> {
  const { url, cookies, request } = context;
  const db = getDb();
  const auth = authenticate(db, request, cookies, url);
  context.locals.principal = auth.principal;
  context.locals.session = auth.session;
  // Asked for when the layout renders, so a page that just marked notifications read shows the new count.
  const principal = auth.principal;
  context.locals.unreadNotifications = () => (principal?.kind === 'user' ? countUnread(db, principal.id) : 0);
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

  const route = findRoute(url.pathname);
  const decision = decideAccess(route, auth.principal);
  const refused = decision === 'allow' ? bodyRefusal(request, route) : null;
  let response: Response;
  if (refused) {
    response = isApi(url) ? Response.json({ error: refused.message }, { status: refused.status }) : new Response(refused.message, { status: refused.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  } else if (decision !== 'allow') {
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
}
