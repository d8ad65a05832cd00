import os from 'node:os';
import type { Article } from '#lib/content/load.ts';
import type { Db } from '#lib/db/db.ts';
import type { ArticleVectorTexts } from './article-text.ts';
import { Encoder } from './encoder.ts';
import { serveEncoderToWorkers } from './encoder-ipc.ts';
import { useQueryEncoder } from './query-encoder.ts';
import { startVectorSync, type BulkEncoder, type VectorSync } from './vector-sync.ts';
import { countVectors, syncVectorCatalogue } from './vectors.ts';

/** Pending articles from which the start process computes vectors on two encoder threads. */
const BULK_MIN_PENDING = 500;

export type EncoderService = {
  encoder: Encoder;
  /** Starts the background job that computes missing article vectors (once; later calls do nothing). */
  computeVectors(): VectorSync;
  stop(): Promise<void>;
};

/**
 * Everything the sentence encoder needs in the process that owns it (the start process): the
 * catalogue brought up to the loaded articles, the encoder's thread (loading in the background; this
 * returns at once), this process's queries and, with `serveWorkers`, the web workers' ones sent to it.
 * The job that computes missing article vectors starts with `computeVectors()`: the start script calls
 * it once the portal serves, so a first start's minutes of encoding never compete with the start itself.
 */
export function startEncoderService(
  db: Db,
  articles: () => Article[],
  {
    serveWorkers,
    textsOf,
    log,
    warn = log,
  }: {
    serveWorkers: boolean;
    /** What the encoder reads of an article (the search layer's, so that every process hashes alike). */
    textsOf: ArticleVectorTexts;
    log: (message: string) => void;
    warn?: (message: string) => void;
  },
): EncoderService {
  syncVectorCatalogue(db, articles(), textsOf);
  const { ready, total } = countVectors(db);
  log(
    `Article vectors: ${ready} of ${total} ready${ready < total ? '; the rest are computed in the background' : ''}.`,
  );
  const encoder = new Encoder({ log: warn });
  encoder.onStatus((status) => {
    if (status === 'ready') log(`Sentence encoder ready (model loaded in ${encoder.loadMs} ms).`);
  });
  useQueryEncoder(encoder);
  const stopServing = serveWorkers ? serveEncoderToWorkers(encoder) : () => {};
  // From 500 articles (~35 s on one core) the backlog is worth a second model: ~250 MB more while it
  // runs. On 10,000 articles, first start to every vector 716 → 403 s (decision 012, session 26).
  const bulk: BulkEncoder | undefined =
    os.availableParallelism() > 1
      ? { minPending: BULK_MIN_PENDING, start: () => new Encoder({ log: warn }) }
      : undefined;
  let vectors: VectorSync | null = null;
  return {
    encoder,
    computeVectors: () => (vectors ??= startVectorSync(db, encoder, articles, { log, warn, textsOf, bulk })),
    stop: async () => {
      vectors?.stop();
      stopServing();
      useQueryEncoder(null);
      await encoder.close();
    },
  };
}
