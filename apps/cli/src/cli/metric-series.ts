import type { MetricDescription, Metrics, RangeResult } from "@redis-mcp/metrics";

/** One metric's recent per-minute series, as `show` and `watch` draw it. */
export interface MetricSeries {
  name: string;
  /** Labels of the series drawn ({} for a metric without labels). */
  labels: Record<string, string>;
  /** Per minute, oldest first: a counter's increase, a gauge's last value, a histogram's observation count; null for a minute without data. */
  values: (number | null)[];
  /** First minute (ms since the epoch). */
  from: number;
}

/** Label values given for every label name of the metric, or undefined when some are missing. */
export function seriesLabels(definition: Pick<MetricDescription, "labelNames">, given: Record<string, string>): Record<string, string> | undefined {
  if (!definition.labelNames.every((name) => given[name] !== undefined)) return undefined;
  return Object.fromEntries(definition.labelNames.map((name) => [name, given[name] as string]));
}

/** One value per step of the window (null for steps without a point), from a range's points. */
export function valuesPerStep(range: RangeResult): (number | null)[] {
  const steps = Math.ceil((range.to - range.from) / range.stepMs);
  const values: (number | null)[] = new Array(steps).fill(null);
  for (const point of range.points) {
    const index = Math.floor((point.timestamp - range.from) / range.stepMs);
    if (index < 0 || index >= steps) continue;
    values[index] = "increase" in point ? point.increase : "value" in point ? point.value : point.count;
  }
  return values;
}

/**
 * The last `minutes` minutes of one series of `definition` (the series `labels` pick), through
 * `metrics.range()`: one round trip.
 */
export async function recentSeries(
  metrics: Metrics,
  definition: MetricDescription,
  labels: Record<string, string>,
  minutes: number,
  now: number,
): Promise<MetricSeries> {
  const minute = 60_000;
  const to = now - (now % minute) + minute;
  const range = await metrics.range(definition.name, labels, { from: to - minutes * minute, to, stepMs: minute, resolution: "minute" });
  return { name: definition.name, labels, values: valuesPerStep(range), from: range.from };
}
