// Ticket intake: POST /api/tickets at 20 concurrent for 10 s, then every 201 looked up in the database.
// `npm run bench` measures it as one of its rows; alone (a minute, not the whole bench's twenty):
//   node_modules/.bin/node scripts/bench/intake.ts [--runs 3] [--seconds 10] [--connections 20]
// starts the portal as `npm start` does on a fresh DATA_DIR and prints one row per run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createSession, generateSessionToken } from '#lib/auth/sessions.ts';
import { createUser } from '#lib/auth/users.ts';
import { closeDatabases, getDatabase, type Db } from '#lib/db/db.ts';

export type IntakeResult = { throughput: number; filed: number; missing: number; non2xx: number };

/** Files tickets as fast as `connections` clients can for `seconds`; counts the 201s the database lacks. */
export async function measureTicketIntake(options: {
  base: string;
  cookie: string;
  db: Db;
  connections?: number;
  seconds?: number;
}): Promise<IntakeResult> {
  const filed: number[] = [];
  const keyPrefix = `bench-${process.pid}-${Date.now()}-`;
  let k = 0;
  const result = await autocannon({
    url: options.base,
    connections: options.connections ?? 20,
    duration: options.seconds ?? 10,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({
          ...req,
          path: '/api/tickets',
          headers: {
            ...req.headers,
            cookie: options.cookie,
            'content-type': 'application/json',
            'idempotency-key': `${keyPrefix}${k++}`,
          },
          body: JSON.stringify({
            subject: `Bench ticket ${k}`,
            description: 'Filed by the intake benchmark.',
            impact: 'one',
            urgency: 'low',
          }),
        }),
        onResponse: (status, body) => {
          if (status === 201) filed.push((JSON.parse(body) as { id: number }).id);
        },
      },
    ],
  });
  const stored = new Set(
    options.db
      .prepare('SELECT id FROM tickets WHERE idempotency_key LIKE ?')
      .pluck()
      .all(`${keyPrefix}%`) as number[],
  );
  return {
    throughput: result.requests.average,
    filed: filed.length,
    missing: filed.filter((id) => !stored.has(id)).length,
    non2xx: result.non2xx,
  };
}

/** The portal on a fresh DATA_DIR (a copy of the knowledge base beside it), ready to take tickets. */
async function startPortal(port: number) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fixpoint-bench-intake-'));
  const dataDir = path.join(root, 'data');
  const contentDir = path.join(root, 'content');
  fs.cpSync(path.resolve('content'), contentDir, { recursive: true });
  const app = spawn(process.execPath, ['scripts/start.ts'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, CONTENT_DIR: contentDir, NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Kept for a failed start; under load the log also has the requests autocannon cuts off at the end.
  let output = '';
  app.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  app.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  process.once('exit', () => app.kill('SIGTERM'));
  for (const started = Date.now(); !output.includes('Fixpoint is ready');) {
    if (app.exitCode !== null) throw new Error(`the portal stopped (${app.exitCode}):\n${output}`);
    if (Date.now() - started > 180_000) throw new Error(`the portal did not start in 180 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const db = getDatabase(path.join(dataDir, 'fixpoint.db'));
  const user = await createUser(db, {
    email: 'intake@example.com',
    displayName: 'Intake',
    roles: ['employee'],
    password: 'seven copper kettles hum',
  });
  const token = generateSessionToken();
  createSession(db, token, user.id);
  const stop = async () => {
    const exited = new Promise((r) => app.once('exit', r));
    app.kill('SIGTERM');
    await exited;
    closeDatabases();
    fs.rmSync(root, { recursive: true, force: true });
  };
  return { base: `http://localhost:${port}`, cookie: `fixpoint_session=${token}`, db, stop };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '1' },
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '20' },
    },
  });
  const portal = await startPortal(4390);
  const connections = Number(values.connections);
  // A short warm-up, so the first run does not measure the JIT compiling the route.
  await measureTicketIntake({ ...portal, connections, seconds: 3 });
  console.log(`\n| run | POST /api/tickets, ${connections} concurrent | answered 201 | missing | non-2xx |`);
  console.log('| --- | --- | --- | --- | --- |');
  for (let run = 1; run <= Number(values.runs); run++) {
    const r = await measureTicketIntake({ ...portal, connections, seconds: Number(values.seconds) });
    console.log(`| ${run} | ${r.throughput.toFixed(0)} req/s | ${r.filed} | ${r.missing} | ${r.non2xx} |`);
  }
  await portal.stop();
}
