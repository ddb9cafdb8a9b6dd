import type { MetricDefinition } from "./definition.js";
import { labelsOfKey } from "./labels.js";

/** Current value of one counter or gauge series. */
export interface ValueSeries {
  labels: Record<string, string>;
  value: number;
}

/** Current state of one histogram series: count per bucket (not cumulative; the last is +Inf), sum, count. */
export interface HistogramSeries {
  labels: Record<string, string>;
  /** One count per bucket of the definition plus the +Inf bucket, each for its own range only. */
  bucketCounts: number[];
  sum: number;
  count: number;
}

/** Everything an export needs about one metric. */
export type MetricSnapshot =
  | { definition: MetricDefinition & { type: "counter" | "gauge" }; series: ValueSeries[] }
  | { definition: MetricDefinition & { type: "histogram" }; series: HistogramSeries[] };

/** A hash reply as ioredis gives it (an object for HGETALL), or a flat list of field, value. */
export function hashEntries(reply: unknown): [string, string][] {
  if (Array.isArray(reply)) {
    const entries: [string, string][] = [];
    for (let index = 0; index + 1 < reply.length; index += 2) entries.push([String(reply[index]), String(reply[index + 1])]);
    return entries;
  }
  if (reply instanceof Map) return [...reply].map(([field, value]) => [String(field), String(value)]);
  if (typeof reply === "object" && reply !== null) return Object.entries(reply as Record<string, unknown>).map(([field, value]) => [field, String(value)]);
  return [];
}

/**
 * Builds a metric's snapshot from its `series` hash (series key → id) and `values` hash. Series
 * come sorted by their labels, so every instance exports them in the same order. A metric
 * without labels and without data shows zeros, as prom-client does.
 */
export function snapshotOf(definition: MetricDefinition, seriesReply: unknown, valuesReply: unknown): MetricSnapshot {
  const values = new Map(hashEntries(valuesReply));
  const series = hashEntries(seriesReply)
    .filter(([key]) => !key.startsWith("#"))
    .map(([key, id]) => ({ key, id, labels: labelsOfKey(definition.labelNames, key) }))
    .filter((entry): entry is { key: string; id: string; labels: Record<string, string> } => entry.labels !== undefined)
    .sort((left, right) => (left.key < right.key ? -1 : left.key > right.key ? 1 : 0));
  if (series.length === 0 && definition.labelNames.length === 0) series.push({ key: "[]", id: "", labels: {} });
  const number = (field: string) => Number(values.get(field) ?? 0);
  if (definition.type === "histogram") {
    return {
      definition: definition as MetricDefinition & { type: "histogram" },
      series: series.map(({ id, labels }) => ({
        labels,
        bucketCounts: Array.from({ length: definition.buckets.length + 1 }, (_, index) => number(`${id}:${index}`)),
        sum: number(`${id}:sum`),
        count: number(`${id}:count`),
      })),
    };
  }
  return {
    definition: definition as MetricDefinition & { type: "counter" | "gauge" },
    series: series.map(({ id, labels }) => ({ labels, value: number(id) })),
  };
}
