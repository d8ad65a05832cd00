import { isForbiddenCrossSite } from './origin-check.ts';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { APIContext, MiddlewareNext } from 'astro';
import { recordAudit, recordRepeatedAudit } from '#lib/auth/audit.ts';
import { resolveClientAddress } from '#lib/auth/client-address.ts';
import { describePrincipal, type Principal } from '#lib/auth/roles.ts';
import { decideAccess, findRoute, type Decision, type RouteRule } from '#lib/auth/routes.ts';
import { getConfig } from '#lib/config/config.ts';
import { getLogger } from '#lib/config/log.ts';
import { getDb } from '#lib/db/connection.ts';
import type { Db } from '#lib/db/db.ts';
import { isStorageError } from '#lib/db/storage-errors.ts';
import { createI18n, type I18n } from '#lib/i18n/i18n.ts';
import { countUnread } from '#lib/notifications/notifications.ts';
import { MAX_UPLOAD_REQUEST_BYTES } from '#lib/tickets/attachments.ts';
import { authenticate, clearSessionCookie, setSessionCookie, type Authentication } from './authenticate.ts';
import { AccessDenied } from './guards.ts';
import { i18nForRequest } from './language.ts';
import { STORAGE_RETRY_AFTER_SECONDS } from './storage-refusal.ts';

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

/** Headers every answer carries (also those that never reach Astro: see scripts/web-server.ts). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
};

/**
 * With single sign-on, signing out posts to /logout, which redirects to the provider's logout page:
 * browsers hold that redirect to form-action, so the provider's origin joins 'self' there.
 */
function contentSecurityPolicy(): string {
  const issuer = getConfig().oidc?.issuer;
  return issuer ? CSP.replace("form-action 'self'", `form-action 'self' ${new URL(issuer).origin}`) : CSP;
}

/**
 * The headers every answer gets from here (a route's own policy or caching is kept: see below).
 * Pages and answers for a signed-in person are theirs alone: no shared or back-button cache keeps them.
 */
function standardHeaders(url: URL, signedIn: boolean): Record<string, string> {
  return {
    ...SECURITY_HEADERS,
    'Content-Security-Policy': contentSecurityPolicy(),
    ...(signedIn ? { 'Cache-Control': 'no-store' } : {}),
    ...(url.protocol === 'https:'
      ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' }
      : {}),
  };
}

