import { describe, expect, it } from 'vitest';
import { compareWithPrevious, formatMeasure } from './change.ts';

describe('a number beside the previous period', () => {
  it('says how a rate moved in points, and warns when it moved the wrong way', () => {
    // The example: reopen rate 1.5 % → 6.1 % with no warning.
    expect(compareWithPrevious(0.061, 0.015, 'rate', 'lower')).toEqual({
      direction: 'up',
      judgement: 'worse',
      delta: 4.6,
      relative: null,
      text: '+4.6 pts',
      sentence: 'up 4.6 percentage points from 1.5 %, worse',
    });
    expect(compareWithPrevious(0.35, 0.31, 'rate', 'higher')).toMatchObject({
      direction: 'up',
      judgement: 'better',
      text: '+4.0 pts',
    });
  });

  it('compares as shown: two rates that print the same are no change', () => {
    expect(compareWithPrevious(0.3104, 0.3096, 'rate', 'higher')).toMatchObject({
      direction: 'flat',
      judgement: 'neutral',
      delta: 0,
      text: 'no change',
    });
  });

  it('gives counts and durations their difference and its share of the previous value', () => {
    expect(compareWithPrevious(12, 15, 'count', 'lower')).toMatchObject({
      direction: 'down',
      judgement: 'better',
      delta: -3,
      relative: -0.2,
      text: '\u22123 (\u221220 %)',
    });
    expect(compareWithPrevious(90, 60, 'minutes', 'lower')).toMatchObject({
      direction: 'up',
      judgement: 'worse',
      delta: 30,
      relative: 0.5,
      text: '+30 min (+50 %)',
    });
    expect(compareWithPrevious(5, 0, 'count', 'neutral')).toMatchObject({
      direction: 'up',
      judgement: 'neutral',
      relative: null,
      text: '+5',
    });
    expect(compareWithPrevious(3.5, 4.25, 'rating', 'higher')).toMatchObject({
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
      expect(compareWithPrevious(a, b, 'rate', 'higher')).toMatchObject({
        direction: 'none',
        delta: null,
        text: 'no comparison',
      });
  });

  it('formats each kind of number', () => {
    expect(formatMeasure('rate', 0.315)).toBe('31.5 %');
    expect(formatMeasure('minutes', 45)).toBe('45 min');
    expect(formatMeasure('minutes', 300)).toBe('5.0 h');
    expect(formatMeasure('minutes', 4320)).toBe('3.0 d');
    expect(formatMeasure('rating', 3.5)).toBe('3.50 / 5');
    expect(formatMeasure('count', null)).toBe('—');
  });
});
