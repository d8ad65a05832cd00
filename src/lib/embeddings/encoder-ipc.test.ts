import cluster, { type Worker } from 'node:cluster';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Encoder } from './encoder.ts';
import { serveEncoderToWorkers } from './encoder-ipc.ts';

// The start process's encoder answering a real cluster worker over the real IPC channel.
let encoder: Encoder;
let worker: Worker;
let stopServing: () => void;
let nextId = 1;

type Answer = { id: number; status?: string; vectors?: number[][]; error?: string };
function ask(message: Record<string, unknown>): Promise<Answer> {
  const id = nextId++;
  return new Promise((resolve) => {
    const listen = (answer: Answer) => {
      if (answer?.id !== id) return;
      worker.off('message', listen);
      resolve(answer);
    };
    worker.on('message', listen);
    worker.send({ ...message, id });
  });
}

beforeAll(async () => {
  encoder = new Encoder();
  stopServing = serveEncoderToWorkers(encoder);
  cluster.setupPrimary({ exec: path.resolve('tests/support/encoder-worker.ts'), execArgv: [] });
  worker = cluster.fork();
  await encoder.whenReady();
  // The worker hears the status when it comes online; until then it says `loading`.
  while ((await ask({ type: 'test:status' })).status !== 'ready') await new Promise((r) => setTimeout(r, 50));
});
afterAll(async () => {
  stopServing();
  await new Promise((resolve) => (worker.once('exit', resolve), worker.kill()));
  await encoder.close();
});

describe('the encoder shared with web workers', () => {
  it("answers a worker's queries with the start process's model: the same vectors as asked locally", async () => {
    const texts = ['Outlook keeps asking for my password', 'The projector shows no picture'];
    const answer = await ask({ type: 'test:embed', texts, timeoutMs: 10_000 });
    const local = await encoder.embedQueries(texts);
    expect(answer.vectors).toHaveLength(2);
    expect(answer.vectors!.map((v) => Float32Array.from(v))).toEqual(local);
  });

  it('gives the worker a timeout, not a hang, while the encoder is stalled', async () => {
    const hold = encoder.holdForTesting(800);
    const answer = await ask({ type: 'test:embed', texts: ['the docking station is dead'], timeoutMs: 50 });
    expect(answer).toMatchObject({ error: 'timeout' });
    await hold;
    const later = await ask({
      type: 'test:embed',
      texts: ['the docking station is dead'],
      timeoutMs: 10_000,
    });
    expect(later.vectors).toHaveLength(1);
  });

  it('keeps a vector that arrives after the worker stopped waiting, for its next call with the text', async () => {
    const hold = encoder.holdForTesting(300);
    const text = 'the meeting room display stays blue';
    expect(await ask({ type: 'test:embed', texts: [text], timeoutMs: 50 })).toMatchObject({
      error: 'timeout',
    });
    expect(await ask({ type: 'test:known', text })).toMatchObject({ vectors: [] });
    await hold;
    await encoder.embedQueries([text], { timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    // What a typing answer takes without waiting at all (typing-vectors.ts).
    expect((await ask({ type: 'test:known', text })).vectors).toHaveLength(1);
    // The start process stops answering: only what the worker holds itself can still be answered.
    stopServing();
    try {
      const again = await ask({ type: 'test:embed', texts: [text], timeoutMs: 200 });
      expect(again.vectors!.map((v) => Float32Array.from(v))).toEqual(await encoder.embedQueries([text]));
      expect(
        await ask({ type: 'test:embed', texts: ['a text this worker never asked for'], timeoutMs: 200 }),
      ).toMatchObject({ error: 'timeout' });
    } finally {
      stopServing = serveEncoderToWorkers(encoder);
    }
  });

  it('tells a worker that starts listening late (after it came online) that the encoder is ready', async () => {
    const late = cluster.fork({ ENCODER_WORKER_LATE_MS: '400' });
    const status = () =>
      new Promise<string>((resolve) => {
        const id = nextId++;
        const listen = (answer: Answer) => {
          if (answer?.id !== id) return;
          late.off('message', listen);
          resolve(answer.status!);
        };
        late.on('message', listen);
        late.send({ type: 'test:status', id });
      });
    await new Promise((resolve) => late.once('online', resolve));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await status()).toBe('ready');
    await new Promise((resolve) => (late.once('exit', resolve), late.kill()));
  });

  it('tells workers when the encoder goes down', async () => {
    await encoder.close();
    await expect.poll(async () => (await ask({ type: 'test:status' })).status).toBe('down');
    expect(await ask({ type: 'test:embed', texts: ['x'], timeoutMs: 1000 })).toMatchObject({ error: 'down' });
  });
});
