import type { MetricSnapshot } from "./snapshot.js";

/** Content type of the Prometheus text format 0.0.4 (what `metrics()` returns by default). */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
/** Content type of OpenMetrics 1.0.0 text (`metrics({ format: "openmetrics" })`). */
export const OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/** The exposition formats `metrics()` can produce. */
export type ExpositionFormat = "prometheus" | "openmetrics";

/** A sample value as both formats write it. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}

/** A bucket bound in OpenMetrics' canonical form: integers get ".0" (`le="1.0"`), others as is. */
function canonicalBound(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  return Number.isInteger(value) && Math.abs(value) < 1e21 ? `${value}.0` : String(value);
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function escapeHelp(help: string, format: ExpositionFormat): string {
  const escaped = help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
  return format === "openmetrics" ? escaped.replace(/"/g, '\\"') : escaped;
}

function labelText(labels: Record<string, string>, extra?: [string, string]): string {
  const parts = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabelValue(value)}"`);
  if (extra) parts.push(`${extra[0]}="${extra[1]}"`);
  return parts.length === 0 ? "" : `{${parts.join(",")}}`;
}

/**
 * Names a counter is exposed under: samples always end in `_total` (appended when the metric's
 * name lacks it); the family (HELP/TYPE) is the sample name in the 0.0.4 text format and the
 * name without `_total` in OpenMetrics, as each format requires.
 */
export function counterNames(name: string, format: ExpositionFormat): { family: string; sample: string } {
  const sample = name.endsWith("_total") ? name : `${name}_total`;
  return { family: format === "openmetrics" ? sample.slice(0, -"_total".length) : sample, sample };
}

/**
 * Renders snapshots in the Prometheus text format 0.0.4 or OpenMetrics 1.0.0 (with `# EOF`):
 * one family per metric, in the order given.
 */
export function formatExposition(snapshots: readonly MetricSnapshot[], format: ExpositionFormat): string {
  const lines: string[] = [];
  for (const snapshot of snapshots) {
    const { definition } = snapshot;
    const names = definition.type === "counter" ? counterNames(definition.name, format) : { family: definition.name, sample: definition.name };
    lines.push(`# HELP ${names.family} ${escapeHelp(definition.help, format)}`, `# TYPE ${names.family} ${definition.type}`);
    if (snapshot.definition.type === "histogram") {
      const bound = format === "openmetrics" ? canonicalBound : formatValue;
      const bounds = [...snapshot.definition.buckets, Number.POSITIVE_INFINITY];
      for (const series of snapshot.series as Extract<MetricSnapshot, { definition: { type: "histogram" } }>["series"]) {
        let cumulative = 0;
        series.bucketCounts.forEach((count, index) => {
          cumulative += count;
          lines.push(`${names.sample}_bucket${labelText(series.labels, ["le", bound(bounds[index] as number)])} ${cumulative}`);
        });
        lines.push(
          `${names.sample}_sum${labelText(series.labels)} ${formatValue(series.sum)}`,
          `${names.sample}_count${labelText(series.labels)} ${cumulative}`,
        );
      }
    } else {
      for (const series of snapshot.series as Extract<MetricSnapshot, { definition: { type: "counter" | "gauge" } }>["series"]) {
        lines.push(`${names.sample}${labelText(series.labels)} ${formatValue(series.value)}`);
      }
    }
  }
  if (format === "openmetrics") lines.push("# EOF");
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
