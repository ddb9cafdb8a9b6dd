import type { RedisMcpError } from "@redis-mcp/core";
import { createMetrics, type MetricDescription, type Metrics, type MetricsSummary, type MetricType } from "@redis-mcp/metrics";
import sparkly from "sparkly";
import { withRedis } from "../cli/connect.js";
import { CliError, EXIT_CODES } from "../cli/exit-codes.js";
import { formatNumber, formatTimestamp, plural } from "../cli/format.js";
import { type Invocation, outputOf } from "../cli/invocation.js";
import { recentSeries, seriesLabels } from "../cli/metric-series.js";
import type { Colors } from "../cli/output.js";
import { renderTable } from "../cli/table.js";
import type { MetricsFlags, ObservationFlags } from "../commands/metrics.js";

/**
 * Runs `work` on the registry under `prefix`. Writes nobody awaits report to `onError`; the first
 * such failure fails the command, so nothing is lost silently.
 */
export async function withMetrics<T>(invocation: Invocation, prefix: string, work: (metrics: Metrics) => Promise<T>): Promise<T> {
  return withRedis(invocation, async (redis) => {
    const failures: RedisMcpError[] = [];
    const metrics = createMetrics(redis, { prefix, onError: (error) => failures.push(error) });
    try {
      const result = await work(metrics);
      await metrics.close();
      if (failures.length > 0) throw failures[0];
      return result;
    } catch (error) {
      await metrics.close().catch(() => {});
      throw error;
    }
  });
}

const COMMAND_OF: Record<MetricType, string> = { counter: "inc", gauge: "gauge", histogram: "observe" };

/** The metric to write to: as registered (help kept unless --description), else new with the --label names. */
function definitionFor(type: MetricType, name: string, registered: MetricDescription | undefined, flags: ObservationFlags & { buckets?: number[] }) {
  if (registered && registered.type !== type) {
    throw new CliError(
      "E_METRIC_CONFLICT",
      `${name} is registered as a ${registered.type} under prefix ${flags.prefix}; use redis-mcp metrics ${COMMAND_OF[registered.type]}.`,
      EXIT_CODES.usage,
    );
  }
  if (registered && flags.buckets) throw new CliError("E_USAGE", `${name} is already registered with its buckets; drop --buckets.`, EXIT_CODES.usage);
  return {
    name,
    help: flags.description ?? registered?.help ?? `${name} (recorded with redis-mcp)`,
    labelNames: registered?.labelNames ?? Object.keys(flags.label),
    ...(type === "histogram" ? { buckets: registered?.buckets ?? flags.buckets } : {}),
  };
}

/** `redis-mcp metrics inc|gauge|observe`: one observation, written before the command returns. */
export async function record(
  invocation: Invocation,
  type: MetricType,
  name: string,
  value: number,
  flags: ObservationFlags & { buckets?: number[] },
): Promise<void> {
  const output = outputOf(invocation);
  const labels = flags.label;
  await withMetrics(invocation, flags.prefix, async (metrics) => {
    const definition = definitionFor(type, name, await metrics.definition(name), flags);
    if (type === "counter") await metrics.counter(definition).inc(labels, value);
    else if (type === "gauge") await metrics.gauge(definition).set(labels, value);
    else await metrics.histogram(definition).observe(labels, value);
  });
  const verb =
    type === "counter" ? `added ${formatNumber(value)} to` : type === "gauge" ? `set to ${formatNumber(value)}:` : `observed ${formatNumber(value)} in`;
  const labelText = Object.entries(labels)
    .map(([label, text]) => `${label}=${JSON.stringify(text)}`)
    .join(",");
  output.result({ name, type, labels, value }, () => `${verb} ${name}${labelText ? `{${labelText}}` : ""}`);
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return "-";
  return Number.isInteger(value) ? formatNumber(value) : formatNumber(Math.round(value * 1000) / 1000);
}

