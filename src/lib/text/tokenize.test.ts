import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.ts';

describe('tokenize', () => {
  it('keeps error codes and versions whole, and lowercases', () => {
    expect(tokenize('Error 0x80070005 in KB-5034441, Outlook 16.0.1')).toEqual([
      'error',
      '0x80070005',
      'in',
      'kb-5034441',
      'outlook',
      '16.0.1',
    ]);
  });

  it("reads a possessive as its word, and keeps other contractions whole (can't is cant)", () => {
    expect(tokenize("Outlook's gone, she's off, the user’s laptop can't print")).toEqual([
      'outlook',
      'gone',
      'she',
      'off',
      'the',
      'user',
      'laptop',
      'cant',
      'print',
    ]);
    expect(tokenize("wie geht's")).toEqual(['wie', 'geht']);
  });
});
