import type { MetricDefinition } from "./definition.js";
import { MetricInvalidError } from "./errors.js";
import { HOUR_MS, MINUTE_MS } from "./metric-keys.js";
import { assertQuantiles, DEFAULT_QUANTILES, quantileFromBuckets } from "./quantiles.js";

/** Which rollups a range reads: per minute (kept `minuteRetentionMs`) or per hour (kept `hourRetentionMs`). */
export type Resolution = "minute" | "hour";

/** A time window for `range()`. Times are milliseconds since the epoch (or Dates). */
export interface RangeOptions {
  /** Start of the window (inclusive, rounded down to the resolution). */
  from: number | Date;
  /** End of the window (exclusive); default now. */
  to?: number | Date;
  /** Length of each point; a whole multiple of the resolution (default: the resolution). */
  stepMs?: number;
  /** Default: `minute` when `from` is within the minute retention, else `hour`. */
  resolution?: Resolution;
  /** Histograms: quantiles to estimate per point (default 0.5, 0.9, 0.99). */
  quantiles?: readonly number[];
}

/** A counter point: what was added during [timestamp, timestamp + stepMs), and that per second. */
export interface CounterPoint {
  timestamp: number;
  increase: number;
  /** `increase` per second of the step. */
  rate: number;
}

/** A gauge point: the last value set during the step, and the lowest and highest. */
export interface GaugePoint {
  timestamp: number;
  value: number;
  min: number;
  max: number;
}

/** A histogram point: observations during the step, and quantiles estimated from their buckets. */
export interface HistogramPoint {
  timestamp: number;
  count: number;
  sum: number;
  /** sum / count (NaN without observations). */
  average: number;
  /** Observations per bucket (not cumulative; the last is +Inf). */
  bucketCounts: number[];
  /** Quantile → estimated value. */
  quantiles: Record<number, number>;
}

/**
 * A series over a window. Counters have a point for every step (0 when nothing was added);
 * gauges and histograms only for steps with data.
 */
export type RangeResult =
  | { type: "counter"; resolution: Resolution; stepMs: number; from: number; to: number; points: CounterPoint[] }
  | { type: "gauge"; resolution: Resolution; stepMs: number; from: number; to: number; points: GaugePoint[] }
  | { type: "histogram"; resolution: Resolution; stepMs: number; from: number; to: number; points: HistogramPoint[] };

/** A counter's window. */
export type CounterRange = Extract<RangeResult, { type: "counter" }>;
/** A gauge's window. */
export type GaugeRange = Extract<RangeResult, { type: "gauge" }>;
/** A histogram's window. */
export type HistogramRange = Extract<RangeResult, { type: "histogram" }>;

/** Most rollup buckets one range reads (a week of minutes): bounds the script's work. */
export const MAX_RANGE_BUCKETS = 10_080;

/** A validated window: aligned start, end, step and which rollups to read. */
export interface RangeWindow {
  from: number;
  to: number;
  stepMs: number;
  resolution: Resolution;
  /** Bucket length of the resolution. */
  periodMs: number;
  quantiles: readonly number[];
}

function time(value: unknown, name: string, operation: string): number {
  const milliseconds = value instanceof Date ? value.getTime() : value;
  if (typeof milliseconds !== "number" || !Number.isFinite(milliseconds)) {
    throw new MetricInvalidError(`${operation}: ${name} must be a time in milliseconds since the epoch or a Date; got ${JSON.stringify(value)}.`);
  }
  return milliseconds;
}

/**
 * Checks and resolves range options.
 * @param now The current time (for the default `to` and resolution).
 * @param minuteRetentionMs How long minute rollups are kept (0: none, so hours are used).
 * @throws MetricInvalidError (`E_METRIC_INVALID`) naming the bad option.
 */
