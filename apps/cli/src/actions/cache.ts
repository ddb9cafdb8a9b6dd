import { escapeGlob, type RedisClient } from "@redis-mcp/core";
import { type Cache, createCache } from "@redis-mcp/core/cache";
import { sampleMemoryByPattern } from "@redis-mcp/core/diagnostics";
import { withRedis } from "../cli/connect.js";
import { CliError, EXIT_CODES } from "../cli/exit-codes.js";
import { formatBytes, formatDuration, formatNumber, plural } from "../cli/format.js";
import { type Invocation, outputOf } from "../cli/invocation.js";
import { renderTable } from "../cli/table.js";
import { displayValue, parseValue } from "../cli/values.js";
import type { CacheFlags } from "../commands/cache.js";

/** The cache gives up on Redis after this long; a person at a terminal can wait longer than a request handler. */
const REDIS_TIMEOUT_MS = 5000;

/**
 * Runs `work` on the namespace's cache as an application sees it, but without an in-process tier.
 * The cache absorbs Redis failures (a read becomes a miss); here the first one fails the command
 * instead, so a broken Redis never reads as "not cached". The bus is on so that writes, deletes and
 * clears drop the entries from the applications' in-process tiers too.
 */
async function withCache<T>(invocation: Invocation, flags: CacheFlags, work: (cache: Cache, redis: RedisClient) => Promise<T>): Promise<T> {
  return withRedis(invocation, async (redis) => {
    const failures: unknown[] = [];
    const cache = createCache(redis, {
      namespace: flags.namespace,
      ttlMs: 3_600_000,
      l1: false,
      bus: true,
      ...(flags.buckets ? { buckets: flags.buckets } : {}),
      l2: { timeoutMs: REDIS_TIMEOUT_MS, failureThreshold: 1_000 },
      onError: (error, context) => {
        if (context.operation !== "bus") failures.push(error);
      },
    });
    try {
      const result = await work(cache, redis);
      if (failures.length > 0) throw failures[0];
      return result;
    } finally {
      await cache.close();
    }
  });
}

/** `redis-mcp cache get <key>`. */
export async function get(invocation: Invocation, key: string, flags: CacheFlags): Promise<void> {
  const output = outputOf(invocation);
  const value = await withCache(invocation, flags, (cache) => cache.get(key));
  if (value === undefined) throw new CliError("E_NOT_FOUND", `cache ${flags.namespace} has no fresh value for ${JSON.stringify(key)}.`);
  output.result({ namespace: flags.namespace, key, value: displayValue(value, "json") }, () => String(displayValue(value, "text")));
}

/** `redis-mcp cache set <key> <value>`. */
export async function set(
  invocation: Invocation,
  key: string,
  text: string,
  flags: CacheFlags & { ttl: number; tags?: string[]; as: "text" | "json" },
): Promise<void> {
  const output = outputOf(invocation);
  const value = parseValue(text, flags.as);
  const tags = flags.tags ?? [];
  await withCache(invocation, flags, (cache) => cache.set(key, value, { ttlMs: flags.ttl, tags }));
  output.result({ namespace: flags.namespace, key, ttlMs: flags.ttl, tags }, () => `OK (expires in ${formatDuration(flags.ttl)})`);
}

/** `redis-mcp cache del <keys...>`. */
export async function del(invocation: Invocation, keys: string[], flags: CacheFlags): Promise<void> {
  const output = outputOf(invocation);
  await withCache(invocation, flags, (cache) => cache.deleteMany(keys));
  output.result({ namespace: flags.namespace, keys }, () => `deleted ${plural(keys.length, "key")} from cache ${flags.namespace} (where present)`);
}

/** The SCAN pattern of every Redis key of a namespace, as createCache documents them: `<namespace>:{<namespace>:...`. */
function namespacePattern(namespace: string): string {
  return `${escapeGlob(namespace)}:{${escapeGlob(namespace)}:*`;
}

/** `redis-mcp cache stats`. */
export async function stats(invocation: Invocation, flags: CacheFlags): Promise<void> {
  const output = outputOf(invocation);
  // Validates the namespace (and buckets) the way the cache does before anything is scanned.
  const summary = await withCache(invocation, flags, (_cache, redis) =>
    sampleMemoryByPattern(redis, { match: namespacePattern(flags.namespace), samples: 1000 }),
  );
  const document = {
    namespace: flags.namespace,
    keys: summary.matchedKeys,
    sampledKeys: summary.sampledKeys,
    estimatedBytes: summary.estimatedTotalBytes,
    nodes: summary.nodes,
  };
  output.result(document, (colors) => {
    const exact = summary.sampledKeys === summary.matchedKeys;
    const heading = `cache ${flags.namespace}: ${plural(summary.matchedKeys, "key")}, ${exact ? "" : "about "}${formatBytes(summary.estimatedTotalBytes)}`;
    const rows = summary.nodes.map((node) => [node.node, formatNumber(node.matched), formatNumber(node.sampled)]);
    return `${colors.bold(heading)}\n\n${renderTable([{ heading: "NODE" }, { heading: "KEYS", align: "right" }, { heading: "MEASURED", align: "right" }], rows, colors)}`;
  });
}

/** `redis-mcp cache clear`: a count without --yes (exit 1), the clear with it. */
export async function clear(invocation: Invocation, flags: CacheFlags & { yes?: boolean }): Promise<void> {
  const output = outputOf(invocation);
  const found = await withCache(invocation, flags, async (cache, redis) => {
    const { matchedKeys } = await sampleMemoryByPattern(redis, { match: namespacePattern(flags.namespace), samples: 1 });
    if (flags.yes) await cache.clear();
    return matchedKeys;
  });
  const refused = flags.yes !== true && found > 0;
  output.result(
    { namespace: flags.namespace, keys: found, cleared: flags.yes === true },
    (colors) =>
      flags.yes
        ? `cleared cache ${flags.namespace} (${plural(found, "key")})`
        : `${colors.yellow(`dry run: cache ${flags.namespace} holds ${plural(found, "key")}.`)} Nothing was deleted.${refused ? " Run again with --yes to clear it." : ""}`,
    refused ? EXIT_CODES.failure : undefined,
  );
  if (refused) output.note(`redis-mcp: not clearing cache ${flags.namespace} without --yes.`);
}
