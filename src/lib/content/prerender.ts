import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { keepRenders, unrenderedBodies } from './load.ts';
import type { PrerenderBatch } from './prerender-thread.ts';

// Beside this file when run from source; a project-relative path for a bundled copy (as encoder.ts).
const besideSource = fileURLToPath(new URL('./prerender-thread.ts', import.meta.url));
const THREAD_FILE = fs.existsSync(besideSource) ? besideSource : path.resolve('src/lib/content/prerender-thread.ts');

/**
 * Fewer bodies than this are left to loadContent: a thread takes ~0.2 s to start and load the
 * renderer, ~30 articles' worth of rendering.
 */
export const PRERENDER_MIN_BODIES = 200;

/**
 * Renders what loadContent would render one by one, across the machine's cores, into the render
 * store (set with useRenderStore first), so the load that follows only reads them. Rendering is ~6 ms
 * an article on one core: a first start on 10,000 articles, or the first after the renderer changed,
 * spent ~60 s on it before the first page. Returns how many it rendered. A thread that fails leaves
 * its part to loadContent, which renders whatever the store lacks, so nothing depends on it.
 */
export async function prerenderContent(
  contentDir: string,
  { threads = os.availableParallelism(), minBodies = PRERENDER_MIN_BODIES } = {},
): Promise<number> {
  const bodies = [...unrenderedBodies(contentDir)];
  if (bodies.length < minBodies || threads < 2) return 0;
  const share = Math.ceil(bodies.length / threads);
  const parts = Array.from({ length: threads }, (_, i) => bodies.slice(i * share, (i + 1) * share));
  const done = await Promise.all(parts.filter((part) => part.length > 0).map(renderInThread));
  return done.reduce((sum, n) => sum + n, 0);
}

function renderInThread(bodies: Array<[string, string]>): Promise<number> {
  return new Promise((resolve) => {
    let kept = 0;
    const thread = new Worker(THREAD_FILE, { workerData: { bodies } });
    thread.on('message', (batch: PrerenderBatch) => {
      keepRenders(batch);
      kept += batch.length;
    });
    thread.once('error', () => resolve(kept));
    thread.once('exit', () => resolve(kept));
  });
}
