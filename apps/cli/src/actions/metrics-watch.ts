import type { MetricDescription, Metrics, MetricsSummary, MetricType } from "@redis-mcp/metrics";
import sparkly from "sparkly";
import { formatNumber } from "../cli/format.js";
import { type Invocation, outputOf } from "../cli/invocation.js";
import { type MetricSeries, recentSeries, seriesLabels } from "../cli/metric-series.js";
import type { Colors } from "../cli/output.js";
import { renderTable } from "../cli/table.js";
import type { MetricsFlags } from "../commands/metrics.js";
import { withMetrics } from "./metrics.js";

/** One row of the view. */
export interface WatchRow {
  name: string;
  type: MetricType;
  /** Counter total, gauge value (summed over series), histogram observation count. */
  current: number;
  /** The series drawn; null when the metric has labels that --label does not pin down. */
  series: MetricSeries | null;
  /** The metric's label names (shown when no series could be picked). */
  labelNames: readonly string[];
}

/** What one refresh read. */
export interface WatchFrame {
  prefix: string;
  generatedAt: number;
  minutes: number;
  rows: WatchRow[];
  /** Names asked for that no instance registered. */
  missing: string[];
}

function currentOf(summary: MetricsSummary, name: string): { type: MetricType; current: number } | undefined {
  if (summary.counters[name]) return { type: "counter", current: summary.counters[name].total };
  if (summary.gauges[name]) return { type: "gauge", current: summary.gauges[name].value };
  if (summary.histograms[name]) return { type: "histogram", current: summary.histograms[name].count };
  return undefined;
}

/** Reads one frame: the summary, then each metric's recent series (one round trip each). */
async function readFrame(
  metrics: Metrics,
  names: readonly string[],
  flags: MetricsFlags & { minutes: number },
  definitions: Map<string, MetricDescription>,
): Promise<WatchFrame> {
  const summary = await metrics.summary();
  const all = [...Object.keys(summary.counters), ...Object.keys(summary.gauges), ...Object.keys(summary.histograms)].sort();
  const wanted = names.length > 0 ? names.filter((name) => all.includes(name)) : all;
  const rows = await Promise.all(
    wanted.map(async (name): Promise<WatchRow | undefined> => {
      let definition = definitions.get(name);
      if (!definition) {
        definition = await metrics.definition(name);
        if (!definition) return undefined;
        definitions.set(name, definition);
      }
      const now = currentOf(summary, name);
      if (!now) return undefined;
      const labels = seriesLabels(definition, flags.label);
      const series = labels ? await recentSeries(metrics, definition, labels, flags.minutes, summary.generatedAt) : null;
      return { name, ...now, series, labelNames: definition.labelNames };
    }),
  );
  return {
    prefix: metrics.prefix,
    generatedAt: summary.generatedAt,
    minutes: flags.minutes,
    rows: rows.filter((row): row is WatchRow => row !== undefined),
    missing: names.filter((name) => !all.includes(name)),
  };
}

const UNIT: Record<MetricType, string> = { counter: "added/min", gauge: "value", histogram: "observed/min" };

/** The view for people: a table with a sparkline per metric. */
export function renderFrame(frame: WatchFrame, colors: Colors, intervalMs?: number): string {
  const time = new Date(frame.generatedAt).toISOString().slice(11, 19);
  const heading = `${colors.bold("redis-mcp metrics watch")}  prefix ${frame.prefix}  ${time} UTC${intervalMs ? `  every ${intervalMs / 1000}s  Ctrl-C to quit` : ""}`;
  if (frame.rows.length === 0)
    return `${heading}\n\nno metrics registered under prefix ${frame.prefix}${frame.missing.length ? ` (asked for ${frame.missing.join(", ")})` : ""}`;
  const rows = frame.rows.map((row) => {
    const last = row.series?.values.at(-1);
    const line = row.series
      ? `${colors.cyan(sparkly(row.series.values.map((value) => value ?? "")))}  ${last === null || last === undefined ? "-" : formatNumber(last)} ${UNIT[row.type]}`
      : colors.dim(`labels ${row.labelNames.join(", ")}: pick a series with --label`);
    return [row.name, row.type, formatNumber(Math.round(row.current * 1000) / 1000), line];
  });
  const table = renderTable(
    [{ heading: "METRIC" }, { heading: "TYPE" }, { heading: "NOW", align: "right" }, { heading: `LAST ${frame.minutes} MIN` }],
    rows,
    colors,
  );
  const missing = frame.missing.length > 0 ? `\n\n${colors.yellow(`not registered: ${frame.missing.join(", ")}`)}` : "";
  return `${heading}\n\n${table}${missing}`;
}

/** Resolves on the first Ctrl-C (SIGINT) or SIGTERM. */
function interrupted(): { promise: Promise<void> } {
  let stop: () => void = () => {};
  const promise = new Promise<void>((resolve) => {
    stop = resolve;
  });
  // `on`, not `once`, and never removed: log-update restores the cursor through signal-exit, which
  // re-raises a signal (killing the process, no exit code) when it finds no other listener left, so
  // a second Ctrl-C during shutdown would otherwise end the process by signal. The command's own
  // forced exit (run.ts) bounds a shutdown that hangs.
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  return { promise };
}

/**
 * `redis-mcp metrics watch`: redraws the view in place every interval until Ctrl-C. Not on a
 * terminal, with --json or --once, it prints one frame and exits.
 */
export async function watch(
  invocation: Invocation,
  names: string[],
  flags: MetricsFlags & { interval: number; minutes: number; once?: boolean },
): Promise<void> {
  const output = outputOf(invocation);
  const definitions = new Map<string, MetricDescription>();
  const live = !output.json && flags.once !== true && output.streams.stdout.isTTY === true;
  if (!live) {
    const frame = await withMetrics(invocation, flags.prefix, (metrics) => readFrame(metrics, names, flags, definitions));
    output.result(frame, (colors) => renderFrame(frame, colors));
    return;
  }
  // Loaded only here: the live view's terminal handling is no cost to any other command.
  const { createLogUpdate } = await import("log-update");
  const draw = createLogUpdate(output.streams.stdout as NodeJS.WriteStream);
  const stop = interrupted();
  try {
    await withMetrics(invocation, flags.prefix, async (metrics) => {
      for (;;) {
        draw(renderFrame(await readFrame(metrics, names, flags, definitions), output.colors, flags.interval));
        let timer: NodeJS.Timeout | undefined;
        const stopped = await Promise.race([
          stop.promise.then(() => true),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(() => resolve(false), flags.interval);
          }),
        ]);
        clearTimeout(timer);
        if (stopped) return;
      }
    });
  } finally {
    draw.done();
  }
}
