import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.ts';

describe('a per-person rate limit', () => {
  it('lets the limit through in a window, refuses the next with the wait, and opens again', () => {
    const limiter = new RateLimiter(3, 60_000);
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) expect(limiter.take('user:1', t0 + i)).toEqual({ ok: true });
    expect(limiter.take('user:1', t0 + 15_000)).toEqual({ ok: false, retryAfterSeconds: 45 });
    expect(limiter.take('user:2', t0 + 15_000)).toEqual({ ok: true });
    expect(limiter.take('user:1', t0 + 60_000)).toEqual({ ok: true });
  });

  it('has no limit at 0', () => {
    const limiter = new RateLimiter(0, 60_000);
    for (let i = 0; i < 1000; i++) expect(limiter.take('user:1').ok).toBe(true);
  });
});
