/**
 * Employees' typing calls, `GET /api/suggest` from /help and the home page's problem box (a call at
 * each pause while someone types), answered straight from Node's request instead of through Astro.
 *
 * Why: issue 14 measures these calls against Meilisearch's, and Astro's part of each (a web Request
 * and Headers built from Node's, routing, the render context, streaming the Response back) was the
 * largest besides the ranking: on 10,000 articles, flat out, a web worker spent 3.9–4.0 ms of CPU
 * a call through Astro and 2.5–3.3 ms without it (decision 012, "Typing calls without Astro's
 * pipeline").
 *
 * What stays the same: everything src/lib/web/middleware.ts does for such a call is done here with
 * its own functions (route table, authentication and session renewal, the reader's language, the
 * controller `answerSuggestApi`, error answers, headers, the log line). Anything else returns false
 * and goes through Astro: another method or path, an API token, no session or a bad one (the
 * middleware forgets the cookie and audits it; looking again finds the same), a route that is no
 * longer open to everyone signed in.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { resolveClientAddress } from '#lib/auth/client-address.ts';
import { decideAccess, findRoute, type RouteRule } from '#lib/auth/routes.ts';
import { getConfig } from '#lib/config/config.ts';
import { getLogger } from '#lib/config/log.ts';
import { remember } from '#lib/config/remember.ts';
import { getDb } from '#lib/db/connection.ts';
import { countUnread } from '#lib/notifications/notifications.ts';
import {
  authenticate,
  sessionCookieHeader,
  type RequestCookies,
  type RequestHeaders,
} from './authenticate.ts';
import { i18nForRequest } from './language.ts';
import { errorResponse, finishAnswer, logAnswer } from './middleware.ts';
import { answerSuggestApi } from './suggest.ts';

/** Answers the request and returns true, or returns false without touching it (Astro answers it). */
export type TypingCallHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

const PATH = '/api/suggest';

/**
 * Hands `answerTypingCall` to scripts/web-server.ts, which answers typing calls with it before Astro.
 * Called by src/middleware.ts: that module is part of the server bundle, so the calls share the
 * bundle's modules and their state (one database connection, one set of caches per process), and
 * the server finds it once Astro has loaded the middleware (with the first request).
 */
export function offerTypingCalls(): void {
  remember('typingCalls', () => answerTypingCall);
}

export const answerTypingCall: TypingCallHandler = (req, res) => {
  const target = req.url ?? '';
  if (req.method !== 'GET' || (target !== PATH && !target.startsWith(`${PATH}?`))) return false;
  if (req.headers.authorization !== undefined) return false;
  const route = (suggestRoute ??= findRoute(PATH));
  if (route?.access !== 'signed-in') return false;
  const started = performance.now();
  // As the node adapter builds it: the scheme from the socket; the host is not needed here.
  const url = new URL(target, (req.socket as TLSSocket).encrypted ? 'https://localhost' : 'http://localhost');
  let call: Call;
  try {
    const prepared = prepare(req, url);
    if (!prepared || decideAccess(route, prepared.locals.principal) !== 'allow') return false;
    call = prepared;
  } catch {
    // The database failed before anything was answered: the middleware answers it as any request's
    // failure (a 503 with Retry-After for a full disk), after trying once more.
    return false;
  }
  void answer(res, call).then(
    (status) => logAnswer(call.requestId, 'GET', route, status, started),
    (error: unknown) => {
      // Only writing the answer is left to fail here (the controller's errors are answered in it).
      getLogger().error({ req: call.requestId, path: PATH }, (error as Error)?.stack ?? String(error));
      logAnswer(call.requestId, 'GET', route, 500, started);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end();
    },
  );
  return true;
};

let suggestRoute: RouteRule | null | undefined;

type Call = { url: URL; locals: App.Locals; requestId: string; renewal: string | undefined };

/** Who asks and in which language, as the middleware finds it; null for no one signed in. */
function prepare(req: IncomingMessage, url: URL): Call | null {
  const headers = nodeHeaders(req);
  const cookies = cookieJar(req.headers.cookie);
  const db = getDb();
  const auth = authenticate(db, { headers }, cookies, url);
  const principal = auth.principal;
  if (!principal) return null;
  const locals: App.Locals = {
    principal,
    session: auth.session,
    clientAddress: resolveClientAddress(
      req.socket.remoteAddress ?? '',
      headers.get('x-forwarded-for'),
      getConfig().trustProxy,
    ),
    i18n: i18nForRequest({ headers }, url, cookies, principal),
    unreadNotifications: () => (principal.kind === 'user' ? countUnread(db, principal.id) : 0),
  };
  // A renewed session's cookie is re-sent with its new expiry, as the middleware does.
  const renewal =
    auth.session?.renewed && auth.token
      ? sessionCookieHeader(url, auth.token, auth.session.expiresAt)
      : undefined;
  return { url, locals, requestId: randomUUID().slice(0, 8), renewal };
}

async function answer(res: ServerResponse, call: Call): Promise<number> {
  const { url, locals, requestId, renewal } = call;
  let response: Response;
  try {
    response = await answerSuggestApi(url.searchParams, locals);
  } catch (error) {
    response = errorResponse(error, requestId, 'GET', url, locals.i18n);
  }
  finishAnswer(response, url, true, locals.i18n.locale);
  const body = Buffer.from(await response.arrayBuffer());
  const head: Record<string, string | number | string[]> = Object.fromEntries(response.headers);
  head['x-request-id'] = requestId;
  head['content-length'] = body.length;
  if (renewal) head['set-cookie'] = [renewal];
  res.writeHead(response.status, head);
  res.end(body);
  return response.status;
}

/** Node's request headers read as a web Request's: lower-case names, repeated ones joined. */
function nodeHeaders(req: IncomingMessage): RequestHeaders {
  return {
    get(name) {
      const value = req.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/**
 * The Cookie header as Astro reads it (the `cookie` package's parse): the first of a repeated name
 * wins, quotes around a value are dropped, and a percent-encoded value is decoded when it can be.
 */
export function cookieJar(header: string | undefined): RequestCookies {
  const values = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const equals = part.indexOf('=');
    if (equals === -1) continue;
    const name = part.slice(0, equals).trim();
    if (!name || values.has(name)) continue;
    let value = part.slice(equals + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (value.includes('%')) {
      try {
        value = decodeURIComponent(value);
      } catch {
        // Kept as sent, as the cookie package does.
      }
    }
    values.set(name, value);
  }
  return { get: (name) => (values.has(name) ? { value: values.get(name)! } : undefined) };
}
