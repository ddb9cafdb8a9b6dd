import { deleteByPattern, inspectKey, multiDelete, type ReadKeyResult, readKey, scanWithProgress } from "@redis-mcp/core";
import { type DecodedValue, setString } from "@redis-mcp/core/data";
import { type KeyspaceSummary, type NamespaceSummary, sampleKeyspace, sampleMemoryByPattern } from "@redis-mcp/core/diagnostics";
import { withRedis } from "../cli/connect.js";
import { CliError, EXIT_CODES } from "../cli/exit-codes.js";
import { formatBytes, formatNumber, formatTtl, plural } from "../cli/format.js";
import { type Invocation, outputOf } from "../cli/invocation.js";
import type { Colors } from "../cli/output.js";
import { startProgress } from "../cli/progress.js";
import { renderTable } from "../cli/table.js";
import type { DeleteFlags } from "../commands/keys.js";

/** Keyspaces smaller than this finish before a progress bar would help. */
const PROGRESS_THRESHOLD = 50_000;

/** `redis-mcp keys [pattern]`. */
export async function keys(invocation: Invocation, pattern: string, options: { type?: string; limit: number }): Promise<void> {
  const output = outputOf(invocation);
  const result = await withRedis(invocation, async (redis) => {
    const found: string[] = [];
    let truncated = false;
    let examined = 0;
    let progress: ReturnType<typeof startProgress> | undefined;
    try {
      for await (const step of scanWithProgress(redis, { match: pattern, type: options.type, count: 1000 })) {
        progress ??= startProgress(output.streams, "scanning", step.progress.total, PROGRESS_THRESHOLD);
        progress.update(step.progress.examined);
        examined = step.progress.examined;
        found.push(...step.keys);
        if (found.length >= options.limit) {
          truncated = found.length > options.limit || step.progress.examined < step.progress.total;
          break;
        }
      }
    } finally {
      progress?.stop();
    }
    return { pattern, type: options.type ?? null, keys: [...new Set(found.slice(0, options.limit))].sort(), truncated, examined };
  });
  if (result.truncated) output.note(`(stopped at --limit ${options.limit}; more keys may match)`);
  output.result(result, () => result.keys.join("\n"));
}

/** Refuses a missing key with exit 1, as `grep` does for no match. */
function missing(key: string): CliError {
  return new CliError("E_NOT_FOUND", `key ${JSON.stringify(key)} does not exist.`);
}

/** `redis-mcp inspect <key>`. */
export async function inspect(invocation: Invocation, key: string): Promise<void> {
  const output = outputOf(invocation);
  const inspection = await withRedis(invocation, (redis) => inspectKey(redis, key));
  if (!inspection.exists) throw missing(key);
  output.result(inspection, (colors) =>
    renderTable(
      [
        { heading: "KEY" },
        { heading: "TYPE" },
        { heading: "TTL" },
        { heading: "ENCODING" },
        { heading: "LENGTH", align: "right" },
        { heading: "MEMORY", align: "right" },
      ],
      [
        [
          inspection.key,
          inspection.type ?? "-",
          formatTtl(inspection.ttlMs),
          inspection.encoding ?? "-",
          inspection.length === null ? "-" : formatNumber(inspection.length),
          inspection.memoryBytes === null ? "-" : formatBytes(inspection.memoryBytes),
        ],
      ],
      colors,
    ),
  );
}

/** A value for people: text as it is, bytes as base64 with a marker. */
function shown(value: DecodedValue, colors: Colors): string {
  if (value.encoding === "base64") return `${colors.dim("base64:")}${value.value}`;
  return typeof value.value === "string" ? value.value : JSON.stringify(value.value);
}

