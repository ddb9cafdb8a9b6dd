import type { ChainableCommander, Cluster } from "ioredis";
import { detectCapabilities } from "../capabilities/capabilities.js";
import { execBatch } from "../client/exec-batch.js";
import { isCluster, type RedisClient } from "../client/redis-client.js";
import { InvalidArgumentError } from "../errors/errors.js";
import { toRedisMcpError } from "../errors/map-redis-error.js";
import { chunk } from "./chunk.js";
import { READ_KEYS_SCRIPT, WRITE_KEYS_SCRIPT } from "./cross-slot-scripts.js";
import { groupByMaster, type NodeGroup } from "./node-groups.js";
import { runOnMasters } from "./run-on-masters.js";

/** Options shared by the multi-key operations. */
export interface MultiKeyOptions {
  /** Keys per command (default 500), so one huge command never blocks Redis for long. */
  chunkSize?: number;
}

/** Options for {@link multiSet}. */
export interface MultiSetOptions extends MultiKeyOptions {
  /** Expire every key after this many milliseconds (SET PX per key instead of MSET). */
  ttlMs?: number;
}

type Entry = readonly [string, string | Buffer];

function chunkSizeOf(operation: string, options: MultiKeyOptions): number {
  const chunkSize = options.chunkSize ?? 500;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new InvalidArgumentError(`${operation}: chunkSize must be a positive integer, got ${chunkSize}.`);
  return chunkSize;
}

/**
 * How a cluster's masters are asked: `script` (one cross-slot script call per chunk; Redis 7+) or
 * `per-slot` (one MGET/MSET per slot chunk, the Redis 6.2 way). Chosen from the capabilities;
 * tests pin each one.
 */
export type ClusterMultiKeyPath = "script" | "per-slot";

/**
 * Whether the cluster's servers run Lua scripts with Redis 7 flags (`allow-cross-slot-keys`), so a
 * master reads or writes the keys of all its slots in one call. Cached per client; a failed
 * detection reads as "no" (the per-slot path works everywhere).
 */
async function clusterPath(client: Cluster, forced: ClusterMultiKeyPath | undefined): Promise<ClusterMultiKeyPath> {
  if (forced) return forced;
  return (await detectCapabilities(client).catch(() => undefined))?.scriptFlags === true ? "script" : "per-slot";
}

/**
 * The slow path that is correct whatever the slot map says: one single-key command per key through
 * the cluster client, all in flight at once, each following MOVED and ASK on its own (ioredis
 * refreshes its slot map on MOVED). Single-key commands, because a multi-key command on a slot
 * being migrated answers TRYAGAIN until the migration ends. Used for the keys whose master is
 * unknown or refused the fast path: rare, so its cost does not matter.
 */
async function perKeyThroughCluster(
  operation: string,
  indices: readonly number[],
  send: (index: number) => Promise<unknown>,
  collect: (reply: unknown, index: number) => void,
) {
  await Promise.all(
    indices.map(async (index) => {
      let reply: unknown;
      try {
        reply = await send(index);
      } catch (error) {
        throw toRedisMcpError(error, operation);
      }
      collect(reply, index);
    }),
  );
}

/** GET that answers null for a key of another type, as MGET does. */
function getLikeMget(client: Cluster, key: string, buffers: boolean): Promise<string | Buffer | null> {
  return (buffers ? client.getBuffer(key) : client.get(key)).catch((error: Error) => {
    if (error.message.startsWith("WRONGTYPE")) return null;
    throw error;
  });
}

/**
 * Reads keys with MGET semantics (null for missing or non-string keys), in the caller's order.
 * `path` pins how a cluster is asked (tests); by default the capabilities decide.
 */