function withSecurityHeaders(response: Response, url: URL, signedIn: boolean): Response {
  const headers = response.headers;
  for (const [name, value] of Object.entries(standardHeaders(url, signedIn))) {
    // A route may tighten the policy (downloads are sandboxed) or choose its caching; none may loosen the rest.
    if ((name === 'Content-Security-Policy' || name === 'Cache-Control') && headers.has(name)) continue;
    headers.set(name, value);
  }
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
function bodyRefusal(
  request: Request,
  route: RouteRule | null,
  i18n: I18n,
): { status: 411 | 413; message: string } | null {
  if (request.method === 'GET' || request.method === 'HEAD') return null;
  const declared = request.headers.get('content-length');
  // Without a declared length (a chunked body) the limit could only be checked after reading it all.
  // Browsers always declare it for forms and fetch.
  if (declared === null)
    return request.body
      ? {
          status: 411,
          message: i18n.t('common.lengthRequired'),
        }
      : null;
  const limit = BODY_LIMITS[route?.body ?? 'default'];
  if (Number(declared) <= limit) return null;
  return {
    status: 413,
    message:
      route?.body === 'uploads'
        ? i18n.t('common.uploadsTooLarge')
        : i18n.t('common.bodyTooLarge', { mb: limit / 1024 / 1024 }),
  };
}

/** The methods any route answers; everything else is 405 (TRACE, CONNECT and TRACK never get this far). */
export const METHODS = new Set(['GET', 'HEAD', 'POST']);

/**
 * What an unexpected error answers: a sentence and a request id that is also in the log, never a stack
 * trace or an empty body. A full or read-only disk is not a bug: 503 with Retry-After, and reads go on.
 */
export function errorResponse(
  error: unknown,
  requestId: string,
  method: string,
  url: URL,
  i18n?: I18n,
): Response {
  const storage = isStorageError(error);
  const detail = storage
    ? `storage: ${(error as Error).message}`
    : ((error as Error)?.stack ?? String(error));
  getLogger().error({ req: requestId, method, path: url.pathname, storage }, detail);
  const status = storage ? 503 : 500;
  // Failing before the reader's language was known (authentication): the default language.
  const { t, locale } = i18n ?? createI18n(getConfig().defaultLocale, 'UTC');
  const title = t(storage ? 'common.storageTitle' : 'common.errorTitle');
  const message = t(storage ? 'common.storageMessage' : 'common.errorMessage');
  const headers: Record<string, string> = {
    'X-Request-Id': requestId,
    ...(storage ? { 'Retry-After': String(STORAGE_RETRY_AFTER_SECONDS) } : {}),
  };
  if (isApi(url)) return Response.json({ error: message, requestId }, { status, headers });
  // Every part is the catalogue's text or a UUID: nothing a client sent is written into this page.
  const page = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t('common.pageTitle', { title })}</title></head><body><main><h1>${title}</h1><p>${message}</p><p>${t('common.errorReference', { id: requestId })}</p><p><a href="/">${t('common.siteName')}</a></p></main></body></html>`;
  return new Response(page, {
    status,
    headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8', 'Content-Language': locale },
  });
}

/** Astro labels every status "OK" unless told otherwise; a 404 should say "Not Found". */
function withStatusText(response: Response): Response {
  const text = STATUS_CODES[response.status];
  if (response.status === 200 || !text || (response.statusText && response.statusText !== 'OK'))
    return response;
  return new Response(response.body, {
    status: response.status,
    statusText: text,
    headers: response.headers,
  });
}

/**
 * Every request passes here first (src/middleware.ts): authenticates it, enforces the route table
 * (src/lib/auth/routes.ts), refuses oversized bodies, and adds security headers.
 */
export async function handleRequest(context: APIContext, next: MiddlewareNext): Promise<Response> {
  const requestId = newAnswerId();
  const started = performance.now();
  const { request, url } = context;
  // Looked up once: the route table decides access below and names the request in the log.
  const route = findRoute(url.pathname);
  let response: Response;
  try {
    response = await answerRequest(context, next, requestId, route);
  } catch (error) {
    // Before or after the route ran (authentication, the route table): still an answer with the headers.
    response = withSecurityHeaders(errorResponse(error, requestId, request.method, url), url, false);
  }
  response.headers.set('X-Request-Id', requestId);
  logAnswer(requestId, request.method, route, response.status, started);
  return response;
}

/** One line per request, by route pattern: addresses and query strings can carry what people typed. */
export function logAnswer(
  requestId: string,
  method: string,
  route: RouteRule | null,
  status: number,
  started: number,
): void {
  const ms = Math.round((performance.now() - started) * 10) / 10;
  getLogger().info({ req: requestId, method, route: route?.pattern ?? 'unmatched', status, ms }, 'request');
}

/** How an API route refuses: 401 to sign in first, or 404 as if nothing were there (`denied` audits it). */
export function refuseApiCall(
  decision: Exclude<Decision, 'allow'>,
  i18n: I18n,
  denied: () => void,
): Response {
  if (decision === 'sign-in')
    return Response.json(
      { error: i18n.t('common.signInRequired') },
      { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } },
    );
  denied();
  return Response.json({ error: i18n.t('common.notFound') }, { status: 404 });
}

/** A signed-in person asked for what they may not see: kept in the audit trail. */
export function auditDenial(db: Db, principal: Principal, target: string, address: string): void {
  auditIfPossible(db, {
    actor: describePrincipal(principal),
    action: 'access.denied',
    target: target.slice(0, 300),
    address,
  });
}

/** The audit trail of denied or forged requests is kept when the disk allows; a full disk must not turn them into errors. */
function auditIfPossible(db: Db, entry: Parameters<typeof recordAudit>[1], repeated = false): void {
  try {
    if (repeated) recordRepeatedAudit(db, entry);
    else recordAudit(db, entry);
  } catch (error) {
    if (!isStorageError(error)) throw error;
  }
}

/**
 * The client's address as TRUST_PROXY allows it to be known (src/lib/auth/client-address.ts). Astro's
 * clientAddress is the connection's peer as long as astro.config sets no `security.allowedDomains`
 * (with them Astro itself believes the left-most X-Forwarded-For entry, which any client can write).
 */
function clientAddressOf(context: APIContext): string {
  let peer = '';
  try {
    peer = context.clientAddress;
  } catch {
    // An adapter without addresses (none in use): throttling then counts every client as one.
  }
  return clientAddressFrom(peer, context.request.headers.get('x-forwarded-for'));
}

/** The client's address from the connection's peer and X-Forwarded-For, here and in typing-calls.ts. */
export function clientAddressFrom(peer: string, forwardedFor: string | null): string {
  return resolveClientAddress(peer, forwardedFor, getConfig().trustProxy);
}

/** The id an answer carries in X-Request-Id and in its log lines. */
export const newAnswerId = (): string => randomUUID().slice(0, 8);

/** What routes read of who asks (`locals`): set here for every request, and by typing-calls.ts. */
export function requestLocals(db: Db, auth: Authentication, i18n: I18n, clientAddress: string): App.Locals {
  const principal = auth.principal;
  return {
    principal,
    session: auth.session,
    clientAddress,
    i18n,
    // Asked for when the layout renders, so a page that just marked notifications read shows the new count.
    unreadNotifications: () => (principal?.kind === 'user' ? countUnread(db, principal.id) : 0),
  };
}

async function answerRequest(
  context: APIContext,
  next: MiddlewareNext,
  requestId: string,
  route: RouteRule | null,
): Promise<Response> {
  const { url, cookies, request } = context;
  const db = getDb();
  const auth = authenticate(db, request, cookies, url);
  const i18n = i18nForRequest(request, url, cookies, auth.principal);
  Object.assign(context.locals, requestLocals(db, auth, i18n, clientAddressOf(context)));
  // A form posted from another site changes nothing (what Astro's checkOrigin did; see origin-check.ts).
  if (isForbiddenCrossSite(request, url)) {
    const refusal = new Response(i18n.t('email.crossSiteRefused'), {
      status: 403,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
    return withSecurityHeaders(withStatusText(refusal), url, false);
  }
  if (auth.badCredentials) {
    // A forged, expired or revoked credential: forget the cookie, and keep a trace of it.
    if (auth.token) clearSessionCookie(cookies, url);
    // Anyone can send these as often as they like: one row per address and minute, with a count.
    auditIfPossible(
      db,
      {
        actor: 'anonymous',
        action: auth.token ? 'session.invalid' : 'token.invalid',
        target: `${request.method} ${url.pathname}`.slice(0, 300),
        address: context.locals.clientAddress,
      },
      true,
    );
  }
  if (auth.session?.renewed && auth.token) setSessionCookie(cookies, url, auth.token, auth.session.expiresAt);

  const deny = async (decision: Exclude<Decision, 'allow'>): Promise<Response> => {
    const audit = () =>
      auth.principal &&
      auditDenial(db, auth.principal, `${request.method} ${url.pathname}`, context.locals.clientAddress);
    if (isApi(url)) return refuseApiCall(decision, i18n, audit);
    if (decision === 'sign-in') {
      const target = `${url.pathname}${url.search}`;
      return context.redirect(`/login${target === '/' ? '' : `?next=${encodeURIComponent(target)}`}`, 303);
    }
    audit();
    return next('/404');
  };

  if (!METHODS.has(request.method)) {
    const refusal = new Response(i18n.t('common.methodNotAllowed', { method: request.method }), {
      status: 405,
      headers: { Allow: [...METHODS].join(', '), 'Content-Type': 'text/plain; charset=utf-8' },
    });
    return withSecurityHeaders(withStatusText(refusal), url, false);
  }
  const decision = decideAccess(route, auth.principal);
  const refused = decision === 'allow' ? bodyRefusal(request, route, i18n) : null;
  let response: Response;
  if (refused) {
    response = isApi(url)
      ? Response.json({ error: refused.message }, { status: refused.status })
      : new Response(refused.message, {
          status: refused.status,
          headers: { 'Content-Type': 'text/plain; charset=utf-8' },
        });
  } else if (decision !== 'allow') {
    response = await deny(decision);
  } else {
    try {
      response = await next();
    } catch (error) {
      response =
        error instanceof AccessDenied
          ? await deny(error.decision)
          : errorResponse(error, requestId, request.method, url, i18n);
    }
  }
  return finishAnswer(withStatusText(response), url, Boolean(auth.principal), i18n.locale);
}

/** What every answer a route gave gets on its way out, here and in typing-calls.ts. */
export function finishAnswer(response: Response, url: URL, signedIn: boolean, locale: string): Response {
  // Pages answer 503 themselves when the disk refused a form (shown again, filled) or search is away:
  // every 503 says when to come back.
  if (response.status === 503 && !response.headers.has('Retry-After'))
    response.headers.set('Retry-After', String(STORAGE_RETRY_AFTER_SECONDS));
  if (!response.headers.has('Content-Language')) response.headers.set('Content-Language', locale);
  return withSecurityHeaders(response, url, signedIn);
}
