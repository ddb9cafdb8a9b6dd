import type { ChainableCommander } from "ioredis";
import type { RedisClient } from "../client/redis-client.js";
import { InvalidArgumentError } from "../errors/errors.js";
import { toRedisMcpError } from "../errors/map-redis-error.js";
import { chunk, planBySlot } from "./slot-plan.js";

/** Options shared by the multi-key operations. */
export interface MultiKeyOptions {
  /** Keys per command inside a pipeline (default 500), so one huge command never blocks Redis. */
  chunkSize?: number;
}

/** Options for {@link multiSet}. */
export interface MultiSetOptions extends MultiKeyOptions {
  /** Expire every key after this many milliseconds (SET PX per key instead of MSET). */
  ttlMs?: number;
}

/** Queues the command(s) for one chunk; returns how many it queued when more than one. */
type Queue = (pipeline: ChainableCommander, keys: string[], indices: number[]) => unknown;

/**
 * Runs one command per chunk of same-slot keys, one pipeline per node, all nodes in parallel:
 * one round trip per node whatever the number of keys. Returns the raw replies per chunk.
 */
async function runPlanned(
  client: RedisClient,
  operation: string,
  keys: readonly string[],
  options: MultiKeyOptions,
  queue: Queue,
  collect: (reply: unknown, indices: number[]) => void,
): Promise<void> {
  const chunkSize = options.chunkSize ?? 500;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new InvalidArgumentError(`${operation}: chunkSize must be a positive integer, got ${chunkSize}.`);
  if (keys.length === 0) return;
  const batches = planBySlot(client, keys);
  await Promise.all(
    batches.map(async (batch) => {
      const pipeline = client.pipeline();
      const chunks: number[][] = [];
      for (const group of batch.slots) {
        for (const indices of chunk(group.indices, chunkSize)) {
          const queued = queue(
            pipeline,
            indices.map((index) => keys[index] as string),
            indices,
          );
          // One reply per queued command: remember which keys each reply is about.
          const commands = typeof queued === "number" ? queued : 1;
          for (let command = 0; command < commands; command++) chunks.push(indices);
        }
      }
      let replies: [Error | null, unknown][] | null;
      try {
        replies = await pipeline.exec();
      } catch (error) {
        throw toRedisMcpError(error, operation);
      }
      replies?.forEach(([error, reply], position) => {
        if (error) throw toRedisMcpError(error, operation);
        collect(reply, chunks[position] as number[]);
      });
    }),
  );
}

/**
 * GET many keys on a standalone server or a cluster: grouped by slot, pipelined per node,
 * results in the caller's order (`null` for missing keys).
 * @throws RedisMcpError (`E_REDIS_UNAVAILABLE`, `E_TIMEOUT`, ...) when Redis fails.
 * @example const [a, b] = await multiGet(redis, ["user:1", "user:2"]);
 */
export async function multiGet(client: RedisClient, keys: readonly string[], options: MultiKeyOptions = {}): Promise<(string | null)[]> {
  const values: (string | null)[] = new Array(keys.length).fill(null);
  await runPlanned(
    client,
    "multiGet",
    keys,
    options,
    (pipeline, chunkKeys) => pipeline.mget(...chunkKeys),
    (reply, indices) => {
      (reply as (string | null)[]).forEach((value, position) => {
        values[indices[position] as number] = value;
      });
    },
  );
  return values;
}

/** {@link multiGet} returning Buffers, for binary values. */
export async function multiGetBuffer(client: RedisClient, keys: readonly string[], options: MultiKeyOptions = {}): Promise<(Buffer | null)[]> {
  const values: (Buffer | null)[] = new Array(keys.length).fill(null);
  await runPlanned(
    client,
    "multiGetBuffer",
    keys,
    options,
    (pipeline, chunkKeys) => pipeline.mgetBuffer(...chunkKeys),
    (reply, indices) => {
      (reply as (Buffer | null)[]).forEach((value, position) => {
        values[indices[position] as number] = value;
      });
    },
  );
  return values;
}

/**
 * SET many keys on a standalone server or a cluster (MSET per slot, or SET PX per key with
 * `ttlMs`), pipelined per node. Not atomic across slots.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a non-positive `ttlMs`; nothing is written.
 * @example await multiSet(redis, { "user:1": "ada", "user:2": "grace" }, { ttlMs: 60_000 });
 */
export async function multiSet(
  client: RedisClient,
  entries: Record<string, string | Buffer> | readonly (readonly [string, string | Buffer])[],
  options: MultiSetOptions = {},
): Promise<void> {
  const pairs = Array.isArray(entries) ? (entries as readonly (readonly [string, string | Buffer])[]) : Object.entries(entries);
  const { ttlMs } = options;
  if (ttlMs !== undefined && (!Number.isInteger(ttlMs) || ttlMs < 1)) {
    throw new InvalidArgumentError(`multiSet: ttlMs must be a positive integer number of milliseconds, got ${ttlMs}.`);
  }
  const keys = pairs.map(([key]) => key);
  await runPlanned(
    client,
    "multiSet",
    keys,
    options,
    (pipeline, _chunkKeys, indices) => {
      if (ttlMs === undefined) {
        return pipeline.mset(...indices.flatMap((index) => pairs[index] as readonly [string, string | Buffer]));
      } else {
        // A TTL needs one SET per key; they still travel in the node's single pipeline.
        for (const index of indices) {
          const [key, value] = pairs[index] as readonly [string, string | Buffer];
          pipeline.set(key, value, "PX", ttlMs);
        }
        return indices.length;
      }
    },
    () => {},
  );
}

/**
 * Deletes many keys (UNLINK by default: memory is reclaimed in the background) on a standalone
 * server or a cluster; returns how many existed.
 */
export async function multiDelete(client: RedisClient, keys: readonly string[], options: MultiKeyOptions & { unlink?: boolean } = {}): Promise<number> {
  let removed = 0;
  const unlink = options.unlink ?? true;
  await runPlanned(
    client,
    "multiDelete",
    keys,
    options,
    (pipeline, chunkKeys) => (unlink ? pipeline.unlink(...chunkKeys) : pipeline.del(...chunkKeys)),
    (reply) => {
      removed += Number(reply);
    },
  );
  return removed;
}

/** Counts how many of `keys` exist (a key listed twice counts twice, as EXISTS does). */
export async function multiExists(client: RedisClient, keys: readonly string[], options: MultiKeyOptions = {}): Promise<number> {
  let count = 0;
  await runPlanned(
    client,
    "multiExists",
    keys,
    options,
    (pipeline, chunkKeys) => pipeline.exists(...chunkKeys),
    (reply) => {
      count += Number(reply);
    },
  );
  return count;
}
