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
const recallCheck = readQualitySet(path.resolve('tests/fixtures/recall-check.jsonl'));

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

describe('the recall check set (requests an article answers, written apart from everything the ranking is fit on)', () => {
  const articles = loadContent(path.resolve('content')).articles;

  it('asks for every article an employee can read, in every language and style', () => {
    expect(recallCheck.length).toBeGreaterThanOrEqual(150);
    expect(recallCheck.filter((c) => !isAnswerable(c))).toEqual([]);
    const employees = articles.filter((a) => a.audience === 'employees' && a.status === 'published');
    const asked = new Set(recallCheck.flatMap((c) => c.relevant));
    expect(employees.map((a) => a.slug).filter((slug) => !asked.has(slug))).toEqual([]);
    expect([...asked].filter((slug) => !employees.some((a) => a.slug === slug))).toEqual([]);
    for (const lang of ['en', 'de', 'it'] as const)
      expect(recallCheck.filter((c) => c.lang === lang).length).toBeGreaterThanOrEqual(25);
  });

  it('copies no request of the quality set and no way an article says people ask for it', () => {
    // Written apart, so the wordings meet only where people would (a pasted error, "guest wifi
    // password"): none is one of the texts the ranking and the gates are fit on.
    const normal = (text: string) =>
      text
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
    const fit = new Set(
      [...quality.map((c) => `${c.subject ?? ''} ${c.query}`), ...articles.flatMap((a) => a.asked)].map(
        normal,
      ),
    );
    const copies = recallCheck.filter(
      (c) => fit.has(normal(c.query)) || fit.has(normal(`${c.subject ?? ''} ${c.query}`)),
    );
    expect(copies.map((c) => c.query)).toEqual([]);
  });
});
