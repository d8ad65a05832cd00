import { describe, expect, it } from 'vitest';
import { isForbiddenCrossSite } from './origin-check.ts';

const base = 'https://help.example.com';
const post = (path: string, headers: Record<string, string>) =>
  isForbiddenCrossSite(
    new Request(`${base}${path}`, { method: 'POST', headers, body: 'List-Unsubscribe=One-Click' }),
    new URL(`${base}${path}`),
  );
const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('the cross-site form check', () => {
  it("refuses what Astro's checkOrigin refuses", () => {
    expect(post('/login', { ...form, origin: 'https://evil.example' })).toBe(true);
    expect(post('/login', form)).toBe(true);
    expect(post('/api/tickets', { 'content-type': 'application/json', origin: 'https://evil.example' })).toBe(
      false,
    );
    expect(post('/api/tickets', {})).toBe(true);
    expect(post('/login', { ...form, origin: base })).toBe(false);
    expect(isForbiddenCrossSite(new Request(`${base}/login`), new URL(`${base}/login`))).toBe(false);
  });

  it("lets a mail provider's one-click unsubscribe through, without Origin, on that path only", () => {
    expect(post('/mail/unsubscribe/abc.0.def', form)).toBe(false);
    expect(post('/mail/unsubscribe/abc.0.def', { ...form, origin: 'https://evil.example' })).toBe(true);
    expect(post('/mail/unsubscribe/abc/more', form)).toBe(true);
    expect(post('/mail/solved/abc.0.def', form)).toBe(true);
    expect(post('/mail/unsubscribe/', form)).toBe(true);
  });
});
