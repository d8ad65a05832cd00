import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testDatabase } from '#test/db.ts';
import { loadContent } from '#lib/content/load.ts';
import { detectLanguage } from './analysis.ts';
import { isAnswerable, readQualitySet, requestInput, type QualityCase } from './evaluate.ts';
import { likeness, stemmedTerms } from './learned.ts';
import { shapeQuery } from './shape-query.ts';
import { buildVocabulary } from './spelling.ts';

const quality = readQualitySet(path.resolve('tests/fixtures/search-quality.jsonl'));
const training = readQualitySet(path.resolve('tests/fixtures/gate-training.jsonl'));
const check = readQualitySet(path.resolve('tests/fixtures/gate-check.jsonl'));

describe('the requests the gates learn "nothing fits" from (decision 016, session 23)', () => {
  it('are requests no article answers, in every language and style', () => {
    expect(training.length).toBeGreaterThanOrEqual(150);
    expect(training.filter(isAnswerable)).toEqual([]);
    for (const lang of ['en', 'de', 'it'] as const)
      expect(training.filter((c) => c.lang === lang).length).toBeGreaterThanOrEqual(30);
    expect(new Set(training.map((c) => c.style)).size).toBe(6);
  });

  it('repeat no request the gates are measured on (the quality set, the check set), nor does the check set repeat the quality set', () => {
    const db = testDatabase();
    const vocabulary = buildVocabulary(loadContent(path.resolve('content')).articles);
    // A request's terms as the ranking reads them (translated, spelling corrected), compared as a
    // repeat of a solved request is (learned.ts), at a looser likeness than a repeat's 0.7.
    const terms = (c: QualityCase) => {
      const { subject, description } = requestInput(c);
      const lang = detectLanguage(`${subject} ${description}`);
      return stemmedTerms(db, shapeQuery(subject, description, vocabulary, lang).terms);
    };
    const dice = (a: Set<string>, b: Set<string>) => likeness(a, b).similarity;
    const inQuality = quality.map(terms);
    const measured = [...inQuality, ...check.map(terms)];
    const repeats = training.filter((c) => {
      const own = terms(c);
      return measured.some((other) => dice(own, other) >= 0.4);
    });
    expect(repeats.map((c) => c.query)).toEqual([]);
    expect(check.filter(isAnswerable)).toEqual([]);
    const checkRepeats = check.filter((c) => {
      const own = terms(c);
      return inQuality.some((other) => dice(own, other) >= 0.4);
    });
    expect(checkRepeats.map((c) => c.query)).toEqual([]);
  });
});