export async function readKeys<T extends string | Buffer>(
  client: RedisClient,
  operation: string,
  keys: readonly string[],
  options: MultiKeyOptions,
  buffers: boolean,
  path?: ClusterMultiKeyPath,
): Promise<(T | null)[]> {
  const chunkSize = chunkSizeOf(operation, options);
  const values: (T | null)[] = new Array(keys.length).fill(null);
  if (keys.length === 0) return values;
  const put = (reply: unknown, indices: readonly number[]) => {
    (reply as (T | null)[]).forEach((value, position) => {
      values[indices[position] as number] = value;
    });
  };
  if (!isCluster(client)) {
    const pipeline = client.pipeline();
    const chunks = chunk(
      keys.map((_, index) => index),
      chunkSize,
    );
    for (const indices of chunks) {
      const chunkKeys = indices.map((index) => keys[index] as string);
      if (buffers) pipeline.mgetBuffer(...chunkKeys);
      else pipeline.mget(...chunkKeys);
    }
    const replies = await execBatch(pipeline, operation);
    replies.forEach((reply, position) => {
      put(reply, chunks[position] as number[]);
    });
    return values;
  }
  const scripts = (await clusterPath(client, path)) === "script";
  const groups = groupByMaster(client, keys, !scripts);
  const refused = await runOnMasters(groups.nodes, operation, chunkSize, {
    queue(pipeline, group, indices) {
      if (scripts) {
        // Names go in ARGV, which no connection prefixes: add the cluster's whole key prefix.
        const names = indices.map((index) => groups.keyPrefix + keys[index]);
        return buffers ? pipeline.callBuffer("evalsha", [READ_KEYS_SCRIPT.sha, 0, ...names]) : pipeline.evalsha(READ_KEYS_SCRIPT.sha, 0, ...names);
      }
      const names = indices.map((index) => group.keyArgumentPrefix + keys[index]);
      return buffers ? pipeline.mgetBuffer(...names) : pipeline.mget(...names);
    },
    ...(scripts && {
      send(connection, _group, indices) {
        const names = indices.map((index) => groups.keyPrefix + keys[index]);
        return buffers ? connection.callBuffer("evalsha", [READ_KEYS_SCRIPT.sha, 0, ...names]) : connection.evalsha(READ_KEYS_SCRIPT.sha, 0, ...names);
      },
    }),
    onNoScript(pipeline, indices) {
      const names = indices.map((index) => groups.keyPrefix + keys[index]);
      return buffers ? pipeline.callBuffer("eval", [READ_KEYS_SCRIPT.lua, 0, ...names]) : pipeline.eval(READ_KEYS_SCRIPT.lua, 0, ...names);
    },
    perSlot: !scripts,
    collect: put,
  });
  const retry = [...groups.unrouted, ...refused];
  await perKeyThroughCluster(
    operation,
    retry,
    (index) => getLikeMget(client, keys[index] as string, buffers),
    (value, index) => {
      values[index] = value as T | null;
    },
  );
  return values;
}

/**
 * GET many keys on a standalone server or a cluster, in the caller's order (`null` for missing keys
 * and keys of another type, as MGET). Standalone: MGET chunks in one pipeline. Cluster: one round
 * trip per master, in parallel: on Redis 7+ one read script per chunk of keys of any slots the
 * master serves, on 6.2 one MGET per slot in a pipeline on that master's connection. Keys whose
 * slot moved or is being migrated go through the cluster client, which follows MOVED/ASK.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a bad `chunkSize`; RedisMcpError
 *   (`E_REDIS_UNAVAILABLE`, `E_TIMEOUT`, ...) when Redis fails.
 * @example const [a, b] = await multiGet(redis, ["user:1", "user:2"]);
 */
export function multiGet(client: RedisClient, keys: readonly string[], options: MultiKeyOptions = {}): Promise<(string | null)[]> {
  return readKeys<string>(client, "multiGet", keys, options, false);
}

/** {@link multiGet} returning Buffers, for binary values. */
export function multiGetBuffer(client: RedisClient, keys: readonly string[], options: MultiKeyOptions = {}): Promise<(Buffer | null)[]> {
  return readKeys<Buffer>(client, "multiGetBuffer", keys, options, true);
}

/** Queues the writes of one chunk of same-slot entries: MSET, or SET PX per key with a TTL. */
function queueWrites(pipeline: ChainableCommander, entries: readonly Entry[], ttlMs: number | undefined): number {
  if (ttlMs === undefined) {
    pipeline.mset(...entries.flat());
    return 1;
  }
  for (const [key, value] of entries) pipeline.set(key, value, "PX", ttlMs);
  return entries.length;
}

/**
 * SET many keys on a standalone server or a cluster (MSET, or SET PX per key with `ttlMs`). Not
 * atomic across slots. Standalone: one pipeline. Cluster: one round trip per master, in parallel
 * (on Redis 7+ one write script per chunk; on 6.2 a pipeline of per-slot commands), with keys
 * whose slot moved or is being migrated sent through the cluster client.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a non-positive `ttlMs` or bad `chunkSize`;
 *   nothing is written. RedisMcpError when Redis fails.
 * @example await multiSet(redis, { "user:1": "ada", "user:2": "grace" }, { ttlMs: 60_000 });
 */
export function multiSet(client: RedisClient, entries: Record<string, string | Buffer> | readonly Entry[], options: MultiSetOptions = {}): Promise<void> {
  return writeKeys(client, entries, options);
}