export function resolveWindow(options: RangeOptions, now: number, minuteRetentionMs: number, operation: string): RangeWindow {
  if (typeof options !== "object" || options === null) throw new MetricInvalidError(`${operation}: pass { from, to?, stepMs? }.`);
  const to = options.to === undefined ? now : time(options.to, "to", operation);
  const requestedFrom = time(options.from, "from", operation);
  if (requestedFrom >= to) throw new MetricInvalidError(`${operation}: from (${requestedFrom}) must be before to (${to}).`);
  const resolution = options.resolution ?? (minuteRetentionMs > 0 && requestedFrom >= now - minuteRetentionMs - MINUTE_MS ? "minute" : "hour");
  if (resolution !== "minute" && resolution !== "hour")
    throw new MetricInvalidError(`${operation}: resolution must be "minute" or "hour"; got ${JSON.stringify(resolution)}.`);
  const periodMs = resolution === "minute" ? MINUTE_MS : HOUR_MS;
  const stepMs = options.stepMs ?? periodMs;
  if (!Number.isInteger(stepMs) || stepMs <= 0 || stepMs % periodMs !== 0) {
    throw new MetricInvalidError(`${operation}: stepMs must be a whole multiple of the ${resolution} rollups (${periodMs} ms); got ${stepMs}.`);
  }
  const from = requestedFrom - (requestedFrom % periodMs);
  const buckets = Math.ceil((to - from) / periodMs);
  if (buckets > MAX_RANGE_BUCKETS) {
    throw new MetricInvalidError(
      `${operation}: the window spans ${buckets} ${resolution} rollups; at most ${MAX_RANGE_BUCKETS} per call. Narrow it, or use resolution "hour".`,
    );
  }
  const quantiles = options.quantiles ?? DEFAULT_QUANTILES;
  assertQuantiles(quantiles, operation);
  return { from, to, stepMs, resolution, periodMs, quantiles };
}

/** Suffixes of the rollup fields a type needs ('' is the plain series id). */
export function rollupFields(definition: MetricDefinition): string[] {
  if (definition.type === "counter") return [""];
  if (definition.type === "gauge") return ["", ":min", ":max"];
  return [":sum", ":count", ...Array.from({ length: definition.buckets.length + 1 }, (_, index) => `:${index}`)];
}

/** Parses the range script's flat reply into rows of [bucket start, field values]. */
function rowsOf(reply: readonly unknown[], width: number): [number, (number | undefined)[]][] {
  const rows: [number, (number | undefined)[]][] = [];
  for (let index = 0; index + width < reply.length; index += width + 1) {
    const values = reply.slice(index + 1, index + 1 + width).map((value) => (value === "" || value === null ? undefined : Number(value)));
    rows.push([Number(reply[index]), values]);
  }
  return rows;
}

/** Groups rows into steps: the step a bucket belongs to starts at from + k * stepMs. */
function bySteps<Row extends [number, unknown]>(rows: Row[], window: RangeWindow): Map<number, Row[]> {
  const steps = new Map<number, Row[]>();
  for (const row of rows) {
    const step = window.from + Math.floor((row[0] - window.from) / window.stepMs) * window.stepMs;
    const list = steps.get(step);
    if (list) list.push(row);
    else steps.set(step, [row]);
  }
  return steps;
}

/** Turns the range script's reply into points for the metric's type. */
export function pointsOf(definition: MetricDefinition, reply: readonly unknown[], window: RangeWindow): RangeResult {
  const fields = rollupFields(definition);
  const steps = bySteps(rowsOf(reply, fields.length), window);
  const { from, to, stepMs, resolution } = window;
  if (definition.type === "counter") {
    const points: CounterPoint[] = [];
    for (let timestamp = from; timestamp < to; timestamp += stepMs) {
      const increase = (steps.get(timestamp) ?? []).reduce((sum, [, values]) => sum + (values[0] ?? 0), 0);
      points.push({ timestamp, increase, rate: increase / (stepMs / 1000) });
    }
    return { type: "counter", resolution, stepMs, from, to, points };
  }
  const ordered = [...steps].sort(([left], [right]) => left - right);
  if (definition.type === "gauge") {
    const points: GaugePoint[] = [];
    for (const [timestamp, rows] of ordered) {
      const present = rows.filter(([, values]) => values[0] !== undefined).sort(([left], [right]) => left - right);
      if (present.length === 0) continue;
      points.push({
        timestamp,
        value: (present.at(-1) as [number, number[]])[1][0] as number,
        min: Math.min(...present.map(([, values]) => values[1] ?? (values[0] as number))),
        max: Math.max(...present.map(([, values]) => values[2] ?? (values[0] as number))),
      });
    }
    return { type: "gauge", resolution, stepMs, from, to, points };
  }
  const points: HistogramPoint[] = [];
  for (const [timestamp, rows] of ordered) {
    let sum = 0;
    let count = 0;
    const bucketCounts = new Array<number>(definition.buckets.length + 1).fill(0);
    for (const [, values] of rows) {
      sum += values[0] ?? 0;
      count += values[1] ?? 0;
      for (let index = 0; index < bucketCounts.length; index++) bucketCounts[index] = (bucketCounts[index] as number) + (values[index + 2] ?? 0);
    }
    if (count === 0) continue;
    const quantiles = Object.fromEntries(window.quantiles.map((quantile) => [quantile, quantileFromBuckets(quantile, definition.buckets, bucketCounts)]));
    points.push({ timestamp, count, sum, average: sum / count, bucketCounts, quantiles });
  }
  return { type: "histogram", resolution, stepMs, from, to, points };
}
