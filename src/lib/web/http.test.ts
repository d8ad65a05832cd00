import { describe, expect, it } from 'vitest';
import { formText, safeNextPath } from './http.ts';

describe('where sign-in sends a person next', () => {
  it('keeps paths on this site, with their query', () => {
    expect(safeNextPath('/kb/reset-your-password?rid=x#steps')).toBe('/kb/reset-your-password?rid=x#steps');
  });

  it('refuses other sites, schemes and control characters', () => {
    for (const next of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example',
      'javascript:alert(1)',
      '/x\r\nSet-Cookie: a=b',
      42,
      null,
    ]) {
      expect(safeNextPath(next)).toBe('/');
    }
  });

  it('percent-encodes what a Location header cannot carry (a 500 and a lost session cookie before)', () => {
    expect(safeNextPath('/€')).toBe('/%E2%82%AC');
    expect(safeNextPath('/search?q=Drucker druckt nicht')).toBe('/search?q=Drucker%20druckt%20nicht');
  });
});

describe('form fields', () => {
  it('reads text, empty when missing, cut to a maximum', () => {
    const form = new FormData();
    form.set('subject', 'x'.repeat(50));
    expect(formText(form, 'subject', 10)).toBe('x'.repeat(10));
    expect(formText(form, 'missing')).toBe('');
  });
});
