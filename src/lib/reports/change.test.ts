import { describe, expect, it } from 'vitest';
import { createI18n } from '#lib/i18n/i18n.ts';
import { compareWithPrevious, formatMeasure } from './change.ts';

const en = createI18n('en', 'UTC');
const de = createI18n('de', 'UTC');
const it_ = createI18n('it', 'UTC');

describe('a number beside the previous period', () => {
  it('says how a rate moved in points, and warns when it moved the wrong way', () => {
    // The example: reopen rate 1.5 % → 6.1 % with no warning.
    expect(compareWithPrevious(en, 0.061, 0.015, 'rate', 'lower')).toEqual({
      direction: 'up',
      judgement: 'worse',
      delta: 4.6,
      relative: null,
      text: '+4.6 pts',
      sentence: 'up 4.6 percentage points from 1.5%, worse',
    });
    expect(compareWithPrevious(en, 0.35, 0.31, 'rate', 'higher')).toMatchObject({
      direction: 'up',
      judgement: 'better',
      text: '+4.0 pts',
    });
  });

  it('words the change in the reader’s language, with their decimal comma', () => {
    expect(compareWithPrevious(de, 0.061, 0.015, 'rate', 'lower')).toMatchObject({
      text: '+4,6 Pp.',
      sentence: 'um 4,6 Prozentpunkte gestiegen gegenüber 1,5\u00a0%, schlechter',
    });
    expect(compareWithPrevious(it_, 0.061, 0.015, 'rate', 'lower')).toMatchObject({
      text: '+4,6 p.p.',
      sentence: 'in aumento di 4,6 punti percentuali rispetto a 1,5%, peggio',
    });
    expect(compareWithPrevious(de, 12, 15, 'count', 'lower').text).toBe('-3 (-20\u00a0%)');
    expect(compareWithPrevious(it_, null, 1, 'count', 'lower').text).toBe('nessun confronto');
  });

  it('compares as shown: two rates that print the same are no change', () => {
    expect(compareWithPrevious(en, 0.3104, 0.3096, 'rate', 'higher')).toMatchObject({
      direction: 'flat',
      judgement: 'neutral',
      delta: 0,
      text: 'no change',
      sentence: 'no change from 31.0%',
    });
  });

  it('gives counts and durations their difference and its share of the previous value', () => {
    expect(compareWithPrevious(en, 12, 15, 'count', 'lower')).toMatchObject({
      direction: 'down',
      judgement: 'better',
      delta: -3,
      relative: -0.2,
      text: '-3 (-20%)',
    });
    expect(compareWithPrevious(en, 90, 60, 'minutes', 'lower')).toMatchObject({
      direction: 'up',
      judgement: 'worse',
      delta: 30,
      relative: 0.5,
      text: '+30 mins (+50%)',
    });
    expect(compareWithPrevious(en, 5, 0, 'count', 'neutral')).toMatchObject({
      direction: 'up',
      judgement: 'neutral',
      relative: null,
      text: '+5',
    });
    expect(compareWithPrevious(en, 3.5, 4.25, 'rating', 'higher')).toMatchObject({
      direction: 'down',
      judgement: 'worse',
      delta: -0.75,
    });
  });

  it('makes no comparison when either side has no data', () => {
    for (const [a, b] of [
      [null, 0.5],
      [0.5, null],
      [null, null],
    ] as const)
      expect(compareWithPrevious(en, a, b, 'rate', 'higher')).toMatchObject({
        direction: 'none',
        delta: null,
        text: 'no comparison',
      });
  });

  it('formats each kind of number in the reader’s language', () => {
    expect(formatMeasure(en, 'rate', 0.315)).toBe('31.5%');
    expect(formatMeasure(de, 'rate', 0.315)).toBe('31,5\u00a0%');
    expect(formatMeasure(en, 'minutes', 45)).toBe('45 mins');
    expect(formatMeasure(de, 'minutes', 45)).toBe('45 Min.');
    expect(formatMeasure(en, 'minutes', 300)).toBe('5.0 hrs');
    expect(formatMeasure(de, 'minutes', 300)).toBe('5,0 Std.');
    expect(formatMeasure(en, 'minutes', 4320)).toBe('3.0 days');
    expect(formatMeasure(it_, 'minutes', 4320)).toBe('3,0 giorni');
    expect(formatMeasure(en, 'rating', 3.5)).toBe('3.50 / 5');
    expect(formatMeasure(de, 'count', 12345)).toBe('12.345');
    expect(formatMeasure(en, 'count', null)).toBe('—');
  });
});
