import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Encoder } from './encoder.ts';
import { DIMENSIONS } from './model.ts';
import { EncoderUnavailableError, embedQuery } from './query-encoder.ts';

// The real model on its real thread, loaded once for the file (well under a second).
let encoder: Encoder;
beforeAll(async () => {
  encoder = new Encoder();
  await encoder.whenReady();
});
afterAll(() => encoder.close());

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
const length = (v: Float32Array) => Math.sqrt(cosine(v, v));

describe('the sentence encoder', () => {
  it('gives deterministic 512-dimensional vectors of length 1, one per text in order', async () => {
    const [a, b] = await encoder.embedQueries([
      'My laptop does not connect to the Wi-Fi',
      'Printer jam on floor 3',
    ]);
    // A second encoder thread, so the cache cannot answer: the model itself is deterministic.
    const other = new Encoder();
    try {
      await other.whenReady();
      const [again] = await other.embedQueries(['My laptop does not connect to the Wi-Fi']);
      expect(a).toHaveLength(DIMENSIONS);
      expect([...again!]).toEqual([...a!]);
    } finally {
      await other.close();
    }
    expect(length(a!)).toBeCloseTo(1, 5);
    expect(length(b!)).toBeCloseTo(1, 5);
    expect(cosine(a!, b!)).toBeLessThan(0.9);
  });

  it('puts a paraphrase nearer than an unrelated sentence', async () => {
    const [asked, paraphrase, unrelated] = await encoder.embedQueries([
      'I forgot my password and cannot sign in',
      'How do I reset my password?',
      'The coffee machine in the kitchen is leaking',
    ]);
    expect(cosine(asked!, paraphrase!)).toBeGreaterThan(cosine(asked!, unrelated!) + 0.2);
  });

  it('sends queries that arrive while the thread is busy as one batch, and repeats come from the cache', async () => {
    const hold = encoder.holdForTesting(300);
    const before = encoder.jobsSent;
    const texts = [
      'vpn drops every hour',
      'outlook asks for my password',
      'teams has no sound',
      'vpn drops every hour',
    ];
    const answers = await Promise.all(texts.map((t) => encoder.embedQueries([t], { timeoutMs: 10_000 })));
    await hold;
    // The hold was sent before; the three distinct texts went in one job.
    expect(encoder.jobsSent - before).toBe(1);
    expect([...answers[0]![0]!]).toEqual([...answers[3]![0]!]);
    const cachedJobs = encoder.jobsSent;
    const [again] = await encoder.embedQueries(['teams has no sound']);
    expect(encoder.jobsSent).toBe(cachedJobs);
    expect([...again!]).toEqual([...answers[2]![0]!]);
    // What a caller that cannot wait takes: only a vector already held.
    expect(encoder.knownVector('teams has no sound')).toEqual(again);
    expect(encoder.knownVector('teams has no picture')).toBeUndefined();
  });

  it('keeps a batch near 2,000 characters: long texts go in jobs of their own', async () => {
    const hold = encoder.holdForTesting(200);
    const before = encoder.jobsSent;
    const long = (topic: string) => `${topic} stopped working this morning. `.repeat(40); // ~1,500 characters
    await Promise.all(
      [long('Outlook'), long('The VPN'), 'short one'].map((t) =>
        encoder.embedQueries([t], { timeoutMs: 10_000 }),
      ),
    );
    await hold;
    expect(encoder.jobsSent - before).toBe(2);
  });

  it('serves queries before article jobs that were asked first', async () => {
    const hold = encoder.holdForTesting(200);
    const order: string[] = [];
    const article = encoder
      .embedArticles(['Reset your password\nUse the self-service page.'])
      .then(() => order.push('article'));
    const query = encoder
      .embedQueries(['cannot print'], { timeoutMs: 10_000 })
      .then(() => order.push('query'));
    await Promise.all([hold, article, query]);
    expect(order).toEqual(['query', 'article']);
  });

  it('computes first the texts whose callers stop waiting soonest: a waiting page goes before a queue of typed texts', async () => {
    // A busy thread, 20 texts asked for someone typing (kept asking for 10 s), then one that a page
    // waits for (5 s): a batch holds 16, so in arrival order the page's text would go in the second.
    const hold = encoder.holdForTesting(300);
    let typedDone = 0;
    const typed = Array.from({ length: 20 }, (_, i) =>
      encoder
        .embedQueries([`my second monitor ${i} stays black`], { timeoutMs: 10_000 })
        .then(() => typedDone++),
    );
    let doneBeforePage = -1;
    const page = encoder
      .embedQueries(['the printer on floor 3 jams'], { timeoutMs: 10_000, dueMs: 5_000 })
      .then(() => (doneBeforePage = typedDone));
    await Promise.all([hold, page, ...typed]);
    // The page's text went in the first batch with 15 typed ones; the other 5 came in the next job.
    expect(doneBeforePage).toBeLessThanOrEqual(15);
    expect(typedDone).toBe(20);
  });

  it('still computes and caches what a caller stopped waiting for, unless it is behind by more than a batch', async () => {
    // A busy thread and 20 callers that give up after 50 ms: the queue is longer than one batch (16),
    // so the first four texts given up are dropped; the other 16 are computed for the next caller.
    let hold = encoder.holdForTesting(300);
    const texts = Array.from({ length: 20 }, (_, i) => `the badge reader at door ${i} does not open`);
    const given = await Promise.allSettled(texts.map((t) => encoder.embedQueries([t], { timeoutMs: 50 })));
    expect(given.every((g) => g.status === 'rejected')).toBe(true);
    await hold;
    await encoder.embedQueries(['the badge reader is fine now'], { timeoutMs: 10_000 });
    // The thread is held again: only a cached text can answer within 50 ms.
    hold = encoder.holdForTesting(300);
    const again = await Promise.allSettled(texts.map((t) => encoder.embedQueries([t], { timeoutMs: 50 })));
    await hold;
    expect(again.map((a) => a.status)).toEqual([
      ...Array<string>(4).fill('rejected'),
      ...Array<string>(16).fill('fulfilled'),
    ]);
  });

  it('answers a blank text with a zero vector, without asking the model', async () => {
    const before = encoder.jobsSent;
    const [blank] = await encoder.embedQueries(['   ']);
    expect(blank).toHaveLength(DIMENSIONS);
    expect(length(blank!)).toBe(0);
    expect(encoder.jobsSent).toBe(before);
    expect(await embedQuery('  ', { encoder })).toBeNull();
  });

  it('times out instead of hanging when the encoder is stalled, and answers again afterwards', async () => {
    const hold = encoder.holdForTesting(600);
    const stalled = encoder.embedQueries(['my screen stays black'], { timeoutMs: 50 });
    await expect(stalled).rejects.toBeInstanceOf(EncoderUnavailableError);
    await expect(stalled).rejects.toMatchObject({ reason: 'timeout' });
    // What suggestions call: null, so they rank lexically.
    expect(await embedQuery('my screen stays black again', { encoder, timeoutMs: 50 })).toBeNull();
    await hold;
    expect(await embedQuery('my screen stays black', { encoder, timeoutMs: 10_000 })).toHaveLength(
      DIMENSIONS,
    );
  });
});

