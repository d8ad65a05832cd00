import type { Article } from '#lib/content/load.ts';
import type { Db } from '#lib/db/db.ts';
import { articleEmbeddingText, embeddingTextHash } from './article-text.ts';
import type { Encoder } from './encoder.ts';
import { countVectors, onVectorCatalogueChange, pendingVectors, storeVectors } from './vectors.ts';

export type VectorSync = {
  /** Looks for articles without a current vector now (called on every catalogue change anyway). */
  wake(): void;
  /** Resolves when no run is going on: everything computable has a vector. */
  idle(): Promise<void>;
  stop(): void;
};

type Work = { slug: string; textHash: string; text: string };

/** Articles stored at once: one commit per ~16 vectors rather than per vector; the index reads them together. */
const CHUNK = 16;

/**
 * Computes article vectors in the background, in the process that owns the encoder: at start, after
 * every catalogue change (a save, a reload) and every `everyMs` as a safety net. One article per
 * encoder job, so a query waits for at most one article (~60 ms) before it is served. Articles whose
 * loaded text is not the catalogue's yet (another process saved it, this one reloads in a moment) are
 * left for the next run.
 */
export function startVectorSync(
  db: Db,
  encoder: Pick<Encoder, 'status' | 'embedArticles' | 'whenReady'>,
  articles: () => Article[],
  { log = () => {}, everyMs = 30_000 }: { log?: (message: string) => void; everyMs?: number } = {},
): VectorSync {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const runOnce = async () => {
    const started = performance.now();
    let computed = 0;
    const skipped = new Set<string>();
    for (;;) {
      const work = computable(db, articles(), skipped);
      if (work.length === 0 || stopped) break;
      for (let i = 0; i < work.length && !stopped; i += CHUNK) {
        await encoder.whenReady(10 * 60_000);
        const chunk = work.slice(i, i + CHUNK);
        const done: Array<Work & { vector: Float32Array }> = [];
        for (const item of chunk) {
          const [vector] = await encoder.embedArticles([item.text]);
          done.push({ ...item, vector: vector! });
        }
        computed += storeVectors(db, done);
      }
    }
    if (computed > 0) {
      const { ready, total } = countVectors(db);
      log(
        `Article vectors: ${computed} computed in ${((performance.now() - started) / 1000).toFixed(1)} s; ${ready} of ${total} ready.`,
      );
    }
  };

  const run = async () => {
    do {
      again = false;
      try {
        await runOnce();
      } catch (error) {
        // The encoder went away, or the disk refused the write: the next wake (at most everyMs) retries.
        log(`Article vectors paused: ${(error as Error).message}`);
        again = false;
      }
    } while (again && !stopped);
    running = null;
  };

  const wake = () => {
    if (stopped) return;
    if (running) again = true;
    else running = run();
  };
  const unsubscribe = onVectorCatalogueChange(wake);
  const timer = setInterval(wake, everyMs);
  timer.unref();
  wake();
  return {
    wake,
    idle: async () => {
      while (running) await running;
    },
    stop: () => {
      stopped = true;
      unsubscribe();
      clearInterval(timer);
    },
  };
}

/**
 * Pending articles whose loaded text is the one the catalogue expects, in the catalogue's order
 * (articles without any vector first). Those seen as not computable in this run are not asked again.
 */
function computable(db: Db, loaded: Article[], skipped: Set<string>): Work[] {
  const bySlug = new Map(loaded.map((a) => [a.slug, a]));
  return pendingVectors(db, Number.MAX_SAFE_INTEGER).flatMap(({ slug, textHash }) => {
    if (skipped.has(slug)) return [];
    const article = bySlug.get(slug);
    const text = article && articleEmbeddingText(article);
    if (!text || embeddingTextHash(text) !== textHash) {
      skipped.add(slug);
      return [];
    }
    return [{ slug, textHash, text }];
  });
}
