import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import { eventually } from "./settles-within.js";
import { closeAll, errorLog, openCache } from "./support/cache.js";
import { topologies } from "./topologies.js";

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe.each(topologies)("cache grace periods on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterEach(closeAll);
  afterAll(() => redis.disconnect());

  it("serves the stale value at once while one refresh runs, then the refreshed one", async () => {
    const cache = await openCache(redis, { namespace: "grace", ttlMs: 40, graceMs: 60_000 });
    expect(await cache.getOrSet("k", () => "first")).toBe("first");
    await pause(60);
    let refreshes = 0;
    let finish: (value: string) => void = () => undefined;
    const slowLoader = () => {
      refreshes += 1;
      return new Promise<string>((resolve) => {
        finish = resolve;
      });
    };
    const during = await Promise.all(Array.from({ length: 20 }, () => cache.getOrSet("k", slowLoader, { ttlMs: 60_000 })));
    expect(during.every((value) => value === "first")).toBe(true);
    expect(cache.stats().staleServes).toBe(20);
    // The refresh checks Redis first, then calls the loader, once however many callers came.
    await eventually(async () => expect(refreshes).toBe(1));
    expect(await cache.getOrSet("k", slowLoader)).toBe("first");
    finish("second");
    await eventually(async () => expect(await cache.getOrSet("k", slowLoader)).toBe("second"));
    expect(refreshes).toBe(1);
  });

  it("keeps serving the stale value when the refresh throws, and reports the error", async () => {
    const log = errorLog();
    const cache = await openCache(redis, { namespace: "grace", ttlMs: 40, graceMs: 60_000, onError: log.onError });
    await cache.set("k", "stale but useful");
    await pause(60);
    const failure = new Error("backend down");
    const failing = async () => {
      throw failure;
    };
    expect(await cache.getOrSet("k", failing)).toBe("stale but useful");
    await eventually(async () => expect(log.errors.map(({ error }) => error)).toContain(failure));
    expect(log.errors.find(({ error }) => error === failure)).toMatchObject({ operation: "refresh", key: "k" });
    expect(cache.stats().loadErrors).toBe(1);
    expect(await cache.getOrSet("k", failing)).toBe("stale but useful");
  });

  it("serves a stale entry from Redis to an instance without it in L1, refreshing in the background", async () => {
    const writer = await openCache(redis, { namespace: "grace", ttlMs: 40, graceMs: 60_000 });
    await writer.set("k", "old");
    await pause(60);
    const reader = await openCache(redis, { namespace: "grace", ttlMs: 60_000, stampede: "distributed" });
    expect(await reader.get("k")).toBeUndefined();
    expect(await reader.getOrSet("k", async () => "new")).toBe("old");
    await eventually(async () => expect(await reader.get("k")).toBe("new"));
    expect(reader.stats().loads).toBe(1);
  });

  it("getOrSetMany serves stale values and refreshes them in one loader call", async () => {
    const cache = await openCache(redis, { namespace: "grace", ttlMs: 40, graceMs: 60_000 });
    await cache.setMany([
      ["a", "old a"],
      ["b", "old b"],
    ]);
    await pause(60);
    const calls: string[][] = [];
    const values = await cache.getOrSetMany(["a", "b", "c"], async (keys) => {
      calls.push(keys);
      return keys.map((key) => `new ${key}`);
    });
    expect(values).toEqual(["old a", "old b", "new c"]);
    await eventually(async () => expect(await cache.getMany(["a", "b"])).toEqual(["new a", "new b"]));
    expect(calls.sort()).toEqual([["a", "b"], ["c"]]);
  });

  it("throws the loader's error once the grace period is over", async () => {
    const cache = await openCache(redis, { namespace: "grace", ttlMs: 20, graceMs: 30 });
    await cache.set("k", "old");
    await pause(80);
    await expect(
      cache.getOrSet("k", async () => {
        throw new Error("no value");
      }),
    ).rejects.toThrow("no value");
  });

  it("get does not return a stale value", async () => {
    const cache = await openCache(redis, { namespace: "grace", ttlMs: 20, graceMs: 60_000 });
    await cache.set("k", "old");
    await pause(40);
    expect(await cache.get("k")).toBeUndefined();
    expect(await cache.has("k")).toBe(false);
  });
});
