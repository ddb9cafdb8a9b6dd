import { foldPatterns, keyPattern } from "./key-pattern.js";

/** One RANDOMKEY draw after inspection. A key drawn twice appears twice (sampling is with replacement). */
export interface KeyDraw {
  /** Key name without the client's keyPrefix. */
  key: string;
  /** Keys this draw stands for: the node's key count / the node's valid draws. */
  weight: number;
  /** TYPE of the key (`string`, `hash`, ...). */
  type: string;
  /** Remaining time to live in ms; null when the key does not expire. */
  ttlMs: number | null;
  /** MEMORY USAGE in bytes; null when it could not be measured. */
  bytes: number | null;
}

/** TTL spread of a namespace's sampled keys. */
export interface NamespaceTtl {
  withTtl: number;
  withoutTtl: number;
  /** Over the keys with a TTL; null when none has one. */
  minMs: number | null;
  medianMs: number | null;
  maxMs: number | null;
}

/** Memory of a namespace: measured on the sample, extrapolated to every key. */
export interface NamespaceMemory {
  sampledBytes: number;
  averageBytes: number;
  estimatedTotalBytes: number;
}

/** A group of keys sharing one name pattern, e.g. `user:{id}:profile`. */
export interface NamespaceSummary {
  pattern: string;
  /** Sampled keys per TYPE. */
  types: Record<string, number>;
  /** Distinct keys sampled. */
  sampledKeys: number;
  /** Estimated number of keys in the namespace (share of the samples × the keys on each node). */
  estimatedCount: number;
  ttl: NamespaceTtl;
  memory: NamespaceMemory;
  exampleKeys: string[];
}

/** The namespaces beyond `maxNamespaces`, added up. */
export interface OtherNamespaces {
  namespaces: number;
  sampledKeys: number;
  estimatedCount: number;
  estimatedTotalBytes: number;
}

/** Options for {@link summarizeNamespaces}. */
export interface SummarizeOptions {
  /** Namespaces listed (default 50); the rest are added up in `other`. */
  maxNamespaces?: number;
  /** Example key names per namespace (default 3). */
  exampleKeys?: number;
  /** Literal values of one segment from which it is folded into `{id}` (default 10; see foldPatterns). */
  foldVariants?: number;
}

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? null) : Math.round(((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2);
}

function summarize(pattern: string, draws: KeyDraw[], exampleKeys: number): NamespaceSummary {
  const distinct = new Map<string, KeyDraw>();
  for (const draw of draws) if (!distinct.has(draw.key)) distinct.set(draw.key, draw);
  const keys = [...distinct.values()];
  const types: Record<string, number> = {};
  for (const key of keys) types[key.type] = (types[key.type] ?? 0) + 1;
  const ttls = keys.flatMap((key) => (key.ttlMs === null ? [] : [key.ttlMs])).sort((left, right) => left - right);
  const measured = keys.filter((key) => key.bytes !== null);
  const sampledBytes = measured.reduce((total, key) => total + (key.bytes ?? 0), 0);
  const estimatedCount = draws.reduce((total, draw) => total + draw.weight, 0);
  // Weighted by draws so that nodes of different sizes count in proportion to their keys.
  const measuredDraws = draws.filter((draw) => draw.bytes !== null);
  const measuredWeight = measuredDraws.reduce((total, draw) => total + draw.weight, 0);
  const bytesPerKey = measuredWeight > 0 ? measuredDraws.reduce((total, draw) => total + draw.weight * (draw.bytes ?? 0), 0) / measuredWeight : 0;
  return {
    pattern,
    types,
    sampledKeys: keys.length,
    estimatedCount: Math.round(estimatedCount),
    ttl: { withTtl: ttls.length, withoutTtl: keys.length - ttls.length, minMs: ttls[0] ?? null, medianMs: median(ttls), maxMs: ttls.at(-1) ?? null },
    memory: {
      sampledBytes,
      averageBytes: measured.length > 0 ? Math.round(sampledBytes / measured.length) : 0,
      estimatedTotalBytes: Math.round(bytesPerKey * estimatedCount),
    },
    exampleKeys: keys.slice(0, exampleKeys).map((key) => key.key),
  };
}

/**
 * Groups inspected draws into namespaces by {@link keyPattern} (then {@link foldPatterns}), sorted
 * by estimated memory, biggest first. Pure: the caller did the Redis work.
 */
export function summarizeNamespaces(
  draws: readonly KeyDraw[],
  options: SummarizeOptions = {},
): { namespaces: NamespaceSummary[]; other: OtherNamespaces | null } {
  const maxNamespaces = options.maxNamespaces ?? 50;
  const patternOf = new Map<string, string>();
  for (const draw of draws) if (!patternOf.has(draw.key)) patternOf.set(draw.key, keyPattern(draw.key));
  const folded = foldPatterns(new Set(patternOf.values()), options.foldVariants ?? 10);
  const groups = new Map<string, KeyDraw[]>();
  for (const draw of draws) {
    const raw = patternOf.get(draw.key) ?? draw.key;
    const pattern = folded.get(raw) ?? raw;
    const group = groups.get(pattern) ?? [];
    group.push(draw);
    groups.set(pattern, group);
  }
  const all = [...groups]
    .map(([pattern, group]) => summarize(pattern, group, options.exampleKeys ?? 3))
    .sort(
      (left, right) =>
        right.memory.estimatedTotalBytes - left.memory.estimatedTotalBytes ||
        right.estimatedCount - left.estimatedCount ||
        left.pattern.localeCompare(right.pattern),
    );
  const rest = all.slice(maxNamespaces);
  const other =
    rest.length === 0
      ? null
      : {
          namespaces: rest.length,
          sampledKeys: rest.reduce((total, namespace) => total + namespace.sampledKeys, 0),
          estimatedCount: rest.reduce((total, namespace) => total + namespace.estimatedCount, 0),
          estimatedTotalBytes: rest.reduce((total, namespace) => total + namespace.memory.estimatedTotalBytes, 0),
        };
  return { namespaces: all.slice(0, maxNamespaces), other };
}