function renderRead(read: Exclude<ReadKeyResult, { type: "none" }>, colors: Colors): string {
  switch (read.type) {
    case "string":
      return shown(read.value, colors);
    case "hash":
      return renderTable(
        [{ heading: "FIELD" }, { heading: "VALUE" }],
        read.entries.map((entry) => [shown(entry.field, colors), shown(entry.value, colors)]),
        colors,
      );
    case "list":
      return renderTable(
        [{ heading: "INDEX", align: "right" }, { heading: "VALUE" }],
        read.items.map((item, index) => [read.offset + index, shown(item, colors)]),
        colors,
      );
    case "set":
      return read.members.map((member) => shown(member, colors)).join("\n");
    case "zset":
      return renderTable(
        [{ heading: "MEMBER" }, { heading: "SCORE", align: "right" }],
        read.members.map((member) => [shown(member.member, colors), String(member.score)]),
        colors,
      );
    case "stream":
      return renderTable(
        [{ heading: "ID" }, { heading: "FIELDS" }],
        read.entries.map((entry) => [entry.id, entry.fields.map((field) => `${shown(field.field, colors)}=${shown(field.value, colors)}`).join(" ")]),
        colors,
      );
  }
}

/** `redis-mcp get <key>`. */
export async function get(invocation: Invocation, key: string, options: { limit: number }): Promise<void> {
  const output = outputOf(invocation);
  const read = await withRedis(invocation, (redis) => readKey(redis, key, { limit: options.limit, maxBytes: 1024 * 1024 }));
  if (read.type === "none") throw missing(key);
  if (read.truncated) {
    output.note(
      read.type === "string"
        ? `(first ${formatBytes(Buffer.byteLength(String(read.value.value)))} of ${formatBytes(read.totalBytes)})`
        : `(first items of ${formatNumber(read.total)}; use --limit for more)`,
    );
  }
  output.result(read, (colors) => renderRead(read, colors));
}

/** `redis-mcp set <key> <value>`: exit 1 when --nx/--xx stopped the write. */
export async function set(invocation: Invocation, key: string, value: string, options: { ttl?: number; nx?: boolean; xx?: boolean }): Promise<void> {
  const output = outputOf(invocation);
  const condition = options.nx ? "NX" : options.xx ? "XX" : undefined;
  const written = await withRedis(invocation, (redis) => setString(redis, key, value, { ttlMs: options.ttl, condition }));
  const reason = options.nx ? "the key already exists (--nx)" : "the key does not exist (--xx)";
  output.result({ key, written, ttlMs: options.ttl ?? null }, () => (written ? "OK" : `not set: ${reason}`), written ? undefined : EXIT_CODES.failure);
}

/** `redis-mcp del <keys...>` or `redis-mcp del --pattern <glob>`. */
export async function del(invocation: Invocation, keys: string[], options: DeleteFlags): Promise<void> {
  const output = outputOf(invocation);
  if (options.pattern === undefined) {
    if (keys.length === 0) throw new CliError("E_USAGE", "name the keys to delete, or give --pattern <glob>.", EXIT_CODES.usage);
    if (options.type || options.yes || options.dryRun || options.allowAll) {
      throw new CliError("E_USAGE", "--type, --yes, --dry-run and --allow-all go with --pattern.", EXIT_CODES.usage);
    }
    const deleted = await withRedis(invocation, (redis) => multiDelete(redis, keys));
    output.result({ keys, deleted }, () => `deleted ${deleted} of ${plural(keys.length, "key")}`);
    return;
  }
  if (keys.length > 0) throw new CliError("E_USAGE", "give key names or --pattern, not both.", EXIT_CODES.usage);
  if (options.yes && options.dryRun) throw new CliError("E_USAGE", "--yes and --dry-run contradict each other; pass one.", EXIT_CODES.usage);
  const dryRun = options.yes !== true;
  const match = options.pattern;
  const found = await withRedis(invocation, (redis) => deleteByPattern(redis, { match, type: options.type, dryRun, allowAll: options.allowAll === true }));
  // SCAN order means nothing to a reader; sorted, the sample reads like `keys`.
  const result = { ...found, sample: [...found.sample].sort() };
  const refused = dryRun && options.dryRun !== true && result.matched > 0;
  output.result(
    { pattern: match, ...result },
    (colors) => {
      if (!dryRun) return `deleted ${plural(result.deleted, "key")} matching ${match}`;
      const sample = result.sample.map((key) => `  ${key}`).join("\n");
      const more = result.matched > result.sample.length ? `\n  ... and ${formatNumber(result.matched - result.sample.length)} more` : "";
      const heading = `dry run: ${plural(result.matched, "key")} ${result.matched === 1 ? "matches" : "match"} ${match}${result.matched > 0 ? ":" : ""}`;
      return `${colors.yellow(heading)}${sample ? `\n${sample}${more}` : ""}\nNothing was deleted.${refused ? " Run again with --yes to delete them." : ""}`;
    },
    refused ? EXIT_CODES.failure : undefined,
  );
  if (refused) output.note(`redis-mcp: not deleting ${plural(result.matched, "key")} without --yes (dry run shown).`);
}

