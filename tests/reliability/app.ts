import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Role } from '#lib/auth/roles.ts';
import { createSession, generateSessionToken } from '#lib/auth/sessions.ts';
import { createUser } from '#lib/auth/users.ts';
import { getDatabase } from '#lib/db/db.ts';

/** The portal as `npm start` runs it, in its own DATA_DIR, for tests that break it on purpose. */
export type RunningApp = { process: ChildProcess; output: () => string; base: string };

/** Starts the portal as `npm start` does, with two web workers (the cluster, whatever the core count). */
export async function startApp(env: {
  port: number;
  dataDir: string;
  contentDir?: string;
  /** More settings, e.g. MIN_FREE_MB. */
  extraEnv?: Record<string, string>;
}): Promise<RunningApp> {
  let output = '';
  const child = spawn(process.execPath, ['scripts/start.ts'], {
    env: {
      ...process.env,
      PORT: String(env.port),
      DATA_DIR: env.dataDir,
      ...(env.contentDir ? { CONTENT_DIR: env.contentDir } : {}),
      NODE_ENV: 'test',
      WEB_WORKERS: '2',
      // The load tests act as one person filing and typing far faster than anyone could.
      TICKETS_PER_HOUR: '0',
      SUGGESTIONS_PER_MINUTE: '0',
      ...env.extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const started = Date.now();
  while (!output.includes('Fixpoint is ready')) {
    if (child.exitCode !== null) throw new Error(`the portal exited (${child.exitCode}):\n${output}`);
    if (Date.now() - started > 90_000) throw new Error(`the portal did not start in 90 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { process: child, output: () => output, base: `http://localhost:${env.port}` };
}

export async function stopApp(app: RunningApp, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (app.process.exitCode !== null || app.process.signalCode !== null) return;
  const exited = new Promise((r) => app.process.once('exit', r));
  app.process.kill(signal);
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
}

/** A person and a session cookie, written straight into the portal's database. */
export async function signedIn(
  dataDir: string,
  roles: Role[] = ['employee'],
): Promise<{ userId: number; cookie: string }> {
  const db = getDatabase(path.join(dataDir, 'fixpoint.db'));
  const user = await createUser(db, {
    email: `rel-${Math.random().toString(36).slice(2)}@fixpoint.example`,
    displayName: 'Reliability',
    roles,
    agentTier: roles.includes('agent') ? 1 : null,
    password: 'plum-orchard-velvet-42',
  });
  const token = generateSessionToken();
  createSession(db, token, user.id);
  return { userId: user.id, cookie: `fixpoint_session=${token}` };
}

/** The web workers the portal forked (WEB_WORKERS > 1), by process id. */
export function webWorkerPids(app: RunningApp): number[] {
  const children = spawnSync('pgrep', ['-P', String(app.process.pid)], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .map(Number);
  return children.filter((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('web-worker');
    } catch {
      return false;
    }
  });
}

/** Kills the start process and every web worker at the same moment, as a power cut or an OOM kill would. */
export function killPortal(app: RunningApp): number[] {
  const workers = webWorkerPids(app);
  app.process.kill('SIGKILL');
  for (const pid of workers) process.kill(pid, 'SIGKILL');
  return workers;
}

export const isAlive = (pid: number) =>
  fs.existsSync(`/proc/${pid}`) && !/^State:\s*Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));

/** A temporary root holding a DATA_DIR and a copy of the knowledge base (tests write articles). */
export function portalDirs(prefix: string): { root: string; dataDir: string; contentDir: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const contentDir = path.join(root, 'content');
  fs.cpSync(path.resolve('content'), contentDir, { recursive: true });
  return { root, dataDir: path.join(root, 'data'), contentDir };
}

/** What the portal said: the message of each JSON log line, and any other line as it is. */
export function messagesOf(output: string): string[] {
  return output
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      try {
        const entry = JSON.parse(line) as { msg?: unknown };
        return typeof entry.msg === 'string' ? entry.msg : line;
      } catch {
        return line;
      }
    });
}
