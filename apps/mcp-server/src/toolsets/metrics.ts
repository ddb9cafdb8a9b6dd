import { type Counter, type Gauge, Histogram, MetricConflictError, type MetricDescription, type Metrics, type MetricType } from "@redis-mcp/metrics";
import { z } from "zod";
import { ToolError } from "../guard/error-result.js";
import { defineTool, type ToolContext } from "../tools/define-tool.js";
import { jsonBytes } from "./value-budget.js";

const metricName = z
  .string()
  .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, "a Prometheus metric name")
  .max(200);
const labels = z
  .record(z.string(), z.union([z.string(), z.number()]))
  .optional()
  .describe("label name → value");
const help = z.string().min(1).max(500).optional().describe("# HELP text for a new metric");

/** The tool that writes each type, for "wrong type" errors. */
const WRITER_OF: Record<MetricType, string> = { counter: "metric_increment", gauge: "gauge_set", histogram: "histogram_observe" };

/** What each write tool writes to. */
interface MetricOfType {
  counter: Counter;
  gauge: Gauge;
  histogram: Histogram;
}

function conflict(name: string, type: MetricType, prefix: string): MetricConflictError {
  return new MetricConflictError(`${name} is a ${type} under prefix "${prefix}": use ${WRITER_OF[type]}. Nothing was written.`);
}

function assertSameBuckets(name: string, given: readonly number[] | undefined, registered: readonly number[]): void {
  if (given && JSON.stringify(given) !== JSON.stringify(registered)) {
    throw new MetricConflictError(`${name} is registered with buckets [${registered.join(", ")}]; leave buckets out. Nothing was written.`);
  }
}

/**
 * The metric a write tool writes to. Once this server has written a name it holds the metric, so a
 * write is one script call (the script itself refuses a series whose stored definition changed).
 * The first write of a name reads the registered definition, so that writes land in the
 * application's series (its label names and buckets exactly), else defines one from the call.
 */
async function metricToWrite<Type extends MetricType>(
  metrics: Metrics,
  type: Type,
  input: { name: string; labels?: Record<string, string | number>; help?: string; buckets?: number[] },
): Promise<MetricOfType[Type]> {
  const held = metrics.getSingleMetric(input.name);
  if (held) {
    if (held.type !== type) throw conflict(input.name, held.type, metrics.prefix);
    if (held instanceof Histogram) assertSameBuckets(input.name, input.buckets, held.buckets);
    return held as MetricOfType[Type];
  }
  const registered: MetricDescription | undefined = await metrics.definition(input.name);
  if (registered && registered.type !== type) throw conflict(input.name, registered.type, metrics.prefix);
  if (registered) assertSameBuckets(input.name, input.buckets, registered.buckets);
  const definition = registered
    ? { name: input.name, help: registered.help, labelNames: registered.labelNames, ...(type === "histogram" ? { buckets: registered.buckets } : {}) }
    : {
        name: input.name,
        help: input.help ?? `${input.name} (created by redis-mcp)`,
        labelNames: Object.keys(input.labels ?? {}),
        ...(input.buckets ? { buckets: input.buckets } : {}),
      };
  if (type === "counter") return metrics.counter(definition) as MetricOfType[Type];
  if (type === "gauge") return metrics.gauge(definition) as MetricOfType[Type];
  return metrics.histogram(definition) as MetricOfType[Type];
}

/** Refusals of a held metric that a newer definition in the registry may explain; nothing was written. */
const STALE_DEFINITION_CODES: ReadonlySet<unknown> = new Set(["E_METRIC_CONFLICT", "E_METRIC_LABELS"]);

/**
 * Writes through the metric the server holds for `input.name`. When the metric was deleted and
 * defined again with another type, labels or buckets since this server first wrote it, the write is
 * refused before anything is written (by the script, or by the label check for labels the old
 * definition lacks): the server drops what it holds and writes once more from the registry's
 * current definition.
 */
async function writeMetric<Type extends MetricType>(
  context: ToolContext,
  type: Type,
  input: { name: string; labels?: Record<string, string | number>; help?: string; buckets?: number[] },
  write: (metric: MetricOfType[Type]) => Promise<unknown>,
): Promise<void> {
  const held = context.applications.metricWriters().getSingleMetric(input.name) !== undefined;
  try {
    await write(await metricToWrite(context.applications.metricWriters(), type, input));
  } catch (error) {
    if (!held || !STALE_DEFINITION_CODES.has((error as { code?: unknown }).code)) throw error;
    context.applications.forgetMetricWriters();
    await write(await metricToWrite(context.applications.metricWriters(), type, input));
  }
}

export const metricIncrement = defineTool({
  name: "metric_increment",
  toolset: "metrics",
  tier: "write",
  title: "Increment counter",
  description: "Add to an application counter (created if new, with these label names).",
  idempotent: false,
  input: { name: metricName, labels, by: z.number().positive().default(1), help },
  output: { name: z.string(), added: z.number() },
  async run(input, context) {
    await writeMetric(context, "counter", input, (counter) => counter.inc(input.labels ?? {}, input.by));
    return { structured: { name: input.name, added: input.by } };
  },
});

export const gaugeSet = defineTool({
  name: "gauge_set",
  toolset: "metrics",
  tier: "write",
  title: "Set gauge",
  description: "Set an application gauge's value (created if new, with these label names).",
  idempotent: true,
  input: { name: metricName, labels, value: z.number(), help },
  output: { name: z.string(), value: z.number() },
  async run(input, context) {
    await writeMetric(context, "gauge", input, (gauge) => gauge.set(input.labels ?? {}, input.value));
    return { structured: { name: input.name, value: input.value } };
  },
});

