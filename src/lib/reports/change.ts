/**
 * A number beside the previous period's: the change, its direction, and whether that is good news.
 * Rates change in percentage points (31.0 % → 35.5 % is +4.5 points, never "+14.5 %"); counts and
 * durations in their unit and relative to the previous value; a missing side gives no change at all.
 */

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
  /** Short text for the card: "+4.5 pts", "−12 (−20 %)", "no change", "no comparison". */
  text: string;
  /** A sentence for screen readers and tooltips: "up 4.5 percentage points from 31.0 %, better". */
  sentence: string;
};

const MINUS = '\u2212';
const signed = (v: number, digits: number) =>
  `${v > 0 ? '+' : v < 0 ? MINUS : ''}${Math.abs(v).toFixed(digits)}`;

/** Formats a value of a kind for the sentences here and for the cards. */
export function formatMeasure(kind: MeasureKind, v: number | null): string {
  if (v === null) return '—';
  switch (kind) {
    case 'rate':
      return `${(v * 100).toFixed(1)} %`;
    case 'count':
      return String(v);
    case 'score':
      return v.toFixed(2);
    case 'rating':
      return `${v.toFixed(2)} / 5`;
    case 'minutes':
      return v < 120
        ? `${Math.round(v)} min`
        : v < 2880
          ? `${(v / 60).toFixed(1)} h`
          : `${(v / 1440).toFixed(1)} d`;
  }
}

/** The change from `previous` to `current`. */
export function compareWithPrevious(
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
      text: 'no comparison',
      sentence: 'no comparison: one of the periods has no data',
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
  const rel = relative === null ? '' : ` (${signed(relative * 100, 0)} %)`;
  const text =
    direction === 'flat'
      ? 'no change'
      : kind === 'rate'
        ? `${signed(delta, 1)} pts`
        : kind === 'minutes'
          ? `${delta > 0 ? '+' : MINUS}${formatMeasure('minutes', Math.abs(delta))}${rel}`
          : `${signed(delta, kind === 'count' ? 0 : 2)}${rel}`;
  const amount =
    kind === 'rate'
      ? `${Math.abs(delta).toFixed(1)} percentage points`
      : kind === 'minutes'
        ? formatMeasure('minutes', Math.abs(delta))
        : Math.abs(delta).toFixed(kind === 'count' ? 0 : 2);
  const sentence =
    direction === 'flat'
      ? `no change from ${formatMeasure(kind, previous)}`
      : `${direction} ${amount} from ${formatMeasure(kind, previous)}${judgement === 'neutral' ? '' : `, ${judgement}`}`;
  return { direction, judgement, delta, relative, text, sentence };
}
