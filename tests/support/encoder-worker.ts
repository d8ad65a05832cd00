// A web worker in miniature, for src/lib/embeddings/encoder-ipc.test.ts: forked with node:cluster,
// it asks the test process's encoder through EncoderFromPrimary, as scripts/web-worker.ts does.
import { EncoderFromPrimary } from '#lib/embeddings/encoder-ipc.ts';
import type { EncoderUnavailableError } from '#lib/embeddings/query-encoder.ts';

type Ask =
  | { type: 'test:embed'; id: number; texts: string[]; timeoutMs: number }
  | { type: 'test:status'; id: number }
  | { type: 'test:known'; id: number; text: string };

// A worker whose imports take a while: it listens only after the status sent when it came online.
if (process.env.ENCODER_WORKER_LATE_MS)
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.ENCODER_WORKER_LATE_MS)));
const encoder = new EncoderFromPrimary();
process.on('message', (message: Ask) => {
  if (message?.type === 'test:status') process.send!({ id: message.id, status: encoder.status });
  if (message?.type === 'test:known') {
    const vector = encoder.knownVector(message.text);
    process.send!({ id: message.id, vectors: vector ? [[...vector]] : [] });
  }
  if (message?.type !== 'test:embed') return;
  encoder.embedQueries(message.texts, { timeoutMs: message.timeoutMs }).then(
    (vectors) => process.send!({ id: message.id, vectors: vectors.map((v) => [...v]) }),
    (error: EncoderUnavailableError) => process.send!({ id: message.id, error: error.reason }),
  );
});
