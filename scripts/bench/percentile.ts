/**
 * The nearest-rank percentile of `values` (any order; NaN when there are none): the smallest value
 * with at least p % of the values at or below it. One definition for every benchmark's p50/p95/p99.
 */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}
