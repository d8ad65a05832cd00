import { describe, expect, it } from 'vitest';
import { highlightTerms } from './suggest.ts';

describe('the snippet highlighter', () => {
  it("marks the words that begin with the request's words or their stems, and escapes everything else", () => {
    expect(highlightTerms('Printer offline? <b>Restart</b> the printer.', ['printers', 'offline'])).toBe(
      '<mark>Printer</mark> <mark>offline</mark>? &lt;b&gt;Restart&lt;/b&gt; the <mark>printer</mark>.',
    );
    // Short words mark nothing; the text is still escaped.
    expect(highlightTerms('a <i>to</i>', ['a', 'to'])).toBe('a &lt;i&gt;to&lt;/i&gt;');
  });

  it('marks the parts of a compound, words in any script, and never a word inside another', () => {
    expect(highlightTerms('Connect to the office Wi-Fi', ['wi-fi'])).toBe(
      'Connect to the office <mark>Wi</mark>-<mark>Fi</mark>',
    );
    expect(highlightTerms('Drucker überprüfen', ['überprüft'])).toBe('Drucker <mark>überprüfen</mark>');
    expect(highlightTerms('reprint the page', ['print'])).toBe('reprint the page');
    // A one-letter part of a compound is not a word worth marking ("e" of "e-mail": "and" in Italian).
    expect(highlightTerms('posta e calendario', ['e-mail'])).toBe('posta e calendario');
  });
});
