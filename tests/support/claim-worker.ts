// A second agent in its own thread with its own connection, for the claim-race test.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '#lib/db/db.ts';
import { claimTicket } from '#lib/tickets/workflow.ts';

const { file, agent, ticket, flag } = workerData as {
  file: string;
  agent: { id: number };
  ticket: number;
  flag: SharedArrayBuffer;
};
const db = openDatabase(file);
Atomics.wait(new Int32Array(flag), 0, 0); // every worker starts its claim at the same moment
const result = claimTicket(db, ticket, {
  kind: 'user',
  id: agent.id,
  email: 'agent@example.com',
  displayName: 'Agent',
  roles: ['agent'],
  agentTier: 1,
});
parentPort!.postMessage(result);
db.close();
