import { remember } from '#lib/config/remember.ts';

/** `loading`: the model is being read (or read again after its thread died); `down`: it cannot answer now. */
export type EncoderStatus = 'loading' | 'ready' | 'down';

/**
 * What a serving process asks of the sentence encoder: the thread owner (encoder.ts) in the process
 * that runs it, or a client of the start process's encoder in a web worker (encoder-ipc.ts).
 */
export interface QueryEncoder {
  readonly status: EncoderStatus;
  /**
   * One unit-length vector per text, in order. Rejects with EncoderUnavailableError when the encoder
   * is not ready or does not answer within `timeoutMs`: the caller answers with lexical ranking instead.
   */
  embedQueries(
    texts: string[],
    /** `dueMs`: how soon the caller needs it, when sooner than `timeoutMs` (an encoder's queue takes the soonest first). */
    options?: { timeoutMs?: number; dueMs?: number },
  ): Promise<Float32Array[]>;
  /**
   * The vector of `text` when this process holds it already (its cache), without asking the model or
   * another process: what a caller that cannot wait at all may use at once.
   */
  knownVector?(text: string): Float32Array | undefined;
}

/**
 * How long a query waits for its vector by default. An idle encoder answers in ~15–30 ms; past this
 * it is busy or stuck, and the suggestion must not wait for it.
 */
export const QUERY_TIMEOUT_MS = 150;

export class EncoderUnavailableError extends Error {
  readonly reason: 'loading' | 'down' | 'timeout';

  constructor(reason: 'loading' | 'down' | 'timeout') {
    super(
      reason === 'timeout'
        ? 'The sentence encoder did not answer in time.'
        : reason === 'loading'
          ? 'The sentence encoder is still loading.'
          : 'The sentence encoder is not running.',
    );
    this.name = 'EncoderUnavailableError';
    this.reason = reason;
  }
}

// Set by the process that serves (scripts/start.ts, scripts/web-worker.ts) and read by the server
// bundle: one value per process, whichever copy of this module asks (see remember.ts).
const slot = remember<{ encoder: QueryEncoder | null }>('embeddings.queryEncoder', () => ({ encoder: null }));

/** Makes `encoder` the one this process's requests use (null: none, lexical ranking only). */
export function useQueryEncoder(encoder: QueryEncoder | null): void {
  slot.encoder = encoder;
}

/** This process's encoder, or null when it has none (`npm run dev`, CLIs, tests that set none). */
export function getQueryEncoder(): QueryEncoder | null {
  return slot.encoder;
}

/**
 * The vector of one query, or null when there is no encoder or it is not ready, busy past `timeoutMs`
 * or down: never throws, never waits longer than the timeout.
 */
export async function embedQuery(
  text: string,
  options: { timeoutMs?: number; encoder?: QueryEncoder | null } = {},
): Promise<Float32Array | null> {
  const encoder = options.encoder === undefined ? getQueryEncoder() : options.encoder;
  if (!encoder || encoder.status !== 'ready' || !text.trim()) return null;
  try {
    const [vector] = await encoder.embedQueries([text], { timeoutMs: options.timeoutMs });
    return vector ?? null;
  } catch {
    return null;
  }
}