export const histogramObserve = defineTool({
  name: "histogram_observe",
  toolset: "metrics",
  tier: "write",
  title: "Observe histogram",
  description: "Record observations in an application histogram (created if new, with these buckets).",
  idempotent: false,
  input: {
    name: metricName,
    labels,
    values: z.array(z.number()).min(1).max(1000),
    buckets: z.array(z.number()).min(1).max(100).optional().describe("upper bounds, for a new histogram"),
    help,
  },
  output: { name: z.string(), observed: z.number() },
  async run(input, context) {
    await writeMetric(context, "histogram", input, (histogram) => {
      const series = histogram.labels(input.labels ?? {});
      // Observations of one tick go out in one script call.
      return Promise.all(input.values.map((value) => series.observe(value)));
    });
    return { structured: { name: input.name, observed: input.values.length } };
  },
});

/** NaN (an average without observations) is not JSON: null instead. */
function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

const MAX_POINTS = 1440;

export const metricGet = defineTool({
  name: "metric_get",
  toolset: "metrics",
  tier: "read",
  title: "Metric time series",
  description: "One series of a metric over a window: counter increases and rates, gauge values, histogram quantiles.",
  idempotent: true,
  input: {
    name: metricName,
    labels,
    windowMs: z
      .number()
      .int()
      .min(60_000)
      .max(7 * 86_400_000)
      .default(3_600_000)
      .describe("how far back from now"),
    stepMs: z.number().int().min(60_000).optional().describe("point width (a multiple of a minute or hour)"),
  },
  output: {
    type: z.enum(["counter", "gauge", "histogram"]),
    resolution: z.enum(["minute", "hour"]),
    stepMs: z.number(),
    from: z.number(),
    to: z.number(),
    points: z.array(z.record(z.string(), z.unknown())),
  },
  async run(input, context) {
    const now = Date.now();
    const range = await context.applications.metrics().range(input.name, input.labels, { from: now - input.windowMs, to: now, stepMs: input.stepMs });
    if (range.points.length > MAX_POINTS) {
      throw new ToolError("E_INVALID_ARGUMENT", `that is ${range.points.length} points; give a larger stepMs (at most ${MAX_POINTS} points per call).`);
    }
    const points = range.points.map((point) => JSON.parse(JSON.stringify(point, (_key, value) => (typeof value === "number" ? finite(value) : value))));
    return { structured: { type: range.type, resolution: range.resolution, stepMs: range.stepMs, from: range.from, to: range.to, points } };
  },
});

export const metricsSummary = defineTool({
  name: "metrics_summary",
  toolset: "metrics",
  tier: "read",
  title: "Metrics summary",
  description: "Every application metric at a glance: counter totals and rates, gauge values, histogram quantiles.",
  idempotent: true,
  input: {},
  output: {
    generatedAt: z.number(),
    counters: z.record(z.string(), z.object({ total: z.number(), series: z.number(), ratePerSecond: z.number().nullable() })),
    gauges: z.record(z.string(), z.object({ value: z.number(), min: z.number(), max: z.number(), series: z.number() })),
    histograms: z.record(
      z.string(),
      z.object({
        count: z.number(),
        sum: z.number(),
        average: z.number().nullable(),
        series: z.number(),
        quantiles: z.record(z.string(), z.number().nullable()),
      }),
    ),
  },
  async run(_input, context) {
    const summary = await context.applications.metrics().summary();
    const histograms = Object.fromEntries(
      Object.entries(summary.histograms).map(([name, histogram]) => [
        name,
        {
          ...histogram,
          average: finite(histogram.average),
          quantiles: Object.fromEntries(Object.entries(histogram.quantiles).map(([quantile, value]) => [quantile, finite(value)])),
        },
      ]),
    );
    const structured = { ...summary, histograms };
    if (jsonBytes(structured) > context.budgetBytes) {
      throw new ToolError("E_BUDGET", "the summary of every metric is over the output budget; read metrics one at a time with metric_get.");
    }
    return { structured };
  },
});

export const metricsExport = defineTool({
  name: "metrics_export",
  toolset: "metrics",
  tier: "read",
  title: "Export metrics",
  description: "Every application metric in Prometheus text format (cut at a line within the budget).",
  idempotent: true,
  input: { format: z.enum(["prometheus", "openmetrics"]).default("prometheus") },
  output: { text: z.string(), bytes: z.number(), truncated: z.boolean() },
  async run(input, context) {
    const text = await context.applications.metrics().metrics({ format: input.format });
    const bytes = Buffer.byteLength(text);
    // Room for the JSON envelope and escaped newlines and quotes.
    const room = Math.floor((context.budgetBytes - 512) / 1.3);
    if (bytes <= room) return { structured: { text, bytes, truncated: false }, text };
    const cut = Buffer.from(text).subarray(0, room).toString("utf8");
    const shown = cut.slice(0, cut.lastIndexOf("\n") + 1);
    return { structured: { text: shown, bytes, truncated: true }, text: `${shown}# truncated: ${bytes} bytes in all; use metric_get for one metric` };
  },
});

/** The metrics toolset: an application's createMetrics data. */
export const METRICS_TOOLS = [metricIncrement, gaugeSet, histogramObserve, metricGet, metricsSummary, metricsExport];
