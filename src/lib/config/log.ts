import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';
import { remember } from './remember.ts';

/**
 * The process's logger: one JSON object per line (pino) for log collectors, or readable lines in
 * development when pino-pretty (a development dependency) is installed. Never log secrets: no cookies,
 * tokens, passwords or request bodies; requests are logged by route pattern, not by address.
 */
export function getLogger(): Logger {
  return remember('log', createLogger);
}

function createLogger(): Logger {
  const level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'warn' : 'info');
  const development = (process.env.NODE_ENV ?? 'development') === 'development';
  return pino(
    { level, base: { pid: process.pid } },
    (development && prettyStream()) || pino.destination({ sync: true }),
  );
}

// pino-pretty is only installed with the development dependencies; production logs stay JSON.
function prettyStream(): DestinationStream | null {
  try {
    const pretty = createRequire(import.meta.url)('pino-pretty') as (options: object) => DestinationStream;
    return pretty({
      colorize: process.stdout.isTTY,
      sync: true,
      ignore: 'pid,hostname',
      translateTime: 'HH:MM:ss',
    });
  } catch {
    return null;
  }
}
