import { DEFAULT_QUANTILES, quantileFromBuckets } from "./quantiles.js";
import type { HistogramSeries, MetricSnapshot, ValueSeries } from "./snapshot.js";

/** A counter in the dashboard: its total over all series and its recent rate. */
export interface CounterSummary {
  /** Sum over every series. */
  total: number;
  series: number;
  /** Increase per second over the last `rateWindowMinutes` complete minutes (null without minute rollups). */
  ratePerSecond: number | null;
}

/** A gauge in the dashboard: the sum of its series' current values, and the lowest and highest of them. */
export interface GaugeSummary {
  /** Sum over every series (the value itself for a gauge without labels). */
  value: number;
  min: number;
  max: number;
  series: number;
}

/** A histogram in the dashboard: count, sum and average over all series, and quantiles of all observations. */
export interface HistogramSummary {
  count: number;
  sum: number;
  /** sum / count (NaN without observations). */
  average: number;
  series: number;
  /** Quantile → estimate from the merged buckets of every series. */
  quantiles: Record<number, number>;
}

/** The fleet's metrics at a glance (`metrics.summary()`), by metric name. */
export interface MetricsSummary {
  /** When it was read (ms since the epoch). */
  generatedAt: number;
  counters: Record<string, CounterSummary>;
  gauges: Record<string, GaugeSummary>;
  histograms: Record<string, HistogramSummary>;
}

/** Minutes the dashboard's counter rates cover. */
export const RATE_WINDOW_MINUTES = 5;

/**
 * Builds the dashboard from snapshots and, per metric, the last complete minute rollups (field →
 * value lists; counters keep one field per series id). `recent` is empty when minute rollups are off.
 */
export function summarize(
  entries: readonly { snapshot: MetricSnapshot; recent: [string, string][][] }[],
  generatedAt: number,
  minuteRollups: boolean,
): MetricsSummary {
  const summary: MetricsSummary = { generatedAt, counters: {}, gauges: {}, histograms: {} };
  for (const { snapshot, recent } of entries) {
    const { definition } = snapshot;
    if (definition.type === "histogram") {
      const series = snapshot.series as HistogramSeries[];
      const bucketCounts = new Array<number>(definition.buckets.length + 1).fill(0);
      let sum = 0;
      let count = 0;
      for (const one of series) {
        sum += one.sum;
        count += one.count;
        one.bucketCounts.forEach((value, index) => {
          bucketCounts[index] = (bucketCounts[index] as number) + value;
        });
      }
      summary.histograms[definition.name] = {
        count,
        sum,
        average: count === 0 ? Number.NaN : sum / count,
        series: series.length,
        quantiles: Object.fromEntries(DEFAULT_QUANTILES.map((quantile) => [quantile, quantileFromBuckets(quantile, definition.buckets, bucketCounts)])),
      };
      continue;
    }
    const values = (snapshot.series as ValueSeries[]).map((one) => one.value);
    const total = values.reduce((sum, value) => sum + value, 0);
    if (definition.type === "counter") {
      const increase = recent.flat().reduce((sum, [field, value]) => (field.includes(":") ? sum : sum + Number(value)), 0);
      summary.counters[definition.name] = { total, series: values.length, ratePerSecond: minuteRollups ? increase / (RATE_WINDOW_MINUTES * 60) : null };
    } else {
      summary.gauges[definition.name] = {
        value: total,
        min: values.length === 0 ? Number.NaN : Math.min(...values),
        max: values.length === 0 ? Number.NaN : Math.max(...values),
        series: values.length,
      };
    }
  }
  return summary;
}
