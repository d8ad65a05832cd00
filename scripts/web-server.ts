// Serves the portal in this process: the start script's own when it serves alone, or a web worker's when
// several serve (node:cluster shares the port between them). Pages and API answers come from Astro's
// server bundle (dist/server/entry.mjs, the node adapter in middleware mode); the built scripts,
// styles and icons (dist/client) from memory; employees' typing calls from the bundle's own handler,
// which src/middleware.ts hands over once Astro has loaded it (the first request does).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config } from '#lib/config/config.ts';
import { recall } from '#lib/config/remember.ts';
import { closeDatabases } from '#lib/db/db.ts';
import { flushArticleViews } from '#lib/deflection/article-views.ts';
import { flushDeflectionEvents } from '#lib/deflection/requests.ts';
import { createI18n } from '#lib/i18n/i18n.ts';
import { chooseLocale, LOCALE_COOKIE, type Locale } from '#lib/i18n/locales.ts';
import { METHODS, SECURITY_HEADERS } from '#lib/web/middleware.ts';
import type { TypingCallHandler } from '#lib/web/typing-calls.ts';

export type WebServer = { stop(): Promise<void> };

const dist = path.resolve(import.meta.dirname, '..', 'dist');

/** Resolves once the server listens; rejects with a sentence for the operator when it cannot. */
export async function startWebServer(config: Config): Promise<WebServer> {
  const entry = path.join(dist, 'server', 'entry.mjs');
  const { handler: render } = (await import(pathToFileURL(entry).href)) as {
    handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  };
  const assets = readAssets(path.join(dist, 'client'));
  let typingCall: TypingCallHandler | undefined;
  const server = http.createServer((req, res) => {
    const refusal = refusalOf(req, config.defaultLocale);
    if (refusal) {
      res.writeHead(refusal.status, {
        ...SECURITY_HEADERS,
        ...refusal.headers,
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Language': refusal.locale,
      });
      res.end(refusal.text);
      return;
    }
    const asset = req.method === 'GET' || req.method === 'HEAD' ? assets.get(pathOf(req.url!)) : undefined;
    if (asset) serveAsset(req, res, asset);
    else if (!(typingCall ??= recall<TypingCallHandler>('typingCalls'))?.(req, res)) void render(req, res);
  });
  server.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (error: NodeJS.ErrnoException) => {
      const hint =
        error.code === 'EADDRINUSE'
          ? ` Port ${config.port} is taken. Fix: stop the other program or set PORT to a free port.`
          : '';
      reject(new Error(`Cannot serve on ${config.host}:${config.port}: ${error.message}.${hint}`));
    });
  });
  // Open connections get 3 s to finish; then the process goes anyway.
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
  return {
    stop: () => {
      server.close();
      server.closeIdleConnections();
      return Promise.race([closed, new Promise<void>((r) => setTimeout(r, 3000))]).finally(() =>
        server.closeAllConnections(),
      );
    },
  };
}

/**
 * Node's fetch Request refuses TRACE, CONNECT and TRACK (Astro answered them with a 500 and a stack
 * trace), and an address that is not valid percent-encoding cannot be decoded: both are answered here,
 * before Astro, like any other unsupported method or bad request, in the reader's language as far as
 * the request says it (cookie, then browser).
 */
const UNREADABLE_METHODS = new Set(['TRACE', 'CONNECT', 'TRACK']);
const LOCALE_IN_COOKIE = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([^;]*)`);

function refusalOf(
  req: IncomingMessage,
  defaultLocale: Locale,
): { status: number; text: string; locale: string; headers?: Record<string, string> } | null {
  const unreadable = UNREADABLE_METHODS.has(req.method ?? '');
  let decodable = true;
  try {
    decodeURI(req.url ?? '/');
  } catch {
    decodable = false;
  }
  if (!unreadable && decodable) return null;
  const cookie = LOCALE_IN_COOKIE.exec(req.headers.cookie ?? '')?.[1];
  const { t, locale } = createI18n(
    chooseLocale({ cookie, acceptLanguage: req.headers['accept-language'], fallback: defaultLocale }),
    'UTC',
  );
  return unreadable
    ? {
        status: 405,
        text: t('common.methodNotAllowed', { method: req.method! }),
        locale,
        headers: { Allow: [...METHODS].join(', ') },
      }
    : { status: 400, text: t('common.badAddress'), locale };
}

const pathOf = (url: string) => {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
};

type Asset = { body: Buffer; type: string; etag: string; cacheControl: string };

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Every file of the client build, by its address. Astro writes only small files there (scripts,
 * styles, an icon: under 100 KB in all), so they are read once and answered from memory: no file
 * system call per request, and no request for a page or an API waits for a lookup in this directory.
 */
function readAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const address = `/${path.relative(dir, file).split(path.sep).join('/')}`;
    const body = fs.readFileSync(file);
    assets.set(address, {
      body,
      type: TYPES[path.extname(file)] ?? 'application/octet-stream',
      etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
      // Names under /_astro/ carry a hash of the content: a browser may keep them for good.
      cacheControl: address.startsWith('/_astro/')
        ? 'public, max-age=31536000, immutable'
        : 'public, max-age=3600',
    });
  }
  return assets;
}

function serveAsset(req: IncomingMessage, res: ServerResponse, asset: Asset): void {
  const headers = { ...SECURITY_HEADERS, ETag: asset.etag, 'Cache-Control': asset.cacheControl };
  if (req.headers['if-none-match'] === asset.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': asset.type, 'Content-Length': asset.body.length });
  res.end(req.method === 'HEAD' ? undefined : asset.body);
}

/** The last thing a serving process does: write what it counts in memory, then close the database. */
export function flushAndCloseDatabases(): void {
  flushDeflectionEvents(); // suggestion answers still waiting for their batch
  flushArticleViews(); // and page views
  closeDatabases();
}
