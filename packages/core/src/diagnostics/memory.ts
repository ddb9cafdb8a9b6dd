import type { ChainableCommander } from "ioredis";
import { keyPrefixOf, type RedisClient } from "../client/redis-client.js";
import { InvalidArgumentError } from "../errors/errors.js";
import { withRedisErrors } from "../errors/map-redis-error.js";
import { diagnosticNodes, execOnNode, type NodeSelection, perNode, replyAt } from "./node-pipeline.js";
import { type ReplyScalar, replyEntries, replyText, toScalar } from "./reply-values.js";

/** Options for {@link memoryUsage}. */
export interface MemoryUsageOptions {
  /** Nested values to sample for collections (MEMORY USAGE SAMPLES; default 5, 0 = all, exact but slow on big keys). */
  samples?: number;
}

/** MEMORY STATS of one server: Redis's names (`peak.allocated`, `dataset.bytes`); `db.N` entries are records. */
export type MemoryStats = Record<string, ReplyScalar | Record<string, ReplyScalar>>;

/** MEMORY STATS of one server. */
export interface NodeMemoryStats {
  node: string;
  stats: MemoryStats;
}

/** The MEMORY DOCTOR advice of one server. */
export interface NodeMemoryDoctor {
  node: string;
  /** The server's own text, as written by Redis. */
  report: string;
}

// ioredis 5 does not know that MEMORY USAGE takes a key, so it would not apply a keyPrefix to it;
// through EVAL (whose keys every ioredis version prefixes) the key is right with either version.
const MEMORY_USAGE_LUA = "return redis.call('MEMORY', 'USAGE', KEYS[1], 'SAMPLES', ARGV[1])";

/** Checks MEMORY USAGE's sample count. */
export function checkMemorySamples(operation: string, samples: number): void {
  if (!Number.isInteger(samples) || samples < 0) throw new InvalidArgumentError(`${operation}: samples must be an integer of 0 or more, got ${samples}.`);
}

/**
 * Queues MEMORY USAGE for `key` (without the client's keyPrefix; the client adds it) on a client or
 * pipeline. `prefixed` says whether the client has a keyPrefix.
 */
export function queueMemoryUsage(
  target: RedisClient | ChainableCommander,
  key: string,
  samples: number,
  prefixed: boolean,
): Promise<unknown> | ChainableCommander {
  return prefixed ? target.call("EVAL", MEMORY_USAGE_LUA, "1", key, String(samples)) : target.call("MEMORY", "USAGE", key, "SAMPLES", String(samples));
}

/**
 * Bytes a key and its value take in RAM (MEMORY USAGE), or null when the key does not exist. On a
 * cluster the command goes to the node owning the key.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a non-string key or a bad `samples`; nothing is sent.
 * @throws RedisMcpError (`E_REDIS_UNAVAILABLE`, `E_TIMEOUT`, ...) when Redis fails.
 * @example const bytes = await memoryUsage(redis, "user:1:profile"); // 312, or null
 */
export async function memoryUsage(client: RedisClient, key: string, options: MemoryUsageOptions = {}): Promise<number | null> {
  if (typeof key !== "string") throw new InvalidArgumentError(`memoryUsage: key must be a string, got ${typeof key}.`);
  const samples = options.samples ?? 5;
  checkMemorySamples("memoryUsage", samples);
  const reply = await withRedisErrors(
    `memoryUsage ${JSON.stringify(key)}`,
    async () => queueMemoryUsage(client, key, samples, keyPrefixOf(client) !== "") as Promise<unknown>,
  );
  return reply === null || reply === undefined ? null : Number(reply);
}

/** Parses a MEMORY STATS reply (flat RESP2 list or RESP3 map); doubles sent as text become numbers. */
export function parseMemoryStats(reply: unknown): MemoryStats {
  const stats: MemoryStats = {};
  for (const [name, value] of replyEntries(reply)) {
    if (Array.isArray(value) || value instanceof Map || (typeof value === "object" && value !== null && !Buffer.isBuffer(value))) {
      const nested: Record<string, ReplyScalar> = {};
      for (const [field, fieldValue] of replyEntries(value)) nested[field] = typeof fieldValue === "number" ? fieldValue : toScalar(replyText(fieldValue));
      stats[name] = nested;
    } else {
      stats[name] = typeof value === "number" ? value : toScalar(replyText(value));
    }
  }
  return stats;
}

/**
 * MEMORY STATS of every master (and replicas with `includeReplicas`): one round trip per node.
 * @throws RedisMcpError (`E_REDIS_UNAVAILABLE`, `E_NO_PERMISSION`, ...) naming the node that failed.
 * @example for (const { node, stats } of await memoryStats(redis)) console.log(node, stats["dataset.bytes"]);
 */
export async function memoryStats(client: RedisClient, options: NodeSelection = {}): Promise<NodeMemoryStats[]> {
  return perNode(diagnosticNodes(client, "memoryStats", options), async (node) => {
    const replies = await execOnNode(node, "memoryStats", (pipeline) => pipeline.call("MEMORY", "STATS"));
    return { node: node.address, stats: parseMemoryStats(replyAt(replies, 0, "memoryStats", node)) };
  });
}

/**
 * MEMORY DOCTOR of every master (and replicas with `includeReplicas`): the server's advice on
 * fragmentation, peaks and buffers. One round trip per node.
 * @throws RedisMcpError (`E_REDIS_UNAVAILABLE`, `E_NO_PERMISSION`, ...) naming the node that failed.
 * @example for (const { node, report } of await memoryDoctor(redis)) console.log(node, report);
 */
export async function memoryDoctor(client: RedisClient, options: NodeSelection = {}): Promise<NodeMemoryDoctor[]> {
  return perNode(diagnosticNodes(client, "memoryDoctor", options), async (node) => {
    const replies = await execOnNode(node, "memoryDoctor", (pipeline) => pipeline.call("MEMORY", "DOCTOR"));
    return { node: node.address, report: replyText(replyAt(replies, 0, "memoryDoctor", node)) };
  });
}
