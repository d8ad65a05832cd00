// A thread of prerender.ts: renders the bodies it was given and sends them back a hundred at a time,
// so the main thread stores some while this one renders the rest.
import { parentPort, workerData } from 'node:worker_threads';
import { renderMarkdown, type RenderedMarkdown } from './render.ts';

export type PrerenderBatch = Array<{ key: string; rendered: RenderedMarkdown }>;

const port = parentPort;
if (!port) throw new Error('prerender-thread.ts runs as a worker thread of prerender.ts.');

const { bodies } = workerData as { bodies: Array<[key: string, markdown: string]> };
let batch: PrerenderBatch = [];
for (const [key, markdown] of bodies) {
  try {
    batch.push({ key, rendered: renderMarkdown(markdown) });
  } catch {
    continue; // left to loadContent, as if no thread had run
  }
  if (batch.length === 100) {
    port.postMessage(batch);
    batch = [];
  }
}
port.postMessage(batch);
