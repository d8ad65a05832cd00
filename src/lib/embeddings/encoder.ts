import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ThreadAnswer, ThreadJob } from './encoder-thread.ts';
import { DIMENSIONS, encoderInput } from './model.ts';
import { QueryCache } from './query-cache.ts';
import {
  EncoderUnavailableError,
  QUERY_TIMEOUT_MS,
  type EncoderStatus,
  type QueryEncoder,
} from './query-encoder.ts';

// Beside this file when run from source (the start script, CLIs, tests); the server bundle never
// starts an encoder (it asks the process's one through query-encoder.ts), but a project-relative
// path keeps a bundled copy working too, as db.ts does for its migrations.
const besideSource = fileURLToPath(new URL('./encoder-thread.ts', import.meta.url));
const THREAD_FILE = fs.existsSync(besideSource)
  ? besideSource
  : path.resolve('src/lib/embeddings/encoder-thread.ts');

export type EncoderOptions = {
  /** Most query texts sent to the model at once (concurrent calls are merged up to this). */
  maxBatch?: number;
  /**
   * Most characters in one batch (a single longer text still goes alone). The model's time grows with
   * the text: this keeps one job near 50–100 ms, so what waits behind it does not wait longer.
   */
  maxBatchChars?: number;
  queryTimeoutMs?: number;
  /** A job running longer than this means a stuck thread: it is terminated and started again. */
  stallMs?: number;
  cacheSize?: number;
  log?: (message: string) => void;
};

type Waiter = { deliver(key: string, vector: Float32Array): void; fail(error: Error): void };
type Job =
  | { kind: 'query'; keys: string[] }
  | { kind: 'article'; texts: string[]; resolve(v: Float32Array[]): void; reject(e: Error): void }
  | { kind: 'hold'; ms: number; resolve(v: Float32Array[]): void; reject(e: Error): void };
type Sent = { id: number; job: Job; watchdog: NodeJS.Timeout };

/**
 * The sentence encoder on its own worker thread, so no request thread ever runs the model. Queries go
 * before article jobs; queries that arrive while the thread is busy are sent together as one batch
 * (about 4× cheaper each than one at a time), those whose callers stop waiting soonest first; repeated
 * texts come from a cache. A thread that dies or hangs is replaced, with a growing pause if it keeps
 * failing; meanwhile callers are told at once.
 */
export class Encoder implements QueryEncoder {
  private worker: Worker | null = null;
  private current: EncoderStatus = 'down';
  private readonly listeners = new Set<(status: EncoderStatus) => void>();
  private readonly cache: QueryCache;
  /** Query texts asked for and not answered yet (queued or sent), with who waits for each. */
  private readonly waiting = new Map<string, Set<Waiter>>();
  /**
   * The subset of `waiting` not sent to the thread yet, with when the most pressed of its callers
   * stops waiting (ms, performance.now()): the batch takes the soonest first.
   */
  private readonly queued = new Map<string, number>();
  private readonly otherJobs: Job[] = [];
  private sent: Sent | null = null;
  private nextId = 1;
  private failures = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly options: Required<Omit<EncoderOptions, 'log'>> & Pick<EncoderOptions, 'log'>;
  /** Milliseconds the model took to load (and warm up) in the current thread. */
  loadMs: number | null = null;
  restarts = 0;
  /** Jobs sent to the thread so far (a batch of queries is one). */
  jobsSent = 0;

  constructor(options: EncoderOptions = {}) {
    this.options = {
      maxBatch: 16,
      maxBatchChars: 2000,
      queryTimeoutMs: QUERY_TIMEOUT_MS,
      stallMs: 30_000,
      cacheSize: 2000,
      ...options,
    };
    this.cache = new QueryCache(this.options.cacheSize);
    this.spawn();
  }

  get status(): EncoderStatus {
    return this.current;
  }

  /** Calls `listener` on every change of status; returns a function that stops it. */
  onStatus(listener: (status: EncoderStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once the encoder is ready, or rejects after `timeoutMs` or when it is closed. */
  whenReady(timeoutMs = 60_000): Promise<void> {
    if (this.current === 'ready') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (error?: Error) => {
        stop();
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => done(new EncoderUnavailableError('timeout')), timeoutMs);
      const stop = this.onStatus((status) => {
        if (status === 'ready') done();
        else if (this.closed) done(new EncoderUnavailableError('down'));
      });
    });
  }

