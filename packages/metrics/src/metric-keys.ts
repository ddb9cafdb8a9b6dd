import { MetricInvalidError } from "./errors.js";

/** The Redis keys of one metric; all share the hash tag `{<name>}`, so one script call can touch them all. */
export interface MetricKeys {
  /** `<prefix>:{<name>}`: not a key itself; rollup keys are `<base>:m:<minute start ms>` and `<base>:h:<hour start ms>`. */
  base: string;
  /**
   * Hash: label values (a JSON array in labelNames order) → series id, plus `#definition`
   * (fingerprint of type, labels, buckets) and `#next` (the last series id given out).
   */
  series: string;
  /** Hash: current values by series id (`<id>`; histograms `<id>:<bucket index>`, `<id>:sum`, `<id>:count`). */
  values: string;
}

/**
 * Checks a key prefix: non-empty, without braces (they would change the hash tag).
 * @throws MetricInvalidError (`E_METRIC_INVALID`).
 */
export function assertPrefix(prefix: unknown): asserts prefix is string {
  if (typeof prefix !== "string" || prefix.length === 0 || /[{}]/.test(prefix)) {
    throw new MetricInvalidError(
      `createMetrics: prefix must be a non-empty string without braces, e.g. "metrics" or "app:metrics"; got ${JSON.stringify(prefix)}.`,
    );
  }
}

/** The keys of metric `name` under `prefix`: `<prefix>:{<name>}:series|values` and rollups. */
export function metricKeys(prefix: string, name: string): MetricKeys {
  const base = `${prefix}:{${name}}`;
  return { base, series: `${base}:series`, values: `${base}:values` };
}

/** The registry of a prefix: a hash of metric name → definition JSON. */
export function registryKey(prefix: string): string {
  return `${prefix}:registry`;
}

/** Length of a minute rollup bucket. */
export const MINUTE_MS = 60_000;
/** Length of an hourly rollup bucket. */
export const HOUR_MS = 3_600_000;
