// Starts Astro's server bundle (dist/server/entry.mjs) in this process: the start script's own when it
// serves alone, or a web worker's when several serve (node:cluster shares the port between them).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Config } from '#lib/config/config.ts';
import { closeDatabases } from '#lib/db/db.ts';
import { flushArticleViews } from '#lib/deflection/article-views.ts';
import { flushDeflectionEvents } from '#lib/deflection/requests.ts';
import { METHODS, SECURITY_HEADERS } from '#lib/web/middleware.ts';

export type WebServer = { stop(): Promise<void> };

/** Resolves once the server listens; rejects with a sentence for the operator when it cannot. */
export async function startWebServer(config: Config): Promise<WebServer> {
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  process.env.ASTRO_NODE_LOGGING = 'disabled'; // the start script says when and where the portal is ready
  process.env.PORT = String(config.port);
  process.env.HOST = config.host;
  const entry = path.resolve(import.meta.dirname, '..', 'dist', 'server', 'entry.mjs');
  const { startServer } = (await import(pathToFileURL(entry).href)) as {
    startServer: () => { server: { stop(): Promise<void>; server: Server } };
  };
  const { server } = startServer();
  refuseMethodsAstroCannotRead(server.server);
  await new Promise<void>((resolve, reject) => {
    server.server.once('listening', resolve);
    server.server.once('error', (error: NodeJS.ErrnoException) => {
      const hint =
        error.code === 'EADDRINUSE'
          ? ` Port ${config.port} is taken. Fix: stop the other program or set PORT to a free port.`
          : '';
      reject(new Error(`Cannot serve on ${config.host}:${config.port}: ${error.message}.${hint}`));
    });
  });
  // Open connections get 3 s to finish; then the process goes anyway.
  return {
    stop: () => Promise.race([server.stop().catch(() => {}), new Promise<void>((r) => setTimeout(r, 3000))]),
  };
}

/**
 * Node's fetch Request refuses TRACE, CONNECT and TRACK, so the adapter answered them with a 500 and a
 * stack trace in the log. Such requests are answered here, before Astro, like any other unsupported method.
 */
const UNREADABLE_METHODS = new Set(['TRACE', 'CONNECT', 'TRACK']);

function refuseMethodsAstroCannotRead(server: Server): void {
  const handlers = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (UNREADABLE_METHODS.has(req.method ?? '')) {
      res.writeHead(405, {
        ...SECURITY_HEADERS,
        Allow: [...METHODS].join(', '),
        'Content-Type': 'text/plain; charset=utf-8',
      });
      res.end(`${req.method} is not supported here.`);
      return;
    }
    for (const handle of handlers) handle.call(server, req, res);
  });
}

/** The last thing a serving process does: write what it counts in memory, then close the database. */
export function flushAndCloseDatabases(): void {
  flushDeflectionEvents(); // suggestion answers still waiting for their batch
  flushArticleViews(); // and page views
  closeDatabases();
}
