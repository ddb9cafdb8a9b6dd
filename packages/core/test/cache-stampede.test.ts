import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CacheKeys } from "../src/cache/cache-keys.js";
import type { RedisClient } from "../src/client/redis-client.js";
import { allKeys, closeAll, openCache } from "./support/cache.js";
import { topologies } from "./topologies.js";

/** A promise and its resolver, to hold a loader until the test releases it. */
function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open: (value: T) => void = () => undefined;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe.each(topologies)("cache stampede protection on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterEach(closeAll);
  afterAll(() => redis.disconnect());
  // Cluster caches spread a namespace over 64 buckets by default, standalone ones use 1.
  const lockKeyOf = (namespace: string, key: string) => new CacheKeys(namespace, topology.name === "cluster" ? 64 : 1).lock(key);

  it("calls the loader once for 1,000 concurrent getOrSet of one missing key in a process", async () => {
    const cache = await openCache<{ loaded: boolean }>(redis, { namespace: "flight", ttlMs: 60_000 });
    let calls = 0;
    const loader = async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { loaded: true };
    };
    const results = await Promise.all(Array.from({ length: 1_000 }, () => cache.getOrSet("hot", loader)));
    expect(calls).toBe(1);
    expect(results.every((result) => result?.loaded === true)).toBe(true);
  });

  it("gives every waiter the loader's error and lets the next call load again", async () => {
    const cache = await openCache(redis, { namespace: "flight", ttlMs: 60_000, stampede: "distributed" });
    const failure = new Error("database down");
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        cache.getOrSet("k", async () => {
          throw failure;
        }),
      ),
    );
    expect(results.every((result) => result.status === "rejected" && result.reason === failure)).toBe(true);
    // The lock was released: a new call loads at once.
    expect(await cache.getOrSet("k", () => "recovered")).toBe("recovered");
    expect((await allKeys(redis)).filter((key) => key.includes("}:l:"))).toEqual([]);
    expect(cache.stats().loadErrors).toBe(1);
  });

  it("does not cache undefined from a loader", async () => {
    const cache = await openCache(redis, { namespace: "flight", ttlMs: 60_000 });
    expect(await cache.getOrSet("nothing", () => undefined)).toBeUndefined();
    expect(await cache.getOrSet("nothing", () => "now something")).toBe("now something");
  });

  it("distributed: a second instance waits for the first one's load instead of loading", async () => {
    const first = await openCache(redis, { namespace: "lock", ttlMs: 60_000, stampede: "distributed", lockTtlMs: 120_000 });
    const second = await openCache(redis, { namespace: "lock", ttlMs: 60_000, stampede: "distributed", lockTtlMs: 120_000, lockPollMs: 120_000 });
    const release = gate<string>();
    const started = gate();
    let secondCalls = 0;
    const firstResult = first.getOrSet("report", async () => {
      started.open();
      return release.promise;
    });
    await started.promise;
    const secondResult = second.getOrSet("report", async () => {
      secondCalls += 1;
      return "second loaded";
    });
    // The second instance would next look after 2 minutes (past the test's timeout): only the bus
    // message of the first's write can wake it in time.
    release.open("first loaded");
    expect(await firstResult).toBe("first loaded");
    expect(await secondResult).toBe("first loaded");
    expect(secondCalls).toBe(0);
  });

  it("distributed: a waiter loads itself once the holder's lock expires (the holder died)", async () => {
    const cache = await openCache(redis, { namespace: "dead", ttlMs: 60_000, stampede: "distributed", lockPollMs: 20 });
    // A holder that took the lock and died: the lock key with a foreign token and a short life.
    const bucketed = lockKeyOf("dead", "orphan");
    await redis.set(bucketed, "token-of-a-dead-process", "PX", 150);
    let calls = 0;
    let lockDuringLoad: string | null = null;
    const value = await cache.getOrSet("orphan", async () => {
      calls += 1;
      lockDuringLoad = await redis.get(bucketed);
      return "loaded after expiry";
    });
    expect(value).toBe("loaded after expiry");
    expect(calls).toBe(1);
    // It waited for the dead holder's lock to expire, then loaded under a lock of its own.
    expect(lockDuringLoad).not.toBeNull();
    expect(lockDuringLoad).not.toBe("token-of-a-dead-process");
    expect(await redis.exists(bucketed)).toBe(0);
  });

  it("distributed: never releases a lock it no longer owns", async () => {
    const cache = await openCache(redis, { namespace: "owner", ttlMs: 60_000, stampede: "distributed", lockTtlMs: 50 });
    const lockKey = lockKeyOf("owner", "slow");
    const value = cache.getOrSet("slow", async () => {
      // The lock expires during this load and another process takes it.
      await new Promise((resolve) => setTimeout(resolve, 120));
      await redis.set(lockKey, "someone-else", "PX", 10_000);
      return "slow value";
    });
    expect(await value).toBe("slow value");
    expect(await redis.get(lockKey)).toBe("someone-else");
  });

  it("getOrSetMany loads only the missing keys, in one loader call", async () => {
    const cache = await openCache(redis, { namespace: "many", ttlMs: 60_000 });
    await cache.setMany([
      ["a", "cached a"],
      ["c", "cached c"],
    ]);
    const calls: string[][] = [];
    const values = await cache.getOrSetMany(["a", "b", "c", "d", "b"], async (missing) => {
      calls.push(missing);
      return missing.map((key) => `loaded ${key}`);
    });
    expect(values).toEqual(["cached a", "loaded b", "cached c", "loaded d", "loaded b"]);
    expect(calls).toEqual([["b", "d"]]);
    const reader = await openCache(redis, { namespace: "many", ttlMs: 60_000 });
    expect(await reader.getMany(["b", "d"])).toEqual(["loaded b", "loaded d"]);
  });

  it("getOrSetMany accepts a Map, and caches nothing for keys it leaves out", async () => {
    const cache = await openCache(redis, { namespace: "many", ttlMs: 60_000, stampede: "distributed" });
    const values = await cache.getOrSetMany(["x", "y"], async () => new Map([["x", 1]]));
    expect(values).toEqual([1, undefined]);
    expect(await cache.getMany(["x", "y"])).toEqual([1, undefined]);
    expect((await allKeys(redis)).filter((key) => key.includes("}:l:"))).toEqual([]);
  });

  it("getOrSetMany rejects a loader result of the wrong shape with E_CACHE_LOADER", async () => {
    const cache = await openCache(redis, { namespace: "many", ttlMs: 60_000 });
    await expect(cache.getOrSetMany(["a", "b"], async () => ["only one"])).rejects.toMatchObject({ code: "E_CACHE_LOADER" });
    expect(await cache.getMany(["a", "b"])).toEqual([undefined, undefined]);
  });

  it("getOrSet joins a getOrSetMany load of the same key", async () => {
    const cache = await openCache(redis, { namespace: "many", ttlMs: 60_000 });
    let manyCalls = 0;
    let singleCalls = 0;
    const [many, single] = await Promise.all([
      cache.getOrSetMany(["shared", "other"], async (keys) => {
        manyCalls += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return keys.map((key) => `many ${key}`);
      }),
      (async () => {
        await new Promise((resolve) => setImmediate(resolve));
        return cache.getOrSet("shared", () => {
          singleCalls += 1;
          return "single";
        });
      })(),
    ]);
    expect(many).toEqual(["many shared", "many other"]);
    expect(single).toBe("many shared");
    expect([manyCalls, singleCalls]).toEqual([1, 0]);
  });
});
