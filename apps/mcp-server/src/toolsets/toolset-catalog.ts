/** Every toolset this server knows, in the order they are listed. */
export const TOOLSETS = [
  "keys",
  "strings",
  "hashes",
  "lists",
  "sets",
  "sorted_sets",
  "streams",
  "geo",
  "probabilistic",
  "pubsub",
  "cache",
  "session",
  "metrics",
  "queue",
  "diagnostics",
  "admin",
  "raw",
] as const;

/** A named group of tools, enabled together with --toolsets. */
export type Toolset = (typeof TOOLSETS)[number];

/** One-line summaries, for the server instructions and list_toolsets. */
export const TOOLSET_DESCRIPTIONS: Record<Toolset, string> = {
  keys: "find, inspect, read, expire, rename and delete keys of any type",
  strings: "string values and counters",
  hashes: "hash fields",
  lists: "lists (queues, stacks)",
  sets: "sets and set algebra",
  sorted_sets: "sorted sets (leaderboards, time indexes)",
  streams: "streams and consumer groups",
  geo: "geospatial indexes",
  probabilistic: "HyperLogLog and Bloom filters",
  pubsub: "publish and collect pub/sub messages, list channels",
  cache: "an application's createCache entries: get, set with tags, delete, invalidate",
  session: "an application's encrypted sessions (needs its session secret)",
  metrics: "an application's counters, gauges, histograms: record, time series, Prometheus export",
  queue: "a reliable job queue (visibility timeout, retries, dead letters)",
  diagnostics: "server info, health findings, slow log, memory, keyspace summary",
  admin: "server configuration, background saves and FLUSHDB (admin tier)",
  raw: "redis_command: any command, classified by the server's own command table and gated by tier and key scope",
};

/**
 * Listed at start unless --toolsets says otherwise: what an agent exploring and editing a Redis
 * needs first (find and inspect keys, read and change the common types, see the server's
 * health). Its tools/list stays within 32 KiB (a test pins it); streams, geo, probabilistic and
 * the application toolsets are one enable_toolset, preset or flag away (README: "Default toolsets").
 */
export const DEFAULT_TOOLSETS: readonly Toolset[] = ["keys", "strings", "hashes", "lists", "sets", "sorted_sets", "diagnostics"];

/** Named sets of toolsets for --toolsets. */
export const TOOLSET_PRESETS: Record<string, readonly Toolset[]> = {
  default: DEFAULT_TOOLSETS,
  explore: ["keys", "diagnostics"],
  data: ["keys", "strings", "hashes", "lists", "sets", "sorted_sets", "streams", "geo", "probabilistic"],
  app: ["keys", "cache", "session", "metrics", "pubsub", "queue"],
  ops: ["keys", "diagnostics", "admin"],
  // Every toolset but raw: the raw escape hatch is enabled only by naming it (--toolsets all,raw).
  all: TOOLSETS.filter((toolset) => toolset !== "raw"),
};

/** Toolsets only --toolsets turns on: enable_toolset does not offer them (an agent cannot give itself the raw escape hatch). */
export const OPT_IN_TOOLSETS: readonly Toolset[] = ["raw"];

/**
 * Expands `--toolsets keys,strings` or presets (`data`, `all`) into toolset names.
 * @throws Error naming the unknown entry and listing the valid ones.
 */
export function resolveToolsets(spec: string | readonly string[]): Toolset[] {
  const entries = (typeof spec === "string" ? spec.split(",") : [...spec]).map((entry) => entry.trim()).filter(Boolean);
  const resolved = new Set<Toolset>();
  for (const entry of entries) {
    const preset = TOOLSET_PRESETS[entry];
    if (preset) {
      for (const toolset of preset) resolved.add(toolset);
    } else if ((TOOLSETS as readonly string[]).includes(entry)) {
      resolved.add(entry as Toolset);
    } else {
      throw new Error(
        `Unknown toolset "${entry}". Use a comma-separated list of ${TOOLSETS.join(", ")} or a preset (${Object.keys(TOOLSET_PRESETS).join(", ")}).`,
      );
    }
  }
  return TOOLSETS.filter((toolset) => resolved.has(toolset));
}
