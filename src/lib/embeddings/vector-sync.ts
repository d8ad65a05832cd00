import type { Article } from '#lib/content/load.ts';
import type { Db } from '#lib/db/db.ts';
import {
  combineArticleVectors,
  embeddingTextsHash,
  unitLength,
  type ArticleVectorTexts,
} from './article-text.ts';
import type { Encoder } from './encoder.ts';
import { EncoderUnavailableError } from './query-encoder.ts';
import { countVectors, onVectorCatalogueChange, pendingVectors, storeVectors } from './vectors.ts';

export type VectorSync = {
  /** Looks for articles without a current vector now (called on every catalogue change anyway). */
  wake(): void;
  /** Resolves when no run is going on: everything computable has a vector. */
  idle(): Promise<void>;
  stop(): void;
};

type Work = { slug: string; textHash: string; texts: string[] };

/** Articles stored at once: one commit per ~16 vectors rather than per vector; the index reads them together. */
const CHUNK = 16;
/** Phrasings encoded in one job (~20–30 ms each): a query waits behind at most ~100 ms of them. */
const PHRASINGS_PER_JOB = 4;

type ArticleEncoder = Pick<Encoder, 'status' | 'embedArticles' | 'whenReady'>;

/**
 * A second encoder thread for a large backlog (a first start on thousands of articles): the shared
 * encoder runs one model on one core, so on a machine with another core a run with at least
 * `minPending` articles to compute starts one more for articles alone, and closes it when done.
 */
export type BulkEncoder = {
  minPending: number;
  start(): ArticleEncoder & Pick<Encoder, 'close'>;
};

/** How long a run waits for the second thread's model before going on with the shared encoder alone. */
const BULK_LOAD_MS = 60_000;

/**
 * Computes article vectors in the background, in the process that owns the encoder: at start, after
 * every catalogue change (a save, a reload) and every `everyMs` as a safety net. Articles whose loaded
 * text is not the catalogue's yet (another process saved it, this one reloads in a moment) are left
 * for the next run.
 */
