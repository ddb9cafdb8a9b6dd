import type { MetricDefinition } from "../definition.js";
import { MINUTE_MS } from "../metric-keys.js";
import { quantileFromBuckets } from "../quantiles.js";

/** One minute rollup hash of a metric (field, value pairs as Redis returned them). */
export type RollupFields = readonly (readonly [string, string])[];

/** A counter's increase during one minute: the sum of its series' fields (`<series id>`). */
export function counterIncrease(fields: RollupFields): number {
  let increase = 0;
  for (const [field, value] of fields) if (!field.includes(":")) increase += Number(value);
  return increase;
}

/** A gauge during one minute: the sum of the last value of every series set in it; null when none was. */
export function gaugeValue(fields: RollupFields): number | null {
  let value: number | null = null;
  for (const [field, raw] of fields) if (!field.includes(":")) value = (value ?? 0) + Number(raw);
  return value;
}

/** A histogram during one minute: observations and p50, p90, p99 of its series' buckets merged; null without observations. */
export function histogramMinute(definition: MetricDefinition, fields: RollupFields): [number, number | null, number | null, number | null] | null {
  const bucketCounts = new Array<number>(definition.buckets.length + 1).fill(0);
  let count = 0;
  for (const [field, raw] of fields) {
    const suffix = field.slice(field.indexOf(":") + 1);
    if (suffix === "count") count += Number(raw);
    else if (/^\d+$/.test(suffix)) {
      const index = Number(suffix);
      if (index < bucketCounts.length) bucketCounts[index] = (bucketCounts[index] as number) + Number(raw);
    }
  }
  if (count === 0) return null;
  const quantile = (q: number) => finiteOrNull(quantileFromBuckets(q, definition.buckets, bucketCounts));
  return [count, quantile(0.5), quantile(0.9), quantile(0.99)];
}

/** JSON has no NaN: an estimate without data is null. */
export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** Start of the minute holding `time`. */
export function minuteOf(time: number): number {
  return time - (time % MINUTE_MS);
}

/** Starts of the `count` minutes up to and including the one holding `now`, oldest first. */
export function lastMinutes(now: number, count: number): number[] {
  const current = minuteOf(now);
  return Array.from({ length: count }, (_, index) => current - (count - 1 - index) * MINUTE_MS);
}

/**
 * A counter's per-second rate in one minute: over the whole minute once it is over, over the
 * seconds elapsed so far while it runs (at least one, so a fresh minute does not spike).
 */
export function counterRate(minuteStart: number, increase: number, now: number): number {
  const elapsedSeconds = Math.min(60, Math.max(1, (now - minuteStart) / 1000));
  return increase / elapsedSeconds;
}
