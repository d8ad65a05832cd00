import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent, type Article } from '#lib/content/load.ts';
import { buildVocabulary, carryVocabulary, correctSpelling } from './spelling.ts';

const { articles } = loadContent(path.resolve('content'));

describe('the spelling vocabulary', () => {
  it('corrects a typo towards a word of the knowledge base', () => {
    expect(correctSpelling('pasword', buildVocabulary(articles))).toBe('password');
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
