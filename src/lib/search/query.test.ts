import { describe, expect, it } from 'vitest';
import { highlightToHtml, MAX_QUERY_CHARS, normalizeQuery, visibilityFilter } from './query.ts';

describe('normalizeQuery', () => {
  it('removes control characters and collapses white space', () => {
    expect(normalizeQuery('  vpn\u0000\u0007 not\r\n\tworking  ')).toBe('vpn not working');
  });

  it('keeps quotes, emoji and non-Latin text', () => {
    expect(normalizeQuery('"outlook" 😡 won’t start – Überprüfung')).toBe(
      '"outlook" 😡 won’t start – Überprüfung',
    );
  });

  it('cuts a 2,000-character query at a word boundary', () => {
    const q = normalizeQuery('printer '.repeat(250));
    expect(q.length).toBeLessThanOrEqual(MAX_QUERY_CHARS);
    expect(q.endsWith('printer')).toBe(true);
  });

  it('removes the private highlight markers so a query cannot forge <mark>', () => {
    expect(normalizeQuery('\uE000x\uE001')).toBe('x');
  });
});

describe('highlightToHtml', () => {
  it('escapes HTML from the index before adding its own <mark>', () => {
    expect(highlightToHtml('<img src=x onerror=alert(1)> \uE000vpn\uE001 & "x"')).toBe(
      '&lt;img src=x onerror=alert(1)&gt; <mark>vpn</mark> &amp; &quot;x&quot;',
    );
  });

  it('closes a highlight cut off by cropping and ignores stray markers', () => {
    expect(highlightToHtml('a \uE000b')).toBe('a <mark>b</mark>');
    expect(highlightToHtml('a\uE001 b')).toBe('a b');
  });
});

describe('visibilityFilter', () => {
  it('keeps employees to published articles for employees', () => {
    expect(visibilityFilter({ seesInternal: false, seesUnpublished: false })).toEqual([
      'status = "published"',
      'audience = "employees"',
    ]);
    expect(visibilityFilter({ seesInternal: true, seesUnpublished: true })).toEqual([]);
  });
});
