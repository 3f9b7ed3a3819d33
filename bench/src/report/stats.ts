/** Small, dependency-free statistics for the bench: medians of rounds, latency percentiles, ratios. */

/** The median of the finite values given; null when there is none. An even count averages the middle two. */
export function median(values: readonly (number | null | undefined)[]): number | null {
  const finite = values.filter(
    (value): value is number => typeof value === 'number' && Number.isFinite(value),
  );
  if (finite.length === 0) return null;
  const sorted = [...finite].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The p-th percentile (0 < p ≤ 100) of already sorted values, nearest-rank method: the smallest
 * value such that at least p % of the values are ≤ it. Null for no values.
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface LatencySummary {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
  mean: number | null;
}

/** p50/p90/p99/max/mean of latency samples (any unit); sorts a copy. */
export function summarize(samples: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count: sorted.length,
    p50: percentileOfSorted(sorted, 50),
    p90: percentileOfSorted(sorted, 90),
    p99: percentileOfSorted(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : null,
    mean: sorted.length ? sum / sorted.length : null,
  };
}

/** numerator / denominator, or null when either is missing or the denominator is not positive. */
export function ratio(
  numerator: number | null | undefined,
  denominator: number | null | undefined,
): number | null {
  if (typeof numerator !== 'number' || typeof denominator !== 'number') return null;
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator <= 0) return null;
  return numerator / denominator;
}

/** A target a figure is tracked against: `≥ 0.6`, `≤ 50` (ms), … */
export interface Target {
  op: '>=' | '<=' | '==';
  value: number;
}

export type Verdict = 'met' | 'missed' | 'n/a';

/** Whether a figure meets its target; n/a without a figure or a target. */
export function verdict(value: number | null | undefined, target: Target | undefined): Verdict {
  if (target === undefined || typeof value !== 'number' || !Number.isFinite(value)) return 'n/a';
  switch (target.op) {
    case '>=':
      return value >= target.value ? 'met' : 'missed';
    case '<=':
      return value <= target.value ? 'met' : 'missed';
    case '==':
      return value === target.value ? 'met' : 'missed';
  }
}

export const targetText = (target: Target | undefined): string =>
  target === undefined ? '' : `${target.op === '>=' ? '≥' : target.op === '<=' ? '≤' : '='} ${target.value}`;
