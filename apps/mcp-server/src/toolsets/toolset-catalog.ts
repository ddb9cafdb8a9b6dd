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
  queue: "a reliable job queue (visibility timeout, retries, dead letters)",
  diagnostics: "server info, health findings, slow log, memory, keyspace summary",
  admin: "server configuration, background saves and FLUSHDB (admin tier)",
  raw: "redis_command: any command, classified by the server's own command table and gated by tier and key scope",
};

/** Toolsets only named explicitly: never in the default, and raw in no preset. */
const EXPLICIT_ONLY: readonly Toolset[] = ["admin", "raw"];

/** The default: every toolset except admin and raw, which are enabled by name (or admin by a preset). */
export const DEFAULT_TOOLSETS: readonly Toolset[] = TOOLSETS.filter((toolset) => !EXPLICIT_ONLY.includes(toolset));

/** Named sets of toolsets for --toolsets. */
export const TOOLSET_PRESETS: Record<string, readonly Toolset[]> = {
  default: DEFAULT_TOOLSETS,
  explore: ["keys", "diagnostics"],
  data: ["keys", "strings", "hashes", "lists", "sets", "sorted_sets", "streams", "geo", "probabilistic"],
  app: ["keys", "strings", "hashes", "queue", "probabilistic"],
  ops: ["keys", "diagnostics", "admin"],
  // Every toolset but raw: the raw escape hatch is enabled only by naming it (--toolsets all,raw).
  all: TOOLSETS.filter((toolset) => toolset !== "raw"),
};

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