describe('a stuck encoder thread', () => {
  it('is replaced after stallMs; meanwhile callers are told at once, then it answers again', async () => {
    const messages: string[] = [];
    const stuck = new Encoder({ stallMs: 300, log: (m) => messages.push(m) });
    try {
      await stuck.whenReady();
      const statuses: string[] = [];
      stuck.onStatus((s) => statuses.push(s));
      const hold = stuck.holdForTesting(60_000);
      const waiting = stuck.embedQueries(['wifi is slow'], { timeoutMs: 60_000 });
      await expect(hold).rejects.toMatchObject({ reason: 'down' });
      await expect(waiting).rejects.toMatchObject({ reason: 'down' });
      await expect(stuck.embedQueries(['wifi is slow'])).rejects.toBeInstanceOf(EncoderUnavailableError);
      await stuck.whenReady();
      expect(statuses).toEqual(['down', 'loading', 'ready']);
      expect(stuck.restarts).toBe(1);
      expect(messages.join('\n')).toMatch(/has not answered .* replacing it/);
      expect(await stuck.embedQueries(['wifi is slow'])).toHaveLength(1);
    } finally {
      await stuck.close();
    }
    expect(stuck.status).toBe('down');
    await expect(stuck.embedArticles(['x'])).rejects.toMatchObject({ reason: 'down' });
  });
});