  embedQueries(
    texts: string[],
    {
      timeoutMs = this.options.queryTimeoutMs,
      dueMs = timeoutMs,
    }: {
      timeoutMs?: number;
      /**
       * How soon the caller needs the vector, when sooner than it keeps waiting: a web worker's
       * request waits 150 ms, and the start process keeps asking for it longer on its behalf.
       */
      dueMs?: number;
    } = {},
  ): Promise<Float32Array[]> {
    if (this.current !== 'ready')
      return Promise.reject(new EncoderUnavailableError(this.current === 'loading' ? 'loading' : 'down'));
    const keys = texts.map(encoderInput);
    const out = keys.map((key) => (key === '' ? new Float32Array(DIMENSIONS) : this.cache.get(key)?.slice()));
    const missing = [...new Set(keys.filter((_, i) => !out[i]))];
    if (missing.length === 0) return Promise.resolve(out as Float32Array[]);
    return new Promise((resolve, reject) => {
      let left = missing.length;
      let settled = false;
      const waiter: Waiter = {
        deliver: (key, vector) => {
          keys.forEach((k, i) => k === key && (out[i] = vector.slice()));
          if (--left > 0 || settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(out as Float32Array[]);
        },
        fail: (error) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          this.forget(waiter, missing);
          reject(error);
        },
      };
      const timer = setTimeout(() => waiter.fail(new EncoderUnavailableError('timeout')), timeoutMs);
      const due = performance.now() + dueMs;
      for (const key of missing) {
        let set = this.waiting.get(key);
        if (!set) {
          this.waiting.set(key, (set = new Set()));
          this.queued.set(key, due);
        } else {
          // Asked for already: still queued (the more pressed caller sets when), or sent (on its way).
          const queuedDue = this.queued.get(key);
          if (queuedDue !== undefined && due < queuedDue) this.queued.set(key, due);
        }
        set.add(waiter);
      }
      this.pump();
    });
  }

  knownVector(text: string): Float32Array | undefined {
    if (this.current !== 'ready') return undefined;
    return this.cache.get(encoderInput(text))?.slice();
  }

  /**
   * Vectors of article texts, computed after every waiting query. No short timeout: a background job
   * waits for them. Rejects when the thread dies (ask again once ready) and while the encoder is down.
   */
  embedArticles(texts: string[]): Promise<Float32Array[]> {
    if (this.current === 'down') return Promise.reject(new EncoderUnavailableError('down'));
    return new Promise((resolve, reject) => {
      this.otherJobs.push({ kind: 'article', texts: texts.map(encoderInput), resolve, reject });
      this.pump();
    });
  }

