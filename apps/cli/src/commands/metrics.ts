import { InvalidArgumentError, Option } from "commander";
import { integerFrom, parseDuration } from "../cli/parse-values.js";
import type { CommandGroup } from "./command-group.js";

/** Options every `metrics` command takes. */
export interface MetricsFlags {
  prefix: string;
  /** `--label name=value`, repeatable. */
  label: Record<string, string>;
}

/** Options of the commands that write an observation. */
export interface ObservationFlags extends MetricsFlags {
  /** `# HELP` text for a metric that is not registered yet (or a new one for one that is). */
  description?: string;
}

/** Collects repeated `--label name=value` flags into one object. */
function collectLabel(value: string, previous: Record<string, string>): Record<string, string> {
  const match = /^([^=]+)=(.*)$/s.exec(value);
  if (!match) throw new InvalidArgumentError(`expected name=value, e.g. --label route=/cart; got ${JSON.stringify(value)}.`);
  return { ...previous, [match[1] as string]: match[2] as string };
}

/** A number on the command line (observations may be fractions and negative for gauges). */
function finiteNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number)) throw new InvalidArgumentError(`expected a number, got ${JSON.stringify(value)}.`);
  return number;
}

/** `0.1,0.5,1` → [0.1, 0.5, 1]. */
function bucketList(value: string): number[] {
  return value.split(",").map((part) => finiteNumber(part));
}

function metricsOptions(command: import("commander").Command): import("commander").Command {
  return command
    .option("--prefix <prefix>", "the registry's key prefix (createMetrics({ prefix }))", "metrics")
    .option("--label <name=value>", "a label value; repeat for each label", collectLabel, {});
}

function observationOptions(command: import("commander").Command): import("commander").Command {
  return metricsOptions(command).option("--description <text>", "help text when the metric is not registered yet");
}

/** `metrics inc|gauge|observe|show|export|watch`: the Redis-backed metrics of @redis-mcp/metrics. */
export const metricsCommands: CommandGroup = (program, runtime) => {
  const load = () => import("../actions/metrics.js");
  const metrics = program.command("metrics").description("record, read, export and watch @redis-mcp/metrics counters, gauges and histograms");
  observationOptions(
    metrics
      .command("inc")
      .description("add to a counter (defined as registered, or created with the --label names)")
      .argument("<name>", "metric name, e.g. deploys_total")
      .argument("[value]", "how much to add (default 1)", finiteNumber),
  ).action(async (name: string, value: number | undefined, options: ObservationFlags, command) =>
    (await load()).record({ runtime, command }, "counter", name, value ?? 1, options),
  );
  observationOptions(metrics.command("gauge").description("set a gauge").argument("<name>").argument("<value>", "the new value", finiteNumber)).action(
    async (name: string, value: number, options: ObservationFlags, command) => (await load()).record({ runtime, command }, "gauge", name, value, options),
  );
  observationOptions(
    metrics
      .command("observe")
      .description("record one observation in a histogram")
      .argument("<name>")
      .argument("<value>", "the observed value, e.g. seconds", finiteNumber)
      .option("--buckets <bounds>", "upper bounds when the histogram is not registered yet, e.g. 0.1,0.5,1", bucketList),
  ).action(async (name: string, value: number, options: ObservationFlags & { buckets?: number[] }, command) =>
    (await load()).record({ runtime, command }, "histogram", name, value, options),
  );
  metricsOptions(
    metrics
      .command("show")
      .description("every metric at a glance; with a name, that series per minute")
      .argument("[name]", "one metric: its definition and per-minute series (pick the series with --label)")
      .option("--since <duration>", "with a name: how far back", parseDuration, 3_600_000),
  ).action(async (name: string | undefined, options: MetricsFlags & { since: number }, command) => (await load()).show({ runtime, command }, name, options));
  metrics
    .command("export")
    .description("every metric in the Prometheus text format (or OpenMetrics, or the summary as JSON)")
    .addOption(new Option("--format <format>", "output format").choices(["prometheus", "openmetrics", "json"]).default("prometheus"))
    .option("--prefix <prefix>", "the registry's key prefix", "metrics")
    .action(async (options: { prefix: string; format: "prometheus" | "openmetrics" | "json" }, command) =>
      (await load()).exportMetrics({ runtime, command }, options),
    );
  metricsOptions(
    metrics
      .command("watch")
      .description("a live view with sparklines of the per-minute series, refreshed until Ctrl-C (one frame when not on a terminal)")
      .argument("[names...]", "only these metrics")
      .option("--interval <duration>", "time between refreshes", parseDuration, 2000)
      .option("--minutes <n>", "minutes each sparkline covers", integerFrom(2, 1440), 30)
      .option("--once", "print one frame and exit"),
  ).action(async (names: string[], options: MetricsFlags & { interval: number; minutes: number; once?: boolean }, command) =>
    (await import("../actions/metrics-watch.js")).watch({ runtime, command }, names, options),
  );
};