export function startVectorSync(
  db: Db,
  encoder: ArticleEncoder,
  articles: () => Article[],
  {
    log = () => {},
    warn = log,
    everyMs = 30_000,
    textsOf,
    bulk,
  }: {
    log?: (message: string) => void;
    warn?: (message: string) => void;
    everyMs?: number;
    /** What the encoder reads of an article: the catalogue's hashes must come from the same function. */
    textsOf: ArticleVectorTexts;
    bulk?: BulkEncoder;
  },
): VectorSync {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const run = async () => {
    do {
      again = false;
      try {
        await computePending(db, encoder, articles, {
          log,
          warn,
          textsOf,
          bulk,
          stopped: () => stopped,
        });
      } catch (error) {
        // The encoder went away, or the disk refused the write: the next wake (at most everyMs) retries.
        warn(`Article vectors paused: ${(error as Error).message}`);
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

/** How often a long run (a first start on a large knowledge base) says how far it is. */
const PROGRESS_EVERY_MS = 60_000;

/**
 * One run: every computable pending article, one per encoder job (a query waits behind at most one
 * article, ~50 ms), stored CHUNK at a time. Asks again when done: articles may have changed meanwhile.
 * With a large backlog a second encoder thread takes every other chunk (`BulkEncoder`).
 */
async function computePending(
  db: Db,
  encoder: ArticleEncoder,
  articles: () => Article[],
  {
    log,
    warn,
    textsOf,
    bulk,
    stopped,
  }: {
    log: (m: string) => void;
    warn: (m: string) => void;
    textsOf: ArticleVectorTexts;
    bulk: BulkEncoder | undefined;
    stopped: () => boolean;
  },
): Promise<void> {
  const started = performance.now();
  let said = started;
  let computed = 0;
  const skipped = new Set<string>();
  let helper: ReturnType<BulkEncoder['start']> | null = null;
  let helperFailed = false;
  try {
    for (
      let work = computable(db, articles(), skipped, textsOf);
      work.length > 0 && !stopped();
      work = computable(db, articles(), skipped, textsOf)
    ) {
      if (!helper && !helperFailed && bulk && work.length >= bulk.minPending) {
        helper = bulk.start();
        log(`Article vectors: ${work.length} to compute; a second encoder thread helps until they are done.`);
      }
      let next = 0;
      // Once the shared encoder fails the run ends: the second thread finishes its chunk and stops too.
      let halted = false;
      const nextChunk = () => {
        if (halted || stopped() || next >= work.length) return null;
        next += CHUNK;
        return work.slice(next - CHUNK, next);
      };
      // A lane takes its chunk before its encoder is ready: the second thread's first chunk waits for
      // its model (~0.4 s) while the shared encoder goes on with the next ones.
      const lane = async (laneEncoder: ArticleEncoder, loadMs: number) => {
        for (let chunk = nextChunk(); chunk; chunk = nextChunk()) {
          await laneEncoder.whenReady(loadMs);
          // Awaited apart: `computed += storeVectors(db, await …)` reads `computed` before the other lane adds.
          const done = await encodeChunk(laneEncoder, chunk, skipped, warn);
          computed += storeVectors(db, done);
          if (performance.now() - said > PROGRESS_EVERY_MS) {
            said = performance.now();
            const { ready, total } = countVectors(db);
            log(`Article vectors: ${ready} of ${total} ready; computing the rest.`);
          }
        }
      };
      const shared = lane(encoder, 10 * 60_000).catch((error: unknown) => {
        halted = true;
        throw error;
      });
      const second = helper;
      const helping = second
        ? lane(second, BULK_LOAD_MS).catch((error: unknown) => {
            // A chunk it did not finish is still pending: the next pass gives it to the shared encoder.
            if (halted || stopped()) return;
            warn(
              `Article vectors: the second encoder thread stopped (${(error as Error).message}); going on with one.`,
            );
            helper = null;
            helperFailed = true;
            void second.close();
          })
        : null;
      const [outcome] = await Promise.allSettled([shared, helping]);
      if (outcome.status === 'rejected') throw outcome.reason;
    }
  } finally {
    await helper?.close();
  }
  if (computed === 0) return;
  const { ready, total } = countVectors(db);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log(`Article vectors: ${computed} computed in ${seconds} s; ${ready} of ${total} ready.`);
}

/** Each article's own text alone (~50 ms a job), then its phrasings a few at a time. */
async function encodeChunk(
  encoder: ArticleEncoder,
  chunk: Work[],
  skipped: Set<string>,
  warn: (m: string) => void,
): Promise<Array<Work & { vector: Float32Array; asked: Float32Array[] }>> {
  const done: Array<Work & { vector: Float32Array; asked: Float32Array[] }> = [];
  for (const item of chunk) {
    try {
      const vectors = await encoder.embedArticles(item.texts.slice(0, 1));
      for (let at = 1; at < item.texts.length; at += PHRASINGS_PER_JOB)
        vectors.push(...(await encoder.embedArticles(item.texts.slice(at, at + PHRASINGS_PER_JOB))));
      done.push({ ...item, vector: combineArticleVectors(vectors), asked: vectors.slice(1).map(unitLength) });
    } catch (error) {
      if (error instanceof EncoderUnavailableError) throw error;
      // The model refused this text: the others must not wait behind it forever.
      skipped.add(item.slug);
      warn(`Article vectors: ${item.slug} could not be encoded (${(error as Error).message}).`);
    }
  }
  return done;
}

/**
 * Pending articles whose loaded text is the one the catalogue expects, in the catalogue's order
 * (articles without any vector first). Those seen as not computable in this run are not asked again.
 */
function computable(db: Db, loaded: Article[], skipped: Set<string>, textsOf: ArticleVectorTexts): Work[] {
  const bySlug = new Map(loaded.map((a) => [a.slug, a]));
  return pendingVectors(db, Number.MAX_SAFE_INTEGER).flatMap(({ slug, textHash }) => {
    if (skipped.has(slug)) return [];
    const article = bySlug.get(slug);
    const texts = article && textsOf(article);
    if (!texts || !texts[0] || embeddingTextsHash(texts) !== textHash) {
      skipped.add(slug);
      return [];
    }
    return [{ slug, textHash, texts }];
  });
}
