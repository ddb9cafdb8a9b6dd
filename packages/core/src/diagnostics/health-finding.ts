import type { HealthThresholds } from "./health-thresholds.js";
import type { InfoSections } from "./parse-info.js";
import type { SlowlogEntry } from "./slowlog.js";

/** How urgent a finding is: `critical` (act now), `warning` (act soon), `info` (worth knowing). */
export type FindingSeverity = "critical" | "warning" | "info";

/** One observation of {@link healthReport}, with the numbers behind it and what to do. */
export interface HealthFinding {
  /** Stable kebab-case id, e.g. `keys-evicted`, for programs and suppressions. */
  id: string;
  severity: FindingSeverity;
  /** One line for people, with the key numbers. */
  title: string;
  /** The values the finding rests on: Redis's own field names for raw values, camelCase for derived ones. */
  evidence: Record<string, number | string>;
  /** What to do about it. */
  fix: string;
  /** `host:port` of the server it is about. */
  node: string;
}

/** What one server told {@link healthReport} in its one round trip. */
export interface NodeSnapshot {
  node: string;
  info: InfoSections;
  /** CONFIG GET results; null when CONFIG was refused. */
  config: Record<string, string> | null;
  /** SLOWLOG GET entries; null when SLOWLOG was refused. */
  slowlog: SlowlogEntry[] | null;
  /** Commands the server refused (ACL, disabled CONFIG), with the reason. */
  refused: { command: string; reason: string }[];
}

/** One check: the findings it makes about a server, none when all is well. */
export type HealthCheck = (snapshot: NodeSnapshot, thresholds: HealthThresholds) => HealthFinding[];

const SEVERITY_ORDER: Record<FindingSeverity, number> = { critical: 0, warning: 1, info: 2 };

/** Critical first, then warning, then info; within a severity by node, then id. */
export function compareFindings(left: HealthFinding, right: HealthFinding): number {
  return SEVERITY_ORDER[left.severity] - SEVERITY_ORDER[right.severity] || left.node.localeCompare(right.node) || left.id.localeCompare(right.id);
}

/**
 * A byte count as findings write it: `1536` → `1.5 KiB` (powers of 1024, as Redis's INFO
 * `used_memory_human`), `512` → `512 B`.
 * @example formatBytes(3_221_225_472) // "3.0 GiB"
 */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** Rounds for evidence and titles: `0.95123` → `0.951`. */
export function round(value: number, digits = 3): number {
  return Number(value.toFixed(digits));
}

/** `0.951` → `95.1%`. */
export function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

/** Drops absent values so evidence only holds what the server reported. */
function evidenceOf(values: Record<string, number | string | undefined | null>): Record<string, number | string> {
  const evidence: Record<string, number | string> = {};
  for (const [name, value] of Object.entries(values)) if (value !== undefined && value !== null) evidence[name] = value;
  return evidence;
}

/** Builds a finding about the snapshot's node; evidence values that are absent are left out. */
export function finding(
  snapshot: NodeSnapshot,
  severity: FindingSeverity,
  id: string,
  title: string,
  evidence: Record<string, number | string | undefined | null>,
  fix: string,
): HealthFinding {
  return { id, severity, title, evidence: evidenceOf(evidence), fix, node: snapshot.node };
}
