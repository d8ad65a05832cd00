import { between, chance, weighted, type Rng } from './random.ts';

export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export const iso = (ms: number): string => new Date(ms).toISOString();

const BY_WEEKDAY = [0.06, 1.12, 1.05, 1.0, 0.97, 0.82, 0.1]; // Sunday … Saturday
const BY_HOUR: ReadonlyArray<readonly [number, number]> = [
  [6, 0.4],
  [7, 0.9],
  [8, 1.4],
  [9, 1.5],
  [10, 1.3],
  [11, 1.1],
  [12, 0.8],
  [13, 1.2],
  [14, 1.2],
  [15, 1.0],
  [16, 0.7],
];

/** Running totals of each day's weight: weekday-heavy, a little growth over the period, some day-to-day noise. */
function dayWeights(rng: Rng, firstDay: number, lastDay: number): number[] {
  const cumulative: number[] = [];
  let total = 0;
  for (let d = firstDay; d <= lastDay; d++) {
    const growth = 1 + (0.15 * (d - firstDay)) / Math.max(1, lastDay - firstDay);
    total += BY_WEEKDAY[new Date(d * DAY).getUTCDay()]! * growth * between(rng, 0.85, 1.15);
    cumulative.push(total);
  }
  return cumulative;
}

/** The first index whose running total passes r (binary search). */
function dayAt(cumulative: number[], r: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Moments inside [from, to]: mostly office hours (UTC 06:00–17:00, peaks mid-morning and after lunch). */
export function timeSampler(rng: Rng, from: number, to: number): () => number {
  const firstDay = Math.floor(from / DAY);
  const cumulative = dayWeights(rng, firstDay, Math.floor(to / DAY));
  const total = cumulative[cumulative.length - 1]!;
  return () => {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const day = dayAt(cumulative, rng() * total);
      const ofDay = chance(rng, 0.88) ? (weighted(rng, BY_HOUR) + rng()) * HOUR : rng() * DAY;
      const t = (firstDay + day) * DAY + ofDay;
      if (t >= from && t <= to) return Math.floor(t);
    }
    return Math.floor(between(rng, from, to));
  };
}
