import cluster, { type Worker } from 'node:cluster';
import { DIMENSIONS, encoderInput } from './model.ts';
import { QueryCache } from './query-cache.ts';
import {
  EncoderUnavailableError,
  QUERY_TIMEOUT_MS,
  type EncoderStatus,
  type QueryEncoder,
} from './query-encoder.ts';

/**
 * One encoder for all web workers: the start process owns the thread (about 150–250 MB of model and
 * tfjs memory, once), and web workers ask it over the cluster's IPC channel. The round trip adds
 * ~1.5 ms to ~10–30 ms of encoding; see docs/decisions/012-sentence-encoder.md.
 */

type Request =
  | { type: 'encoder:embed'; id: number; texts: string[]; timeoutMs: number }
  /** A worker asking for the status once it listens (the one sent when it came online may have arrived first). */
  | { type: 'encoder:status?' };
type Reply =
  | { type: 'encoder:vectors'; id: number; vectors: string[] }
  | { type: 'encoder:failed'; id: number; reason: EncoderUnavailableError['reason'] }
  | { type: 'encoder:status'; status: EncoderStatus };

// Vectors travel as base64 of their float32 bytes: the channel speaks JSON, and 2,732 characters
// beat a 512-number array written out in decimal (~10 KB).
const toText = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
function fromText(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  const vector = new Float32Array(DIMENSIONS);
  new Uint8Array(vector.buffer).set(bytes.subarray(0, DIMENSIONS * 4));
  return vector;
}

const isRequest = (m: unknown): m is Request =>
  typeof m === 'object' &&
  m !== null &&
  ((m as Request).type === 'encoder:embed' || (m as Request).type === 'encoder:status?');

function send(worker: Worker, reply: Reply): void {
  // A worker that is going away cannot take an answer; it does not need one either.
  if (worker.isConnected()) worker.send(reply, () => {});
}

/** In the start process: answers the web workers' queries with `encoder`. Returns a function that stops it. */
export function serveEncoderToWorkers(
  encoder: QueryEncoder & {
    onStatus(listener: (status: EncoderStatus) => void): () => void;
  },
): () => void {
  const tell = (worker: Worker) => send(worker, { type: 'encoder:status', status: encoder.status });
  const onMessage = (worker: Worker, message: unknown) => {
    if (!isRequest(message)) return;
    if (message.type === 'encoder:status?') return tell(worker);
    const { id, texts, timeoutMs } = message;
    // The worker stops waiting after its own timeout; the vector is still sent when it comes later
    // (up to LATE_VECTOR_MS), so it lands in the worker's cache for the next call with the same text.
    // The worker's own timeout says how soon it needs the vector (the queue takes the soonest first).
    encoder.embedQueries(texts, { timeoutMs: Math.max(timeoutMs, LATE_VECTOR_MS), dueMs: timeoutMs }).then(
      (vectors) => send(worker, { type: 'encoder:vectors', id, vectors: vectors.map(toText) }),
      (error: Error) =>
        send(worker, {
          type: 'encoder:failed',
          id,
          reason: error instanceof EncoderUnavailableError ? error.reason : 'down',
        }),
    );
  };
  const tellAll = () => Object.values(cluster.workers ?? {}).forEach((w) => w && tell(w));
  cluster.on('message', onMessage);
  cluster.on('online', tell);
  const unsubscribe = encoder.onStatus(tellAll);
  tellAll();
  return () => {
    cluster.off('message', onMessage);
    cluster.off('online', tell);
    unsubscribe();
  };
}

type Pending = {
  resolve(vectors: Float32Array[]): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  keys: string[];
};

/** How long the start process still computes and sends a vector that a worker stopped waiting for. */
export const LATE_VECTOR_MS = 2000;
/** At most this many timed-out requests are remembered for their late vectors (oldest forgotten first). */
const MAX_LATE = 1000;

/**
 * In a web worker: the start process's encoder, with this process's own cache in front of it (a
 * repeated text needs no round trip). Until the start process has said its status, it is `loading`.
 */
export class EncoderFromPrimary implements QueryEncoder {
  private current: EncoderStatus = 'loading';
  private readonly pending = new Map<number, Pending>();
  private readonly cache = new QueryCache();
  /** Requests that timed out here, by id: their vectors still go into the cache when they come. */
  private readonly late = new Map<number, string[]>();
  private nextId = 1;

  private readonly channel: NodeJS.Process;

  constructor(channel: NodeJS.Process = process) {
    this.channel = channel;
    channel.on('message', (message: Reply) => this.received(message));
    channel.on('disconnect', () => {
      this.current = 'down';
      for (const [id, p] of this.pending) this.settle(id, p, new EncoderUnavailableError('down'));
    });
    // The status sent when this worker came online can arrive before this listener exists (a worker
    // whose imports take a while): ask again now that it listens.
    channel.send?.({ type: 'encoder:status?' } satisfies Request, () => {});
  }

  get status(): EncoderStatus {
    return this.current;
  }

  embedQueries(texts: string[], { timeoutMs = QUERY_TIMEOUT_MS } = {}): Promise<Float32Array[]> {
    if (this.current !== 'ready' || !this.channel.send)
      return Promise.reject(new EncoderUnavailableError(this.current === 'loading' ? 'loading' : 'down'));
    const keys = texts.map(encoderInput);
    const cached = keys.map((key) => this.cache.get(key));
    const missing = [...new Set(keys.filter((_, i) => !cached[i]))];
    if (missing.length === 0) return Promise.resolve(cached.map((v) => v!.slice()));
    const id = this.nextId++;
    return new Promise<Float32Array[]>((resolve, reject) => {
      // The start process times out too; this covers a start process too busy to answer at all.
      const timer = setTimeout(() => this.timedOut(id), timeoutMs);
      this.pending.set(id, { resolve, reject, timer, keys: missing });
      this.channel.send!({ type: 'encoder:embed', id, texts: missing, timeoutMs } satisfies Request);
    }).then((vectors) => {
      const byKey = new Map(missing.map((key, i) => [key, vectors[i]!]));
      for (const [key, vector] of byKey) this.cache.set(key, vector);
      return keys.map((key, i) => (byKey.get(key) ?? cached[i]!).slice());
    });
  }

  knownVector(text: string): Float32Array | undefined {
    if (this.current !== 'ready') return undefined;
    return this.cache.get(encoderInput(text))?.slice();
  }

  private timedOut(id: number): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.late.set(id, pending.keys);
    if (this.late.size > MAX_LATE) this.late.delete(this.late.keys().next().value!);
    this.settle(id, pending, new EncoderUnavailableError('timeout'));
  }

  /** A vector that came after its caller stopped waiting: kept for the next call with the same text. */
  private arrivedLate(id: number, vectors: string[]): void {
    const keys = this.late.get(id);
    this.late.delete(id);
    keys?.forEach((key, i) => vectors[i] && this.cache.set(key, fromText(vectors[i])));
  }

  private settle(id: number, pending: Pending | undefined, outcome: Error | Float32Array[]): void {
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(outcome);
  }

  private received(message: Reply): void {
    if (message?.type === 'encoder:status') this.current = message.status;
    else if (message?.type === 'encoder:vectors' && this.late.has(message.id))
      this.arrivedLate(message.id, message.vectors);
    else if (message?.type === 'encoder:vectors')
      this.settle(message.id, this.pending.get(message.id), message.vectors.map(fromText));
    else if (message?.type === 'encoder:failed') {
      this.late.delete(message.id);
      this.settle(message.id, this.pending.get(message.id), new EncoderUnavailableError(message.reason));
    }
  }
}
