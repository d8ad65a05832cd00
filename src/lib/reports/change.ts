/**
 * A number beside the previous period's: the change, its direction, and whether that is good news.
 * Rates change in percentage points (31.0 % → 35.5 % is +4.5 points, never "+14.5 %"); counts and
 * durations in their unit and relative to the previous value; a missing side gives no change at all.
 * Words and numbers are the reader's (`I18n`): "+4.5 pts" / "+4,5 Pp." / "+4,5 p.p.".
 */
import type { I18n } from '#lib/i18n/i18n.ts';

/** How a number is measured, which decides how its change is written. */
export type MeasureKind = 'rate' | 'count' | 'minutes' | 'score' | 'rating';
/** Which direction is good news; `neutral` when neither is (more help requests can mean either). */
export type Better = 'higher' | 'lower' | 'neutral';

export type Change = {
  direction: 'up' | 'down' | 'flat' | 'none';
  /** `worse` when the number moved the wrong way: shown as a warning. */
  judgement: 'better' | 'worse' | 'neutral';
  /** The signed difference in the number's unit (points for rates), or null when a side is missing. */
  delta: number | null;
  /** delta ÷ previous, for counts and durations; null for rates and when the previous was 0. */
  relative: number | null;
  /** Short text for the card: "+4.5 pts", "−12 (−20%)", "no change", "no comparison". */
  text: string;
  /** A sentence for screen readers and tooltips: "up 4.5 percentage points from 31.0%, better". */
  sentence: string;
};

const fixed = (digits: number): Intl.NumberFormatOptions => ({
  minimumFractionDigits: digits,
  maximumFractionDigits: digits,
});
const signed = (i18n: I18n, v: number, digits: number) =>
  i18n.number(v, { ...fixed(digits), signDisplay: 'exceptZero' });

/** Formats a value of a kind in the reader's language, for the sentences here and for the cards. */
export function formatMeasure(i18n: I18n, kind: MeasureKind, v: number | null): string {
  if (v === null) return '—';
  switch (kind) {
    case 'rate':
      return i18n.percent(v, 1);
    case 'count':
      return i18n.number(v);
    case 'score':
      return i18n.number(v, fixed(2));
    case 'rating':
      return i18n.t('reports.rating', { value: i18n.number(v, fixed(2)) });
    case 'minutes': {
      const [amount, unit] =
        v < 120 ? [Math.round(v), 'minute'] : v < 2880 ? [v / 60, 'hour'] : [v / 1440, 'day'];
      return i18n.number(amount, {
        style: 'unit',
        unit,
        unitDisplay: 'short',
        ...fixed(unit === 'minute' ? 0 : 1),
      });
    }
  }
}

/** The change from `previous` to `current`, worded for the reader. */
export function compareWithPrevious(
  i18n: I18n,
  current: number | null,
  previous: number | null,
  kind: MeasureKind,
  better: Better,
): Change {
  if (current === null || previous === null)
    return {
      direction: 'none',
      judgement: 'neutral',
      delta: null,
      relative: null,
      text: i18n.t('reports.noComparison'),
      sentence: i18n.t('reports.noComparisonSentence'),
    };
  // Compared as shown (rates to 0.1 point, scores to 0.01, minutes to 1), so "31.0 % → 31.0 %" never says "up".
  const step = kind === 'rate' ? 1000 : kind === 'score' || kind === 'rating' ? 100 : 1;
  const delta =
    kind === 'count'
      ? current - previous
      : (Math.round(current * step) - Math.round(previous * step)) / (kind === 'rate' ? 10 : step);
  const direction = delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat';
  const judgement =
    direction === 'flat' || better === 'neutral'
      ? 'neutral'
      : (direction === 'up') === (better === 'higher')
        ? 'better'
        : 'worse';
  const relative = kind === 'rate' || previous === 0 ? null : (current - previous) / previous;
  const previousText = formatMeasure(i18n, kind, previous);
  return {
    direction,
    judgement,
    delta,
    relative,
    text: changeText(i18n, kind, delta, relative),
    sentence:
      direction === 'flat'
        ? i18n.t('reports.noChangeSentence', { previous: previousText })
        : judged(i18n, judgement, {
            direction,
            amount: changeAmount(i18n, kind, delta),
            previous: previousText,
          }),
  };
}

function changeText(i18n: I18n, kind: MeasureKind, delta: number, relative: number | null): string {
  if (delta === 0) return i18n.t('reports.noChange');
  if (kind === 'rate') return i18n.t('reports.changePoints', { delta: signed(i18n, delta, 1) });
  const amount =
    kind === 'minutes'
      ? `${delta > 0 ? '+' : '-'}${formatMeasure(i18n, 'minutes', Math.abs(delta))}`
      : signed(i18n, delta, kind === 'count' ? 0 : 2);
  if (relative === null) return amount;
  const percent = i18n.number(relative, {
    style: 'percent',
    maximumFractionDigits: 0,
    signDisplay: 'exceptZero',
  });
  return i18n.t('reports.changeRelative', { delta: amount, relative: percent });
}

function changeAmount(i18n: I18n, kind: MeasureKind, delta: number): string {
  const size = Math.abs(delta);
  if (kind === 'rate') return i18n.t('reports.percentagePoints', { points: size });
  if (kind === 'minutes') return formatMeasure(i18n, 'minutes', size);
  return i18n.number(size, fixed(kind === 'count' ? 0 : 2));
}

function judged(
  i18n: I18n,
  judgement: Change['judgement'],
  values: { direction: string; amount: string; previous: string },
): string {
  const sentence = i18n.t('reports.changeSentence', values);
  if (judgement === 'neutral') return sentence;
  return i18n.t('reports.changeJudged', { sentence, judgement: i18n.t(`reports.${judgement}`) });
}