  /** For tests: the thread does nothing for `ms`, as a stuck model would; queries meanwhile wait. */
  holdForTesting(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.otherJobs.unshift({ kind: 'hold', ms, resolve: () => resolve(), reject });
      this.pump();
    });
  }

  /** Stops the thread for good; everything waiting is rejected. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.restartTimer);
    const worker = this.worker;
    this.worker = null;
    this.failAll(new EncoderUnavailableError('down'));
    this.setStatus('down');
    await worker?.terminate();
  }

  private setStatus(status: EncoderStatus): void {
    if (status === this.current) return;
    this.current = status;
    for (const listener of [...this.listeners]) listener(status);
  }

  private spawn(): void {
    const worker = new Worker(THREAD_FILE);
    this.worker = worker;
    this.setStatus('loading');
    worker.on('message', (answer: ThreadAnswer) => this.answered(answer));
    worker.on('error', (error) => this.options.log?.(`The sentence encoder failed: ${error.message}`));
    worker.once('exit', () => this.exited(worker));
  }

  private exited(worker: Worker): void {
    if (worker !== this.worker) return; // closed, or an old thread replaced already
    this.worker = null;
    if (this.sent) clearTimeout(this.sent.watchdog);
    this.failAll(new EncoderUnavailableError('down'));
    this.setStatus('down');
    if (this.closed) return;
    // Restarted at once the first time; a thread that keeps dying waits 1 s, doubling up to a minute.
    const wait = this.failures === 0 ? 0 : Math.min(60_000, 1000 * 2 ** (this.failures - 1));
    this.failures++;
    this.restarts++;
    this.options.log?.(
      `The sentence encoder stopped; starting it again${wait ? ` in ${wait / 1000} s` : ''}. Suggestions use lexical ranking meanwhile.`,
    );
    this.restartTimer = setTimeout(() => this.closed || this.spawn(), wait);
    this.restartTimer.unref();
  }

  private answered(answer: ThreadAnswer): void {
    if (answer.type === 'ready') {
      this.loadMs = answer.loadMs;
      this.failures = 0;
      this.setStatus('ready');
      this.pump();
      return;
    }
    const sent = this.sent;
    if (!sent || sent.id !== answer.id) return;
    clearTimeout(sent.watchdog);
    this.sent = null;
    if (answer.type === 'done') this.finish(sent.job, answer.vectors);
    else this.fail(sent.job, new Error(`The sentence encoder could not read the text: ${answer.message}`));
    this.pump();
  }

  private finish(job: Job, vectors: Float32Array): void {
    const at = (i: number) => vectors.slice(i * DIMENSIONS, (i + 1) * DIMENSIONS);
    if (job.kind === 'query') {
      job.keys.forEach((key, i) => {
        const vector = at(i);
        this.cache.set(key, vector);
        const waiters = this.waiting.get(key);
        this.waiting.delete(key);
        for (const waiter of waiters ?? []) waiter.deliver(key, vector);
      });
    } else if (job.kind === 'article') job.resolve(job.texts.map((_, i) => at(i)));
    else job.resolve([]);
  }

  private fail(job: Job, error: Error): void {
    if (job.kind !== 'query') return job.reject(error);
    for (const key of job.keys) {
      const waiters = this.waiting.get(key);
      this.waiting.delete(key);
      for (const waiter of waiters ?? []) waiter.fail(error);
    }
  }

  private failAll(error: Error): void {
    if (this.sent) this.fail(this.sent.job, error);
    this.sent = null;
    for (const job of this.otherJobs.splice(0)) this.fail(job, error);
    this.fail({ kind: 'query', keys: [...this.queued.keys()] }, error);
    this.queued.clear();
  }

  /**
   * A caller gave up. Its texts are still computed and cached while the queue is short (the same text
   * usually comes again: a page asks again once it is there, and typing repeats texts); when the
   * encoder is behind by more than a batch, texts that nobody waits for any more are dropped.
   */
  private forget(waiter: Waiter, keys: string[]): void {
    for (const key of keys) {
      const set = this.waiting.get(key);
      set?.delete(waiter);
      if (set?.size === 0 && this.queued.has(key) && this.queued.size > this.options.maxBatch) {
        this.queued.delete(key);
        this.waiting.delete(key);
      }
    }
  }

  /**
   * The queued texts whose callers stop waiting soonest (a page that waits 150 ms before texts asked
   * for someone still typing, who waits for nothing), as many as fit in one batch (at least one),
   * taken off the queue. Equal ones in the order they came.
   */
  private nextBatch(): string[] {
    const keys: string[] = [];
    let chars = 0;
    const soonestFirst = [...this.queued].sort((a, b) => a[1] - b[1]).map(([key]) => key);
    for (const key of soonestFirst) {
      if (keys.length === this.options.maxBatch) break;
      if (keys.length > 0 && chars + key.length > this.options.maxBatchChars) break;
      keys.push(key);
      chars += key.length;
    }
    for (const key of keys) this.queued.delete(key);
    return keys;
  }

  /** Sends the next job when the thread is free: a hold first, then queries, then articles. */
  private pump(): void {
    if (!this.worker || this.sent || this.current !== 'ready') return;
    let job: Job | undefined;
    if (this.otherJobs[0]?.kind === 'hold') job = this.otherJobs.shift();
    else if (this.queued.size > 0) job = { kind: 'query', keys: this.nextBatch() };
    else job = this.otherJobs.shift();
    if (!job) return;
    const id = this.nextId++;
    const worker = this.worker;
    const watchdog = setTimeout(() => {
      this.options.log?.(
        `The sentence encoder has not answered for ${this.options.stallMs / 1000} s; replacing it.`,
      );
      void worker.terminate();
    }, this.options.stallMs);
    watchdog.unref();
    this.sent = { id, job, watchdog };
    this.jobsSent++;
    const message: ThreadJob =
      job.kind === 'hold'
        ? { type: 'hold', id, ms: job.ms }
        : { type: 'embed', id, texts: job.kind === 'query' ? job.keys : job.texts };
    worker.postMessage(message);
  }
}
