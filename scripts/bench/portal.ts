// The portal as `npm start` runs it, on a fresh DATA_DIR, for the benchmarks that run alone.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSession, generateSessionToken } from '#lib/auth/sessions.ts';
import { createUser } from '#lib/auth/users.ts';
import { closeDatabases, getDatabase } from '#lib/db/db.ts';

/**
 * Starts the portal on `port` with a copy of the knowledge base (or `contentDir` as it is), waits until
 * it is ready, and signs one employee in. The per-person limits are off: the load acts as one person.
 */
export async function startPortal(
  port: number,
  options: { contentDir?: string; env?: Record<string, string> } = {},
) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fixpoint-bench-portal-'));
  const dataDir = path.join(root, 'data');
  const contentDir = options.contentDir ?? path.join(root, 'content');
  if (!options.contentDir) fs.cpSync(path.resolve('content'), contentDir, { recursive: true });
  const began = performance.now();
  const app = spawn(process.execPath, ['scripts/start.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      CONTENT_DIR: contentDir,
      NODE_ENV: 'test',
      TICKETS_PER_HOUR: '0',
      SUGGESTIONS_PER_MINUTE: '0',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Kept for a failed start; under load the log also has the requests a load tool cuts off at the end.
  let output = '';
  app.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  app.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  process.once('exit', () => app.kill('SIGTERM'));
  for (const started = Date.now(); !output.includes('Fixpoint is ready');) {
    if (app.exitCode !== null) throw new Error(`the portal stopped (${app.exitCode}):\n${output}`);
    if (Date.now() - started > 600_000) throw new Error(`the portal did not start in 600 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const readyMs = performance.now() - began;
  const db = getDatabase(path.join(dataDir, 'fixpoint.db'));
  const user = await createUser(db, {
    email: 'bench@example.com',
    displayName: 'Bench',
    roles: ['employee'],
    password: 'seven copper kettles hum',
  });
  const token = generateSessionToken();
  createSession(db, token, user.id);
  const base = `http://localhost:${port}`;
  /** Waits until /healthz says every article's vector is ready; the time since the start began (ms). */
  const vectorsReady = async (timeoutMs = 1_800_000) => {
    for (;;) {
      const health = (await (await fetch(`${base}/healthz`)).json()) as {
        vectors?: { ready: number; total: number };
      };
      if (health.vectors && health.vectors.total > 0 && health.vectors.ready >= health.vectors.total)
        return performance.now() - began;
      if (performance.now() - began > timeoutMs)
        throw new Error(`vectors not ready: ${JSON.stringify(health)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  const stop = async () => {
    const exited = new Promise((r) => app.once('exit', r));
    app.kill('SIGTERM');
    await exited;
    closeDatabases();
    fs.rmSync(root, { recursive: true, force: true });
  };
  return {
    base,
    cookie: `fixpoint_session=${token}`,
    db,
    pid: app.pid!,
    dataDir,
    readyMs,
    engineUrl: [...output.matchAll(/Meilisearch at (http:\/\/127\.0\.0\.1:\d+)/g)].at(-1)?.[1] ?? '',
    meiliKey: () => fs.readFileSync(path.join(dataDir, 'meili-master-key'), 'utf8').trim(),
    vectorsReady,
    stop,
  };
}
