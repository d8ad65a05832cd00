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
 * controller `answerSuggestApi`, refusals, error answers, headers, the log line). A check added to
 * the middleware's `answerRequest` must be added here too. Anything else returns false and goes
 * through Astro: another method or path, an API token, no session or a bad one (the middleware
 * forgets the cookie and audits it; looking again finds the same), a route that is no longer open to
 * everyone signed in, a database that fails before anything is answered.
 */
import { parseCookie } from 'cookie';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Principal } from '#lib/auth/roles.ts';
import { decideAccess, findRoute, type RouteRule } from '#lib/auth/routes.ts';
import { getConfig } from '#lib/config/config.ts';
import { getLogger } from '#lib/config/log.ts';
import { remember } from '#lib/config/remember.ts';
import { getDb } from '#lib/db/connection.ts';
import type { I18n } from '#lib/i18n/i18n.ts';
import {
  authenticate,
  sessionCookieHeader,
  type Authentication,
  type RequestCookies,
  type RequestHeaders,
} from './authenticate.ts';
import { AccessDenied } from './guards.ts';
import { i18nForRequest } from './language.ts';
import {
  auditDenial,
  clientAddressFrom,
  errorResponse,
  finishAnswer,
  logAnswer,
  newAnswerId,
  refuseApiCall,
  requestLocals,
} from './middleware.ts';
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
  const headers = nodeHeaders(req);
  const cookies = cookieJar(req.headers.cookie);
  let auth: Authentication;
  try {
    auth = authenticate(getDb(), { headers }, cookies, url);
  } catch {
    // The database failed before anything was answered: the middleware answers it as any request's
    // failure (a 503 with Retry-After for a full disk), after trying once more.
    return false;
  }
  const principal = auth.principal;
  if (!principal || decideAccess(route, principal) !== 'allow') return false;
  const call: Call = {
    url,
    headers,
    cookies,
    auth,
    principal,
    address: clientAddressFrom(req.socket.remoteAddress ?? '', headers.get('x-forwarded-for')),
    requestId: newAnswerId(),
  };
  void answer(res, call).then(
    (status) => logAnswer(call.requestId, 'GET', route, status, started),
    (error: unknown) => {
      // Only writing the answer is left to fail here (everything before it is answered in `answer`).
      try {
        getLogger().error({ req: call.requestId, path: PATH }, (error as Error)?.stack ?? String(error));
        logAnswer(call.requestId, 'GET', route, 500, started);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end();
      } catch {
        res.destroy(); // never a request left hanging
      }
    },
  );
  return true;
};

let suggestRoute: RouteRule | null | undefined;

type Call = {
  url: URL;
  headers: RequestHeaders;
  cookies: RequestCookies;
  auth: Authentication;
  principal: Principal;
  /** The client's, resolved as the middleware resolves it. */
  address: string;
  requestId: string;
};

async function answer(res: ServerResponse, call: Call): Promise<number> {
  const { url, headers, cookies, auth, principal, address, requestId } = call;
  const db = getDb();
  let i18n: I18n | undefined;
  let response: Response;
  try {
    i18n = i18nForRequest({ headers }, url, cookies, principal);
    const locals = requestLocals(db, auth, i18n, address);
    response = await answerSuggestApi(url.searchParams, locals);
  } catch (error) {
    response =
      error instanceof AccessDenied && i18n
        ? refuseApiCall(error.decision, i18n, () =>
            auditDenial(db, principal, `GET ${url.pathname}`, address),
          )
        : errorResponse(error, requestId, 'GET', url, i18n);
  }
  finishAnswer(response, url, true, i18n?.locale ?? getConfig().defaultLocale);
  const body = Buffer.from(await response.arrayBuffer());
  const head: Record<string, string | number | string[]> = Object.fromEntries(response.headers);
  head['x-request-id'] = requestId;
  head['content-length'] = body.length;
  // A renewed session's cookie is re-sent with its new expiry, as the middleware does.
  if (auth.session?.renewed && auth.token)
    head['set-cookie'] = [sessionCookieHeader(url, auth.token, auth.session.expiresAt)];
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
 * The Cookie header as Astro's cookies read it: the `cookie` package's parse without decoding, then
 * a value decoded when it is read (kept as sent when it cannot be), and an empty one as none.
 */
export function cookieJar(header: string | undefined): RequestCookies {
  const values = parseCookie(header ?? '', { decode: (value) => value });
  return {
    get(name) {
      const value = values[name];
      if (!value) return undefined;
      try {
        return { value: decodeURIComponent(value) };
      } catch {
        return { value };
      }
    },
  };
}
