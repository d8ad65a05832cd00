import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent, type Article } from '#lib/content/load.ts';
import { buildVocabulary, carryVocabulary, correctSpelling } from './spelling.ts';

const { articles } = loadContent(path.resolve('content'));

describe('the spelling vocabulary', () => {
  it('corrects a typo towards a word of the knowledge base', () => {
    expect(correctSpelling('pasword', buildVocabulary(articles))).toBe('password');
  });

  it('leaves a word of the language alone though no article uses it', () => {
    const vocab = buildVocabulary(articles);
    // Each of these is one edit from a word of the knowledge base ("hearing", "blinks", "list").
    for (const word of ['heating', 'blinds', 'lift', 'spilled', 'nicked'])
      expect(correctSpelling(word, vocab)).toBe(word);
    // The English a translation gives ("Stundenzettel" → "timesheet") is spelled right too.
    expect(correctSpelling('timesheet', new Map([['timesheets', 3]]))).toBe('timesheet');
    expect(correctSpelling('timeshet', new Map([['timesheets', 3]]))).toBe('timesheets');
    // Typos are still corrected.
    expect(correctSpelling('stollen', vocab)).toBe('stolen');
    expect(correctSpelling('laptpo', vocab)).toBe('laptop');
  });

  it('corrects towards a word that keeps the first or the second letter, never towards a code', () => {
    const vocab: Map<string, number> = new Map([
      ['printer', 4],
      ['scanner', 2],
      ['wpa2x', 9],
    ]);
    expect(correctSpelling('orinter', vocab)).toBe('printer'); // the first letter mistyped
    expect(correctSpelling('pronter', vocab)).toBe('printer'); // the second
    expect(correctSpelling('xcanner', vocab)).toBe('scanner');
    expect(correctSpelling('oranter', vocab)).toBe('oranter'); // both: another word
    expect(correctSpelling('wpazx', vocab)).toBe('wpazx'); // one edit from the code
    // Two edits from 8 letters, wherever they are.
    expect(correctSpelling('xcannerr', vocab)).toBe('scanner');
  });

  it('carried over a reload, equals one built from scratch', () => {
    const before = [...articles];
    buildVocabulary(before);
    const edited: Article = {
      ...before[3]!,
      title: 'Quetzalcoatl firmware rollback',
      text: 'Only this now.',
    };
    const removed = [before[3]!, before[7]!];
    const after = before.filter((a) => !removed.includes(a)).concat(edited);
    carryVocabulary(before, after, removed, [edited]);
    const carried = buildVocabulary(after);
    const fresh = buildVocabulary([...after]);
    expect(carried).not.toBe(fresh);
    expect(new Map([...carried].sort())).toEqual(new Map([...fresh].sort()));
    expect(carried.get('quetzalcoatl')).toBe(1);
  });
});