/** {@link multiSet}, with `path` pinning how a cluster is asked (tests); by default the capabilities decide. */
export async function writeKeys(
  client: RedisClient,
  entries: Record<string, string | Buffer> | readonly Entry[],
  options: MultiSetOptions,
  path?: ClusterMultiKeyPath,
): Promise<void> {
  const pairs: readonly Entry[] = Array.isArray(entries) ? (entries as readonly Entry[]) : Object.entries(entries);
  const { ttlMs } = options;
  if (ttlMs !== undefined && (!Number.isInteger(ttlMs) || ttlMs < 1)) {
    throw new InvalidArgumentError(`multiSet: ttlMs must be a positive integer number of milliseconds, got ${ttlMs}.`);
  }
  const chunkSize = chunkSizeOf("multiSet", options);
  if (pairs.length === 0) return;
  const keys = pairs.map(([key]) => key);
  const entriesAt = (indices: readonly number[], prefix: string): Entry[] =>
    indices.map((index) => {
      const [key, value] = pairs[index] as Entry;
      return [prefix + key, value];
    });
  if (!isCluster(client)) {
    const pipeline = client.pipeline();
    for (const indices of chunk(
      keys.map((_, index) => index),
      chunkSize,
    )) {
      queueWrites(pipeline, entriesAt(indices, ""), ttlMs);
    }
    await execBatch(pipeline, "multiSet");
    return;
  }
  const scripts = (await clusterPath(client, path)) === "script";
  const groups = groupByMaster(client, keys, !scripts);
  const ttlArgument = ttlMs === undefined ? "" : String(ttlMs);
  const refused = await runOnMasters(groups.nodes, "multiSet", chunkSize, {
    queue(pipeline, group: NodeGroup, indices) {
      if (scripts) return pipeline.evalsha(WRITE_KEYS_SCRIPT.sha, 0, ttlArgument, ...entriesAt(indices, groups.keyPrefix).flat());
      return queueWrites(pipeline, entriesAt(indices, group.keyArgumentPrefix), ttlMs);
    },
    ...(scripts && {
      send: (connection, _group, indices) => connection.evalsha(WRITE_KEYS_SCRIPT.sha, 0, ttlArgument, ...entriesAt(indices, groups.keyPrefix).flat()),
    }),
    onNoScript: (pipeline, indices) => pipeline.eval(WRITE_KEYS_SCRIPT.lua, 0, ttlArgument, ...entriesAt(indices, groups.keyPrefix).flat()),
    perSlot: !scripts,
    collect: () => {},
  });
  const retry = [...groups.unrouted, ...refused];
  await perKeyThroughCluster(
    "multiSet",
    retry,
    (index) => {
      const [key, value] = pairs[index] as Entry;
      return ttlMs === undefined ? client.set(key, value) : client.set(key, value, "PX", ttlMs);
    },
    () => {},
  );
}

/** Runs one counting command per slot chunk (DEL, UNLINK, EXISTS) and adds up the replies. */
async function multiCount(
  client: RedisClient,
  operation: string,
  keys: readonly string[],
  options: MultiKeyOptions,
  command: "del" | "unlink" | "exists",
): Promise<number> {
  const chunkSize = chunkSizeOf(operation, options);
  if (keys.length === 0) return 0;
  let total = 0;
  const add = (reply: unknown) => {
    total += Number(reply);
  };
  if (!isCluster(client)) {
    const pipeline = client.pipeline();
    for (const chunkKeys of chunk(keys, chunkSize)) pipeline[command](...chunkKeys);
    for (const reply of await execBatch(pipeline, operation)) add(reply);
    return total;
  }
  const groups = groupByMaster(client, keys, true);
  const refused = await runOnMasters(groups.nodes, operation, chunkSize, {
    queue: (pipeline, group, indices) => pipeline[command](...indices.map((index) => group.keyArgumentPrefix + keys[index])),
    perSlot: true,
    collect: add,
  });
  const retry = [...groups.unrouted, ...refused];
  await perKeyThroughCluster(operation, retry, (index) => client[command](keys[index] as string), add);
  return total;
}

/**
 * Deletes many keys (UNLINK by default: memory is reclaimed in the background) on a standalone
 * server or a cluster; returns how many existed.
 * @throws RedisMcpError when Redis fails.
 */
export function multiDelete(client: RedisClient, keys: readonly string[], options: MultiKeyOptions & { unlink?: boolean } = {}): Promise<number> {
  return multiCount(client, "multiDelete", keys, options, (options.unlink ?? true) ? "unlink" : "del");
}

/**
 * Counts how many of `keys` exist (a key listed twice counts twice, as EXISTS does).
 * @throws RedisMcpError when Redis fails.
 */
export function multiExists(client: RedisClient, keys: readonly string[], options: MultiKeyOptions = {}): Promise<number> {
  return multiCount(client, "multiExists", keys, options, "exists");
}
