import { remember } from '#lib/config/remember.ts';
import { embedQuery, type QueryEncoder } from '#lib/embeddings/query-encoder.ts';

/**
 * How long an answer to someone typing waits for the exact vector of what they typed: 0 takes only a
 * vector known at once (a repeated text, the page's re-ask: a cache hit in this process). A new text
 * takes the encoder ~8–30 ms, more than any budget worth waiting. Measured (10 employees at 60 wpm,
 * 30 s each, decision 012): /api/suggest p95 10.9 ms at 0, 16–18 ms at 2 ms, 17.9 ms at 5 ms; first
 * answers not final 87 %, 74 %, 72 % (a few ms catch texts the start process has cached for the
 * other worker). A timer on a busy process fires late, which is what the p95 shows.
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
   * already: vectors arrive out of order when an earlier text waited in a longer batch.
   */
  set(requestId: string, order: number, vector: Float32Array): void {
    const known = this.entries.get(requestId);
    if (known && known.order > order) return;
    this.entries.delete(requestId);
    this.entries.set(requestId, { order, vector });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
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
    typing?: { requestId: string; budgetMs?: number; recent?: RecentVectors };
  },
): Promise<ChosenVector> {
  const { encoder, typing } = options;
  if (!typing) {
    const vector = await embedQuery(text, { encoder, timeoutMs: options.timeoutMs });
    return { vector, exact: vector !== null, refining: false };
  }
  const recent = typing.recent ?? state.recent;
  const order = ++state.asked;
  const asked = embedQuery(text, { encoder, timeoutMs: TYPING_VECTOR_TIMEOUT_MS }).then((vector) => {
    if (vector) recent.set(typing.requestId, order, vector);
    return vector;
  });
  const budgetMs = typing.budgetMs ?? TYPING_BUDGET_MS;
  let timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  // A budget of 0 takes only what is known at once (a cached text answers within the same turn of
  // the event loop); setTimeout would wait at least 1 ms, more on a busy process.
  const late = new Promise<'late'>((resolve) => {
    timer = budgetMs > 0 ? setTimeout(() => resolve('late'), budgetMs) : setImmediate(() => resolve('late'));
  });
  const inTime = await Promise.race([asked, late]);
  if (budgetMs > 0) clearTimeout(timer as NodeJS.Timeout);
  else clearImmediate(timer as NodeJS.Immediate);
  // The encoder answered (a cached text, a fast encoder), or said it cannot (none, loading, down):
  // either way this answer is as final as a re-ask would be.
  if (inTime !== 'late') return { vector: inTime, exact: inTime !== null, refining: false };
  return { vector: recent.get(typing.requestId) ?? null, exact: false, refining: true };
}
