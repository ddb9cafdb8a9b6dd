import { MetricInvalidError } from "./errors.js";

/** The quantiles reported by default: median, 90th and 99th percentile. */
export const DEFAULT_QUANTILES: readonly number[] = [0.5, 0.9, 0.99];

/**
 * Checks quantiles: numbers from 0 to 1.
 * @throws MetricInvalidError (`E_METRIC_INVALID`).
 */
export function assertQuantiles(quantiles: unknown, operation: string): asserts quantiles is readonly number[] {
  if (!Array.isArray(quantiles) || !quantiles.every((quantile) => typeof quantile === "number" && quantile >= 0 && quantile <= 1)) {
    throw new MetricInvalidError(`${operation}: quantiles must be numbers from 0 to 1, e.g. [0.5, 0.9, 0.99]; got ${JSON.stringify(quantiles)}.`);
  }
}

/**
 * Estimates a quantile from histogram buckets the way Prometheus' `histogram_quantile` does: find
 * the bucket holding the rank, interpolate linearly inside it (the first bucket starts at 0 when
 * its bound is positive). A rank in the +Inf bucket answers the highest finite bound. NaN when
 * there are no observations. The error is at most the width of the bucket holding the quantile.
 * @param bounds Finite upper bounds, increasing.
 * @param bucketCounts Observations per bucket (not cumulative), one more than `bounds` (+Inf).
 */
export function quantileFromBuckets(quantile: number, bounds: readonly number[], bucketCounts: readonly number[]): number {
  const total = bucketCounts.reduce((sum, count) => sum + count, 0);
  if (total === 0 || bounds.length === 0) return Number.NaN;
  const rank = quantile * total;
  let before = 0;
  for (let index = 0; index < bucketCounts.length; index++) {
    const count = bucketCounts[index] as number;
    if (count > 0 && before + count >= rank) {
      if (index >= bounds.length) return bounds[bounds.length - 1] as number;
      const upper = bounds[index] as number;
      // The first bucket starts at 0 (or is a point at its bound when that is not positive), as in Prometheus.
      const lower = index === 0 ? Math.min(upper, 0) : (bounds[index - 1] as number);
      return lower + (upper - lower) * ((rank - before) / count);
    }
    before += count;
  }
  return bounds[bounds.length - 1] as number;
}

/** The bucket index an observation falls in: the first bound it does not exceed, else +Inf (the last). */
export function bucketIndexOf(value: number, bounds: readonly number[]): number {
  // Buckets are few (tens): a linear scan beats a binary search's branches.
  for (let index = 0; index < bounds.length; index++) if (value <= (bounds[index] as number)) return index;
  return bounds.length;
}