/** The summary as three tables (counters, gauges, histograms), for `show` and `export --format json` by people. */
export function summaryText(summary: MetricsSummary, colors: Colors): string {
  const parts: string[] = [];
  const counters = Object.entries(summary.counters);
  if (counters.length > 0) {
    parts.push(
      renderTable(
        [{ heading: "COUNTER" }, { heading: "TOTAL", align: "right" }, { heading: "PER SECOND (5M)", align: "right" }, { heading: "SERIES", align: "right" }],
        counters.map(([name, counter]) => [
          name,
          formatValue(counter.total),
          counter.ratePerSecond === null ? "-" : formatValue(counter.ratePerSecond),
          counter.series,
        ]),
        colors,
      ),
    );
  }
  const gauges = Object.entries(summary.gauges);
  if (gauges.length > 0) {
    parts.push(
      renderTable(
        [
          { heading: "GAUGE" },
          { heading: "VALUE", align: "right" },
          { heading: "MIN", align: "right" },
          { heading: "MAX", align: "right" },
          { heading: "SERIES", align: "right" },
        ],
        gauges.map(([name, gauge]) => [name, formatValue(gauge.value), formatValue(gauge.min), formatValue(gauge.max), gauge.series]),
        colors,
      ),
    );
  }
  const histograms = Object.entries(summary.histograms);
  if (histograms.length > 0) {
    parts.push(
      renderTable(
        [
          { heading: "HISTOGRAM" },
          { heading: "COUNT", align: "right" },
          { heading: "AVG", align: "right" },
          { heading: "P50", align: "right" },
          { heading: "P90", align: "right" },
          { heading: "P99", align: "right" },
          { heading: "SERIES", align: "right" },
        ],
        histograms.map(([name, histogram]) => [
          name,
          formatValue(histogram.count),
          formatValue(histogram.average),
          formatValue(histogram.quantiles[0.5] ?? Number.NaN),
          formatValue(histogram.quantiles[0.9] ?? Number.NaN),
          formatValue(histogram.quantiles[0.99] ?? Number.NaN),
          histogram.series,
        ]),
        colors,
      ),
    );
  }
  return parts.length === 0 ? "no metrics registered" : parts.join("\n\n");
}

/** `redis-mcp metrics show [name]`. */
export async function show(invocation: Invocation, name: string | undefined, flags: MetricsFlags & { since: number }): Promise<void> {
  const output = outputOf(invocation);
  if (name === undefined) {
    const summary = await withMetrics(invocation, flags.prefix, (metrics) => metrics.summary());
    output.result(summary, (colors) => summaryText(summary, colors));
    return;
  }
  const minutes = Math.max(1, Math.ceil(flags.since / 60_000));
  const { definition, series } = await withMetrics(invocation, flags.prefix, async (metrics) => {
    const found = await metrics.definition(name);
    if (!found) throw new CliError("E_METRIC_NOT_FOUND", `no metric ${name} is registered under prefix ${flags.prefix}; see redis-mcp metrics show.`);
    const labels = seriesLabels(found, flags.label);
    if (!labels)
      throw new CliError("E_USAGE", `${name} has labels ${found.labelNames.join(", ")}: pick its series with --label name=value for each.`, EXIT_CODES.usage);
    return { definition: found, series: await recentSeries(metrics, found, labels, minutes, Date.now()) };
  });
  output.result({ definition, series }, (colors) => {
    const what = definition.type === "counter" ? "added per minute" : definition.type === "gauge" ? "last value per minute" : "observations per minute";
    const points = series.values
      .map((value, index) => [formatTimestamp((series.from + index * 60_000) / 1000), value === null ? "-" : formatValue(value)])
      .filter(([, value]) => value !== "-" && !(definition.type === "counter" && value === "0"));
    const heading = `${colors.bold(name)} (${definition.type}) ${definition.help}\n${sparkly(series.values.map((value) => value ?? ""))}  ${what}, last ${plural(minutes, "minute")}`;
    return points.length === 0
      ? `${heading}\n\nno data in this window`
      : `${heading}\n\n${renderTable([{ heading: "MINUTE (UTC)" }, { heading: "VALUE", align: "right" }], points, colors)}`;
  });
}

/** `redis-mcp metrics export`. */
export async function exportMetrics(invocation: Invocation, flags: { prefix: string; format: "prometheus" | "openmetrics" | "json" }): Promise<void> {
  const output = outputOf(invocation);
  if (flags.format === "json") {
    const summary = await withMetrics(invocation, flags.prefix, (metrics) => metrics.summary());
    // JSON is the format asked for: print it whether or not --json was given.
    output.result(summary, () => JSON.stringify(summary, null, 2));
    return;
  }
  const format = flags.format;
  const text = await withMetrics(invocation, flags.prefix, (metrics) => metrics.metrics({ format }));
  output.result({ format, text }, () => text);
}
