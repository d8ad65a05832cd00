import { describe, expect, it } from 'vitest';
import { highlighter } from './suggest.ts';

describe('the snippet highlighter', () => {
  it("marks the request's words and their forms, and escapes everything else", () => {
    expect(highlighter(['printers', 'offline'])('Printer offline? <b>Restart</b> the printer.')).toBe(
      '<mark>Printer</mark> <mark>offline</mark>? &lt;b&gt;Restart&lt;/b&gt; the <mark>printer</mark>.',
    );
    // Short words mark nothing; the text is still escaped.
    expect(highlighter(['a', 'to'])('a <i>to</i>')).toBe('a &lt;i&gt;to&lt;/i&gt;');
  });

  it('compiles the pattern of a set of words once: results of one answer and a repeated text share it', () => {
    const first = highlighter(['vpn', 'connect']);
    expect(highlighter(['connect', 'vpn'])).toBe(first);
    expect(highlighter(['vpn', 'connecting'])).not.toBe(first);
    // A regular-expression character in a word is a character, not syntax.
    expect(highlighter(['c++ builds'])('c++ builds fail')).toBe('<mark>c++ builds</mark> fail');
  });
});
