import { remember } from '#lib/config/remember.ts';
import { embedQuery, getQueryEncoder, type QueryEncoder } from '#lib/embeddings/query-encoder.ts';

/**
 * How long an answer to someone typing waits for the exact vector of what they typed. 0: no wait at
 * all, only a vector this process holds already (a repeated text, the page's re-ask). A new text
 * takes the encoder ~8–30 ms, more than any budget worth waiting. Measured (10 employees at 60 wpm,
 * 30 s runs, decision 012): /api/suggest p95 8.3–8.6 ms with 0 (Meilisearch direct 5.6–6.6 ms),
 * 10.9 ms racing a setImmediate, 16–18 ms racing 2 ms, 17.9 ms racing 5 ms; a few ms catch more
 * first answers final (26–28 % against 13 %: texts the start process had cached for the other
 * worker) but a timer on a busy process fires late, and that is what the p95 shows.
 */
export const TYPING_BUDGET_MS = 0;

/**
 * How long a typed text's vector is still asked for after the answer stopped waiting: it lands in the
 * caches (this process's and, for a web worker, the start process's) for the page's re-ask ~150 ms
 * later and as the request's latest vector. Past this the encoder is far behind and drops it.
 */
export const TYPING_VECTOR_TIMEOUT_MS = 2000;

/**
 * The vector of each help request's most recently typed text that was encoded, least recently used
 * dropped first. A sentence's meaning barely moves in a few characters: the previous text's vector
 * ranks the next call while its own is computed. 2 KB a vector: 1,000 requests are 2 MB a process.
 */
export class RecentVectors {
  private readonly entries = new Map<string, { order: number; vector: Float32Array }>();
  private readonly capacity: number;

  constructor(capacity = 1000) {
    this.capacity = capacity;
  }

  /** The latest vector of the request, or undefined when none of its texts has been encoded yet. */
  get(requestId: string): Float32Array | undefined {
    const entry = this.entries.get(requestId);
    if (!entry) return undefined;
    this.entries.delete(requestId);
    this.entries.set(requestId, entry);
    return entry.vector;
  }

  /**
   * Keeps `vector` as the request's latest unless a text asked for later (a higher `order`) is kept
   * already: vectors arrive out of order when an earlier text waited in a longer batch. Says whether
   * it was kept.
   */
  set(requestId: string, order: number, vector: Float32Array): boolean {
    const known = this.entries.get(requestId);
    if (known && known.order > order) return false;
    this.entries.delete(requestId);
    this.entries.set(requestId, { order, vector });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return true;
  }

  get size(): number {
    return this.entries.size;
  }
}

const state = remember('search.typingVectors', () => ({ recent: new RecentVectors(), asked: 0 }));

/**
 * The query vector to rank with. `exact`: the text's own; `refining`: not the text's own yet (an earlier
 * text's, or none), but it will be cached shortly, so asking again gives the exact answer.
 */
export type ChosenVector = { vector: Float32Array | null; exact: boolean; refining: boolean };

/**
 * The vector for ranking `text`. Without `typing`, waits for it up to `timeoutMs` as before (null:
 * lexical). While someone types (the page sends its help request's id), waits at most `budgetMs`; the
 * vector keeps being computed in the background, and meanwhile the request's latest earlier vector
 * ranks (none yet on its first call: lexical).
 */
export async function chooseQueryVector(
  text: string,
  options: {
    encoder?: QueryEncoder | null;
    timeoutMs: number;
    typing?: {
      requestId: string;
      budgetMs?: number;
      recent?: RecentVectors;
      /**
       * Given the text's own vector when it arrives after the answer stopped waiting for it, if it is
       * still the request's latest (an earlier text's vector arriving late ranks nothing). Only a head
       * start: what it throws is ignored.
       */
      whenEncoded?: (vector: Float32Array) => void;
    };
  },
): Promise<ChosenVector> {
  const { encoder, typing } = options;
  if (!typing) {
    const vector = await embedQuery(text, { encoder, timeoutMs: options.timeoutMs });
    return { vector, exact: vector !== null, refining: false };
  }
  const model = encoder === undefined ? getQueryEncoder() : encoder;
  // No encoder, or one that cannot answer (loading, down): lexical, as final as a re-ask would be.
  if (!model || model.status !== 'ready' || !text.trim())
    return { vector: null, exact: false, refining: false };
  const recent = typing.recent ?? state.recent;
  const order = ++state.asked;
  const keep = (vector: Float32Array | null) => {
    if (vector) recent.set(typing.requestId, order, vector);
    return vector;
  };
  // A text asked for before (the page's re-ask, a backspace): this process holds its vector.
  const known = model.knownVector?.(text);
  if (known) return { vector: keep(known), exact: true, refining: false };
  // Asked for now, waited for only within the budget: it lands in the caches and as the request's latest.
  // (Measured: asking 20 ms later, once this answer is out, did not make answers faster.)
  const encoded = embedQuery(text, { encoder: model, timeoutMs: TYPING_VECTOR_TIMEOUT_MS }).then(
    (vector) => ({
      vector,
      latest: vector !== null && recent.set(typing.requestId, order, vector),
    }),
  );
  const asked = encoded.then(({ vector }) => vector);
  // The answer goes out without it: once it arrives, the caller may prepare what the next calls need.
  const whenLate = () =>
    void encoded.then(({ vector, latest }) => {
      if (!vector || !latest) return;
      try {
        typing.whenEncoded?.(vector);
      } catch {
        // A head start only: the calls that need it do the work themselves.
      }
    });
  const budgetMs = typing.budgetMs ?? TYPING_BUDGET_MS;
  if (budgetMs <= 0) {
    whenLate();
    return { vector: recent.get(typing.requestId) ?? null, exact: false, refining: true };
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), budgetMs);
  });
  const inTime = await Promise.race([asked, late]);
  clearTimeout(timer);
  // The encoder answered in time, or said it cannot (it went down meanwhile): final either way.
  if (inTime !== 'late') return { vector: inTime, exact: inTime !== null, refining: false };
  whenLate();
  return { vector: recent.get(typing.requestId) ?? null, exact: false, refining: true };
}
