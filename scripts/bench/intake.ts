// Ticket intake: POST /api/tickets at 20 concurrent for 10 s, then every 201 looked up in the database.
// `npm run bench` measures it as one of its rows; alone (a minute, not the whole bench's twenty):
//   node_modules/.bin/node scripts/bench/intake.ts [--runs 3] [--seconds 10] [--connections 20]
// starts the portal as `npm start` does on a fresh DATA_DIR and prints one row per run.
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import type { Db } from '#lib/db/db.ts';
import { startPortal } from './portal.ts';

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
