import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Encoder } from '#lib/embeddings/encoder.ts';
import { chooseQueryVector, RecentVectors } from './typing-vectors.ts';

// The real sentence encoder; `holdForTesting` keeps its thread busy, as a burst of queries would.
const encoder = new Encoder();
beforeAll(() => encoder.whenReady(), 60_000);
afterAll(() => encoder.close());

const rid = () => randomBytes(8).toString('hex');
const vectorOf = async (text: string) => (await encoder.embedQueries([text], { timeoutMs: 10_000 }))[0]!;
/** Until `text`'s vector has been computed (the caller stopped waiting for it long before) and kept. */
async function cached(text: string): Promise<void> {
  await encoder.embedQueries([text], { timeoutMs: 10_000 });
  await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('the vector an answer to someone typing ranks with', () => {
  it('waits for the exact vector when the caller is not typing (API, /help without script, agents)', async () => {
    const hold = encoder.holdForTesting(150);
    const chosen = await chooseQueryVector('the scanner on floor two is offline', {
      encoder,
      timeoutMs: 10_000,
    });
    await hold;
    expect(chosen).toEqual({
      vector: await vectorOf('the scanner on floor two is offline'),
      exact: true,
      refining: false,
    });
  });

  it("ranks lexically on a request's first call when the encoder is busy, and the late vector lands in the cache", async () => {
    const recent = new RecentVectors();
    const requestId = rid();
    const hold = encoder.holdForTesting(300);
    const first = await chooseQueryVector('outlook keeps asking for', {
      encoder,
      timeoutMs: 10_000,
      typing: { requestId, budgetMs: 20, recent },
    });
    // The budget, not the encoder's 300 ms, decided how long the answer waited: no vector yet.
    expect(first).toEqual({ vector: null, exact: false, refining: true });
    await hold;
    await cached('outlook keeps asking for');
    expect(recent.get(requestId)).toEqual(await vectorOf('outlook keeps asking for'));
    // Asked again (the page does, ~150 ms later): a cache hit, exact even with the default budget of
    // 0 (only what is known at once).
    const again = await chooseQueryVector('outlook keeps asking for', {
      encoder,
      timeoutMs: 10_000,
      typing: { requestId, recent },
    });
    expect(again).toEqual({
      vector: await vectorOf('outlook keeps asking for'),
      exact: true,
      refining: false,
    });
  });

  it('by default does not wait even for an idle encoder: only a vector this process holds is used at once', async () => {
    const recent = new RecentVectors();
    const requestId = rid();
    const text = 'my second monitor flickers when';
    expect(
      await chooseQueryVector(text, { encoder, timeoutMs: 10_000, typing: { requestId, recent } }),
    ).toEqual({
      vector: null,
      exact: false,
      refining: true,
    });
    await cached(text);
    expect(recent.get(requestId)).toEqual(await vectorOf(text));
  });

  it("ranks with the same request's latest encoded text while the new one's vector is computed", async () => {
    const recent = new RecentVectors();
    const [mine, other] = [rid(), rid()];
    const typing = (requestId: string) => ({ requestId, budgetMs: 20, recent });
    await chooseQueryVector('my laptop will not', { encoder, timeoutMs: 10_000, typing: typing(mine) });
    await cached('my laptop will not');
    await chooseQueryVector('the printer jams', { encoder, timeoutMs: 10_000, typing: typing(other) });
    await cached('the printer jams');
    const hold = encoder.holdForTesting(300);
    const next = await chooseQueryVector('my laptop will not charge', {
      encoder,
      timeoutMs: 10_000,
      typing: typing(mine),
    });
    await hold;
    // Not the other request's vector, though it was encoded later.
    expect(next).toEqual({ vector: await vectorOf('my laptop will not'), exact: false, refining: true });
    await cached('my laptop will not charge');
    expect(recent.get(mine)).toEqual(await vectorOf('my laptop will not charge'));
  });

  it('hands the caller the vector it did not wait for when it arrives, and nothing when the answer had it', async () => {
    const recent = new RecentVectors();
    const requestId = rid();
    const arrived: Float32Array[] = [];
    const typing = { requestId, recent, whenEncoded: (v: Float32Array) => arrived.push(v) };
    const text = 'teams calls drop after ten minutes';
    const first = await chooseQueryVector(text, { encoder, timeoutMs: 10_000, typing });
    expect(first.refining).toBe(true);
    expect(arrived).toEqual([]);
    await cached(text);
    expect(arrived).toEqual([await vectorOf(text)]);
    // The re-ask has it at once: nothing arrives later.
    expect((await chooseQueryVector(text, { encoder, timeoutMs: 10_000, typing })).exact).toBe(true);
    await cached(text);
    expect(arrived).toHaveLength(1);
  });

  it('answers at once and final (lexical) when there is no encoder or it is down', async () => {
    const typing = { requestId: rid(), budgetMs: 1000 };
    const none = await chooseQueryVector('vpn drops', { encoder: null, timeoutMs: 150, typing });
    expect(none).toEqual({ vector: null, exact: false, refining: false });
    const down = new Encoder();
    await down.close();
    expect(await chooseQueryVector('vpn drops', { encoder: down, timeoutMs: 150, typing })).toEqual({
      vector: null,
      exact: false,
      refining: false,
    });
  });
});

describe("the requests' latest vectors", () => {
  it('keep the vector of the text asked for last, even when an earlier one arrives after it', () => {
    const recent = new RecentVectors();
    const [a, b] = [new Float32Array([1]), new Float32Array([2])];
    expect(recent.set('r', 2, b)).toBe(true);
    // Said, so no one prepares anything for a vector that ranks nothing.
    expect(recent.set('r', 1, a)).toBe(false);
    expect(recent.get('r')).toBe(b);
  });

  it('stay bounded: the request used least recently goes first', () => {
    const recent = new RecentVectors(2);
    recent.set('a', 1, new Float32Array([1]));
    recent.set('b', 2, new Float32Array([2]));
    recent.get('a');
    recent.set('c', 3, new Float32Array([3]));
    expect(recent.size).toBe(2);
    expect(recent.get('b')).toBeUndefined();
    expect(recent.get('a')).toEqual(new Float32Array([1]));
  });
});