function namespaceRows(namespaces: readonly NamespaceSummary[]): (string | number)[][] {
  return namespaces.map((namespace) => [
    namespace.pattern,
    Object.keys(namespace.types).join(","),
    formatNumber(namespace.estimatedCount),
    formatBytes(namespace.memory.estimatedTotalBytes),
    formatBytes(namespace.memory.averageBytes),
    namespace.ttl.withTtl === 0
      ? "none"
      : namespace.ttl.withoutTtl === 0
        ? `all, median ${formatTtl(namespace.ttl.medianMs)}`
        : `${namespace.ttl.withTtl}/${namespace.sampledKeys} sampled`,
  ]);
}

const NAMESPACE_COLUMNS = [
  { heading: "NAMESPACE" },
  { heading: "TYPES" },
  { heading: "KEYS", align: "right" },
  { heading: "MEMORY", align: "right" },
  { heading: "AVG", align: "right" },
  { heading: "TTL" },
] as const;

/** `redis-mcp memory --pattern <glob>`. */
export async function memory(invocation: Invocation, options: { pattern: string; type?: string; samples: number; top: number }): Promise<void> {
  const output = outputOf(invocation);
  const summary = await withRedis(invocation, async (redis) => {
    let progress: ReturnType<typeof startProgress> | undefined;
    let phase: string | undefined;
    try {
      return await sampleMemoryByPattern(redis, {
        match: options.pattern,
        type: options.type,
        samples: options.samples,
        maxNamespaces: options.top,
        onProgress: (step) => {
          if (step.phase !== phase) {
            progress?.stop();
            phase = step.phase;
            progress = startProgress(
              output.streams,
              step.phase === "scan" ? "scanning " : "measuring",
              step.total,
              step.phase === "scan" ? PROGRESS_THRESHOLD : 2000,
            );
          }
          progress?.update(step.done);
        },
      });
    } finally {
      progress?.stop();
    }
  });
  output.result(summary, (colors) => {
    const exact = summary.sampledKeys === summary.matchedKeys;
    const heading = `${plural(summary.matchedKeys, "key")} ${summary.matchedKeys === 1 ? "matches" : "match"} ${summary.match}: ${exact ? "" : "about "}${formatBytes(summary.estimatedTotalBytes)} (${exact ? "all measured" : `${formatNumber(summary.sampledKeys)} measured`})`;
    if (summary.matchedKeys === 0) return heading;
    const rows = namespaceRows(summary.namespaces);
    if (summary.other)
      rows.push([`(${summary.other.namespaces} more)`, "", formatNumber(summary.other.estimatedCount), formatBytes(summary.other.estimatedTotalBytes), "", ""]);
    return `${colors.bold(heading)}\n\n${renderTable(NAMESPACE_COLUMNS, rows, colors)}`;
  });
}

function keyspaceText(summary: KeyspaceSummary, colors: Colors): string {
  const { totals } = summary;
  const heading = `${plural(totals.totalKeys, "key")} on ${plural(totals.nodes.length, "node")}; ${formatNumber(totals.sampledKeys)} sampled`;
  if (totals.totalKeys === 0) return "The database is empty.";
  const rows = namespaceRows(summary.namespaces);
  if (summary.other)
    rows.push([`(${summary.other.namespaces} more)`, "", formatNumber(summary.other.estimatedCount), formatBytes(summary.other.estimatedTotalBytes), "", ""]);
  return `${colors.bold(heading)}\n\n${renderTable(NAMESPACE_COLUMNS, rows, colors)}`;
}

/** `redis-mcp keyspace`. */
export async function keyspace(invocation: Invocation, options: { samples: number; top: number }): Promise<void> {
  const output = outputOf(invocation);
  const summary = await withRedis(invocation, (redis) => sampleKeyspace(redis, { samples: options.samples, maxNamespaces: options.top }));
  output.result(summary, (colors) => keyspaceText(summary, colors));
}
