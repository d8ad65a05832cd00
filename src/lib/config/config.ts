import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** Environment variables Fixpoint reads; everything else in the code asks `getConfig()`. */
const EnvSchema = z.object({
  /** `production` turns off demo data and development conveniences. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Port of the web server. */
  PORT: z.coerce.number().int().min(1).max(65535).default(4321),
  /** Interface the web server listens on. */
  HOST: z.string().min(1).default('localhost'),
  /** Everything Fixpoint writes: the SQLite file, the managed Meilisearch data, keys. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** The knowledge base: `kb/*.md`, `faq/*.md` and `categories.json`. */
  CONTENT_DIR: z.string().min(1).default('./content'),
  /** An existing Meilisearch server. Unset: Fixpoint starts and manages its own. */
  MEILI_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** API key for MEILI_URL (a key allowed to search, add documents and change settings). */
  MEILI_API_KEY: z.string().min(1).optional(),
  /** Path of the meilisearch binary for the managed server (default: the bundled one, then PATH). */
  MEILI_BIN: z.string().min(1).optional(),
  /** Resolved tickets close on their own after this many days without an answer from the requester. */
  AUTO_CLOSE_DAYS: z.coerce.number().int().min(1).max(365).default(5),
  /** Web server processes (one per core by default, at most 8): each serves pages; background jobs run once, in the start process. */
  WEB_WORKERS: z.coerce.number().int().min(1).max(32).optional(),
  /** Below this much free space on DATA_DIR's volume (MB), /healthz reports degraded, before writes start failing. */
  MIN_FREE_MB: z.coerce.number().int().min(0).max(1_000_000).default(100),
  /** Prefix of Fixpoint's index names, so several instances can share one Meilisearch. */
  MEILI_INDEX_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/, 'use letters, digits, "-" and "_" only')
    .default('fixpoint_'),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  contentDir: string;
  /** The database file inside dataDir. */
  databasePath: string;
  meili: { url?: string; apiKey?: string; bin?: string; indexPrefix: string };
  autoCloseDays: number;
  webWorkers: number;
  /** Free space on DATA_DIR's volume below which the portal reports itself degraded, in bytes. */
  minFreeBytes: number;
};

const hints: Record<string, string> = {
  PORT: 'Set PORT to a free TCP port, e.g. PORT=4321.',
  MEILI_URL:
    'Set MEILI_URL to the address of a running Meilisearch, e.g. http://127.0.0.1:7700, or unset it to let Fixpoint start its own.',
  NODE_ENV: 'Set NODE_ENV to development, production or test.',
  MIN_FREE_MB:
    'Set MIN_FREE_MB to a number of megabytes, e.g. MIN_FREE_MB=100, or 0 to report only failed writes.',
  WEB_WORKERS:
    'Set WEB_WORKERS to the number of web server processes, e.g. WEB_WORKERS=2, or unset it for one per core.',
};

/** Raised when the environment is unusable; the message names the variable and the fix. */
export class ConfigError extends Error {}

/** Validates an environment (default: process.env) and resolves paths against the working directory. */
export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '');
      const hint = hints[name] ? ` ${hints[name]}` : '';
      return `  ${name}: ${issue.message} (got ${JSON.stringify(env[name])}).${hint}`;
    });
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.MEILI_API_KEY && !e.MEILI_URL) {
    throw new ConfigError(
      'MEILI_API_KEY is set but MEILI_URL is not. Set MEILI_URL too, or unset MEILI_API_KEY to use the managed Meilisearch.',
    );
  }
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    contentDir: path.resolve(e.CONTENT_DIR),
    databasePath: path.join(dataDir, 'fixpoint.db'),
    meili: { url: e.MEILI_URL, apiKey: e.MEILI_API_KEY, bin: e.MEILI_BIN, indexPrefix: e.MEILI_INDEX_PREFIX },
    autoCloseDays: e.AUTO_CLOSE_DAYS,
    webWorkers: e.WEB_WORKERS ?? Math.min(8, os.availableParallelism()),
    minFreeBytes: e.MIN_FREE_MB * 1024 * 1024,
  };
}

let cached: { env: string; config: Config } | undefined;

/**
 * The current configuration. Re-read when the search endpoint in process.env changes, because the
 * start script publishes the managed Meilisearch's address there before the web server loads.
 */
export function getConfig(): Config {
  const key = `${process.env.MEILI_URL}|${process.env.MEILI_API_KEY}|${process.env.DATA_DIR}|${process.env.CONTENT_DIR}`;
  if (!cached || cached.env !== key) cached = { env: key, config: parseConfig(process.env) };
  return cached.config;
}
