import { InvalidArgumentError } from "../errors/errors.js";

/** Where {@link healthReport} draws its lines. Every field has a documented default. */
export interface HealthThresholds {
  /** used memory / maxmemory from which memory is a warning (default 0.8). */
  memoryWarningRatio: number;
  /** used memory / maxmemory from which memory is critical when writes can fail (default 0.9). */
  memoryCriticalRatio: number;
  /** keyspace hits / lookups below which the hit rate is low (default 0.8). */
  hitRateMinimum: number;
  /** Lookups (hits + misses) needed before the hit rate is judged (default 1,000). */
  hitRateMinimumLookups: number;
  /** mem_fragmentation_ratio above which memory is fragmented (default 1.5). */
  fragmentationMaximum: number;
  /** used_memory needed before fragmentation is judged; small datasets always look fragmented (default 64 MiB). */
  fragmentationMinimumUsedBytes: number;
  /** connected_clients / maxclients from which connections are a warning (default 0.8). */
  clientsWarningRatio: number;
  /** connected_clients / maxclients from which connections are critical (default 0.95). */
  clientsCriticalRatio: number;
  /** Seconds a replica may lag behind its master before it is reported (default 10). */
  replicationLagSeconds: number;
  /** Duration of the worst slowlog entry, in microseconds, from which slow commands are a warning rather than info (default 100,000 = 100 ms). */
  slowCommandWarningMicros: number;
}

/** The defaults of {@link HealthThresholds}. */
export const DEFAULT_HEALTH_THRESHOLDS: Readonly<HealthThresholds> = Object.freeze({
  memoryWarningRatio: 0.8,
  memoryCriticalRatio: 0.9,
  hitRateMinimum: 0.8,
  hitRateMinimumLookups: 1_000,
  fragmentationMaximum: 1.5,
  fragmentationMinimumUsedBytes: 64 * 1024 * 1024,
  clientsWarningRatio: 0.8,
  clientsCriticalRatio: 0.95,
  replicationLagSeconds: 10,
  slowCommandWarningMicros: 100_000,
});

const RATIOS = new Set<keyof HealthThresholds>(["memoryWarningRatio", "memoryCriticalRatio", "hitRateMinimum", "clientsWarningRatio", "clientsCriticalRatio"]);

/**
 * The defaults overridden by `overrides`, checked.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for an unknown name, a negative or non-finite
 *   value, a ratio above 1, or a warning level above its critical level.
 */
export function resolveHealthThresholds(overrides: Partial<HealthThresholds> = {}): HealthThresholds {
  const thresholds: HealthThresholds = { ...DEFAULT_HEALTH_THRESHOLDS };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!(name in DEFAULT_HEALTH_THRESHOLDS)) {
      throw new InvalidArgumentError(`healthReport: unknown threshold "${name}"; known thresholds: ${Object.keys(DEFAULT_HEALTH_THRESHOLDS).join(", ")}.`);
    }
    const key = name as keyof HealthThresholds;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (RATIOS.has(key) && value > 1)) {
      throw new InvalidArgumentError(`healthReport: threshold ${name} must be a number of 0 or more${RATIOS.has(key) ? " and at most 1" : ""}, got ${value}.`);
    }
    thresholds[key] = value;
  }
  if (thresholds.memoryWarningRatio > thresholds.memoryCriticalRatio || thresholds.clientsWarningRatio > thresholds.clientsCriticalRatio) {
    throw new InvalidArgumentError(
      "healthReport: a warning ratio must not be above its critical ratio (memoryWarningRatio ≤ memoryCriticalRatio, clientsWarningRatio ≤ clientsCriticalRatio).",
    );
  }
  return thresholds;
}
