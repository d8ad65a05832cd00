import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { keepRenders, unrenderedAtMost, unrenderedBodies } from './load.ts';
import type { PrerenderBatch } from './prerender-thread.ts';

// Only the start script runs this module (from source), so the thread's file is beside it.
const THREAD_FILE = new URL('./prerender-thread.ts', import.meta.url);

/**
 * At most this many threads: each loads the renderer and holds its share of the bodies, and the
 * number of cores Node.js sees may be the host's rather than the container's share of it.
 */
const MAX_THREADS = 4;

/**
 * Fewer bodies than this are left to loadContent: a thread takes ~0.5 s to start and load the
 * renderer, and the starter knowledge base's 237 bodies (~1.5 s on one core) loaded no sooner with two.
 */
export const PRERENDER_MIN_BODIES = 1000;

/**
 * Renders what loadContent would render one by one, across the machine's cores, into the render
 * store (set with useRenderStore first), so the load that follows only reads them. Rendering is ~6 ms
 * an article on one core: a first start on 10,000 articles, or the first after the renderer changed,
 * spent ~60 s on it before the first page. Returns how many it rendered. A thread that fails leaves
 * the rest of its share to loadContent, which renders whatever the store lacks, so nothing depends
 * on it; `warn` hears why.
 */
export async function prerenderContent(
  contentDir: string,
  {
    threads = Math.min(os.availableParallelism(), MAX_THREADS),
    minBodies = PRERENDER_MIN_BODIES,
    warn = (_message: string) => {},
  } = {},
): Promise<number> {
  // The usual restart finds (nearly) everything rendered: then not a file is read here.
  if (threads < 2 || unrenderedAtMost(contentDir) < minBodies) return 0;
  const bodies = [...unrenderedBodies(contentDir)];
  if (bodies.length < minBodies) return 0;
  const share = Math.ceil(bodies.length / threads);
  const parts = Array.from({ length: threads }, (_, i) => bodies.slice(i * share, (i + 1) * share));
  const done = await Promise.all(parts.filter((part) => part.length > 0).map((part) => renderInThread(part, warn)));
  return done.reduce((sum, n) => sum + n, 0);
}

function renderInThread(bodies: Array<[string, string]>, warn: (message: string) => void): Promise<number> {
  return new Promise((resolve) => {
    let kept = 0;
    const thread = new Worker(THREAD_FILE, { workerData: { bodies } });
    thread.on('message', (batch: PrerenderBatch) => {
      keepRenders(batch);
      kept += batch.length;
    });
    // Exit follows an error, after the messages sent before it: resolving there counts them all.
    thread.once('error', (error) => warn(`A rendering thread stopped (${error.message}); the load renders the rest of its share.`));
    thread.once('exit', () => resolve(kept));
  });
}
