import type { Cluster, Redis } from "ioredis";
import { createCache } from "../../src/cache/cache.js";
import type { Cache, CacheOptions } from "../../src/cache/cache-types.js";
import type { RedisClient } from "../../src/client/redis-client.js";
import type { IoredisLike } from "../../src/connection/ownership.js";

/** Errors a cache absorbed (its onError), for assertions. */
export interface ErrorLog {
  errors: { error: unknown; operation: string; key?: string }[];
  onError: NonNullable<CacheOptions["onError"]>;
}

/** An onError that records instead of printing. */
export function errorLog(): ErrorLog {
  const errors: ErrorLog["errors"] = [];
  return { errors, onError: (error, context) => errors.push({ error, ...context }) };
}

/** Caches opened in a test, closed by {@link closeAll} in afterEach. */
const opened: Cache<unknown>[] = [];

/**
 * createCache that remembers the cache for {@link closeAll}; waits until its bus listens. Unless a
 * test sets `l2`, Redis calls get 5 s instead of 250 ms: on a loaded CI machine a healthy call can
 * take longer than the default, and these tests are not about timeouts (cache-outage.test.ts is).
 */
export async function openCache<Value = unknown>(client: RedisClient | IoredisLike, options: CacheOptions): Promise<Cache<Value>> {
  const cache = createCache<Value>(client, { l2: { timeoutMs: 5_000 }, ...options });
  opened.push(cache as Cache<unknown>);
  await cache.ready();
  return cache;
}

/** Closes every cache {@link openCache} opened. */
export async function closeAll(): Promise<void> {
  await Promise.all(opened.splice(0).map((cache) => cache.close()));
}

async function readsProcessed(raw: Redis): Promise<number> {
  return Number(/total_reads_processed:(\d+)/.exec(await raw.info("stats"))?.[1]);
}

/**
 * The round trips `work` took on a standalone server: how often Redis read from client sockets
 * meanwhile (commands written together are read together), less the INFO that measures it.
 */
export async function roundTripsOf(raw: Redis, work: () => Promise<unknown>): Promise<number> {
  const before = await readsProcessed(raw);
  await work();
  return (await readsProcessed(raw)) - before - 1;
}

/** Every key of a client's server(s) (test data is small: KEYS-free SCAN over each master). */
export async function allKeys(client: Redis | Cluster): Promise<string[]> {
  const nodes =
    "nodes" in client && typeof client.nodes === "function" && (client as Cluster).isCluster ? (client as Cluster).nodes("master") : [client as Redis];
  const keys: string[] = [];
  for (const node of nodes) {
    let cursor = "0";
    do {
      const [next, batch] = await node.scan(cursor, "COUNT", 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== "0");
  }
  return keys.sort();
}
