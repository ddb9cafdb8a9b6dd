import { createHash } from "node:crypto";
import { MetricInvalidError } from "./errors.js";
import { assertLabelNames, assertMetricName } from "./metric-names.js";

/** The metric types stored here. */
export type MetricType = "counter" | "gauge" | "histogram";

/** prom-client's default histogram buckets (seconds: 5 ms to 10 s). */
export const DEFAULT_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What defines a metric across the fleet: stored in the registry, compared on every write. */
export interface MetricDefinition {
  name: string;
  type: MetricType;
  help: string;
  labelNames: readonly string[];
  /** Histogram upper bounds, increasing, without +Inf; empty for other types. */
  buckets: readonly number[];
}

/** The parts of a definition that must match across instances: type, label names, buckets (help may change). */
export function fingerprintOf(definition: MetricDefinition): string {
  const identity = JSON.stringify([definition.type, definition.labelNames, definition.buckets]);
  return createHash("sha1").update(identity).digest("hex").slice(0, 16);
}

/** Label names each type's exposition uses itself. */
function reservedLabels(type: MetricType): string[] {
  return type === "histogram" ? ["le"] : [];
}

/**
 * Checks buckets: finite, strictly increasing, at least one. `+Inf` is implied (and dropped if given).
 * @throws MetricInvalidError (`E_METRIC_INVALID`).
 */
export function normalizeBuckets(buckets: unknown, operation: string): number[] {
  if (buckets === undefined) return [...DEFAULT_BUCKETS];
  if (!Array.isArray(buckets)) throw new MetricInvalidError(`${operation}: buckets must be an array of increasing upper bounds, e.g. [0.1, 0.5, 1].`);
  const bounds = (buckets as unknown[]).filter((bound) => bound !== Number.POSITIVE_INFINITY);
  if (bounds.length === 0) throw new MetricInvalidError(`${operation}: buckets needs at least one finite upper bound (+Inf is added by itself).`);
  bounds.forEach((bound, index) => {
    if (typeof bound !== "number" || !Number.isFinite(bound)) {
      throw new MetricInvalidError(`${operation}: bucket ${JSON.stringify(bound)} is not a finite number.`);
    }
    if (index > 0 && bound <= (bounds[index - 1] as number)) {
      throw new MetricInvalidError(
        `${operation}: buckets must increase strictly; ${bound} follows ${bounds[index - 1] as number}. Sort them and drop duplicates.`,
      );
    }
  });
  return bounds as number[];
}

/**
 * Validates what a caller passed to `counter()`, `gauge()` or `histogram()`.
 * @throws MetricInvalidError (`E_METRIC_INVALID`).
 */
export function defineMetric(type: MetricType, configuration: { name?: unknown; help?: unknown; labelNames?: unknown; buckets?: unknown }): MetricDefinition {
  const operation = `${type}()`;
  if (typeof configuration !== "object" || configuration === null) {
    throw new MetricInvalidError(`${operation}: pass { name, help, labelNames? }.`);
  }
  assertMetricName(configuration.name, operation);
  const named = `${type} "${configuration.name}"`;
  if (typeof configuration.help !== "string" || configuration.help.length === 0) {
    throw new MetricInvalidError(`${named}: help must be a non-empty string describing the metric (it becomes the # HELP line).`);
  }
  const labelNames = configuration.labelNames ?? [];
  assertLabelNames(labelNames, reservedLabels(type), named);
  if (type !== "histogram" && configuration.buckets !== undefined) throw new MetricInvalidError(`${named}: only histograms take buckets.`);
  return {
    name: configuration.name,
    type,
    help: configuration.help,
    labelNames: [...labelNames],
    buckets: type === "histogram" ? normalizeBuckets(configuration.buckets, named) : [],
  };
}

/**
 * Reads a definition stored in the registry; undefined for anything unreadable (an entry written
 * by something else is skipped, never fatal to an export).
 */
export function parseStoredDefinition(name: string, stored: string): (MetricDefinition & { fingerprint: string }) | undefined {
  try {
    const parsed = JSON.parse(stored) as Partial<MetricDefinition> & { fingerprint?: unknown };
    if (parsed.type !== "counter" && parsed.type !== "gauge" && parsed.type !== "histogram") return undefined;
    const { help, labelNames, buckets } = parsed;
    const definition = defineMetric(parsed.type, { name, help, labelNames, buckets: parsed.type === "histogram" ? buckets : undefined });
    return { ...definition, fingerprint: typeof parsed.fingerprint === "string" ? parsed.fingerprint : fingerprintOf(definition) };
  } catch {
    return undefined;
  }
}

/** The registry entry of a definition (JSON). */
export function storedDefinition(definition: MetricDefinition): string {
  const { type, help, labelNames, buckets } = definition;
  return JSON.stringify({ type, help, labelNames, buckets, fingerprint: fingerprintOf(definition) });
}
