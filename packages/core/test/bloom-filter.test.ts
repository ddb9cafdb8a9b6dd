import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { createBloomFilter, openBloomFilter } from "../src/probabilistic/bloom-filter.js";
import { topologies } from "./topologies.js";

async function codeOf(work: Promise<unknown>): Promise<string | undefined> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return RedisMcpError.isInstance(error) ? error.code : String(error);
}

describe.each(topologies)("bloom filter on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("has no false negatives and at most 1.5x the configured false-positive rate at capacity", async () => {
    const filter = await createBloomFilter(redis, { key: "accuracy", capacity: 10_000, errorRate: 0.01 });
    expect(filter.implementation).toBe("bitmap");
    const added = Array.from({ length: 10_000 }, (_, index) => `added:${index}`);
    const neverAdded = Array.from({ length: 20_000 }, (_, index) => `absent:${index}`);
    await filter.add(added);
    expect((await filter.check(added)).every(Boolean)).toBe(true);
    const falsePositives = (await filter.check(neverAdded)).filter(Boolean).length;
    expect(falsePositives / neverAdded.length).toBeLessThanOrEqual(0.015);
    // A filter that answered "present" for everything would pass the first check: prove it discriminates.
    expect(falsePositives).toBeLessThan(neverAdded.length / 10);
  });

  it("tells which adds were new, for one item and for lists, and keeps Buffers apart from nothing", async () => {
    const filter = await createBloomFilter(redis, { key: "flags", capacity: 1_000, errorRate: 0.001 });
    expect(await filter.add("alpha")).toBe(true);
    expect(await filter.add("alpha")).toBe(false);
    expect(await filter.add(["beta", "alpha", "beta", Buffer.from([0xff, 0x00])])).toEqual([true, false, false, true]);
    expect(await filter.check(["alpha", "beta", "gamma", Buffer.from([0xff, 0x00])])).toEqual([true, true, false, true]);
    expect(await filter.check("gamma")).toBe(false);
    expect(await filter.add([])).toEqual([]);
    expect(await filter.check([])).toEqual([]);
  });

  it("stores bits and parameters under one hash tag and reports them in info", async () => {
    const filter = await createBloomFilter(redis, { key: "sized", capacity: 10_000, errorRate: 0.01 });
    await filter.add(["a", "b", "c", "a"]);
    expect(await filter.info()).toEqual({
      implementation: "bitmap",
      capacity: 10_000,
      errorRate: 0.01,
      itemsAdded: 3,
      sizeBytes: Math.ceil(95_851 / 8),
      bits: 95_851,
      hashes: 7,
    });
    expect(await redis.hget("bloom:{sized}:parameters", "hashes")).toBe("7");
    expect(await redis.strlen("bloom:{sized}:bits")).toBe(Math.ceil(95_851 / 8));
  });

  it("opens an existing filter from another instance and refuses other parameters without touching it", async () => {
    const writer = await createBloomFilter(redis, { key: "shared", capacity: 500, errorRate: 0.01 });
    await writer.add(["x", "y"]);
    const reader = await createBloomFilter(redis, { key: "shared", capacity: 500, errorRate: 0.01 });
    expect(await reader.check(["x", "y", "z"])).toEqual([true, true, false]);

    const attempt = createBloomFilter(redis, { key: "shared", capacity: 600, errorRate: 0.01 });
    await expect(attempt).rejects.toThrow(/already exists with capacity 500, errorRate 0.01 \(bitmap\), not capacity 600/);
    expect(await codeOf(createBloomFilter(redis, { key: "shared", capacity: 500, errorRate: 0.02 }))).toBe("E_INVALID_ARGUMENT");
    expect(await redis.hmget("bloom:{shared}:parameters", "capacity", "errorRate")).toEqual(["500", "0.01"]);
    expect(await reader.check(["x", "y"])).toEqual([true, true]);
  });

  it("refuses to write into a filter that was recreated with other parameters", async () => {
    const stale = await createBloomFilter(redis, { key: "recreated", capacity: 100, errorRate: 0.01 });
    await redis.del("bloom:{recreated}:parameters", "bloom:{recreated}:bits");
    await createBloomFilter(redis, { key: "recreated", capacity: 200, errorRate: 0.01 });
    await expect(stale.add("item")).rejects.toThrow(/already exists with capacity 200/);
    expect(await codeOf(stale.check("item"))).toBe("E_INVALID_ARGUMENT");
  });

  it("clears the items and keeps the parameters", async () => {
    const filter = await createBloomFilter(redis, { key: "cleared", capacity: 100, errorRate: 0.01 });
    await filter.add(["one", "two"]);
    await filter.clear();
    expect(await filter.check(["one", "two"])).toEqual([false, false]);
    expect((await filter.info()).itemsAdded).toBe(0);
    expect(await filter.add("one")).toBe(true);
  });

  it("rejects bad input before sending anything", async () => {
    expect(await codeOf(createBloomFilter(redis, { key: "", capacity: 10, errorRate: 0.01 }))).toBe("E_INVALID_ARGUMENT");
    expect(await codeOf(createBloomFilter(redis, { key: "bad", capacity: 0, errorRate: 0.01 }))).toBe("E_INVALID_ARGUMENT");
    expect(await codeOf(createBloomFilter(redis, { key: "bad", capacity: 10, errorRate: 1 }))).toBe("E_INVALID_ARGUMENT");
    await expect(createBloomFilter(redis, { key: "bad", capacity: 1_000_000_000, errorRate: 0.01 })).rejects.toThrow(/at most 4294967296/);
    const implementation = "fancy" as "bitmap";
    expect(await codeOf(createBloomFilter(redis, { key: "bad", capacity: 10, errorRate: 0.01, implementation }))).toBe("E_INVALID_ARGUMENT");
    const filter = await createBloomFilter(redis, { key: "typed", capacity: 10, errorRate: 0.01 });
    expect(await codeOf(filter.add([42 as unknown as string]))).toBe("E_INVALID_ARGUMENT");
    expect(await redis.exists("bloom:{bad}:parameters", "bloom:{bad}:bits")).toBe(0);
    expect(await filter.check("42")).toBe(false);
  });

  it("explains that RedisBloom is missing when it is asked for, and falls back to a bitmap on auto", async () => {
    const error = await createBloomFilter(redis, { key: "module", capacity: 10, errorRate: 0.01, implementation: "redisbloom" }).catch(
      (caught: unknown) => caught,
    );
    expect(RedisMcpError.isInstance(error) && error.code).toBe("E_UNSUPPORTED");
    expect((error as Error).message).toMatch(/RedisBloom module is not loaded.*"auto" or "bitmap"/);
    expect(await redis.exists("bloom:{module}:parameters")).toBe(0);
    expect((await createBloomFilter(redis, { key: "module", capacity: 10, errorRate: 0.01 })).implementation).toBe("bitmap");
  });
});

describe.each(topologies)("openBloomFilter on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("opens an existing filter with its stored parameters, and creates nothing when there is none", async () => {
    expect(await openBloomFilter(redis, "absent")).toBeNull();
    expect(await redis.exists("bloom:{absent}:parameters", "bloom:{absent}:bits")).toBe(0);
    const created = await createBloomFilter(redis, { key: "urls", capacity: 5000, errorRate: 0.001 });
    await created.add(["a", "b"]);
    const opened = await openBloomFilter(redis, "urls");
    expect(opened?.implementation).toBe("bitmap");
    expect(await opened?.check(["a", "b", "never-added"])).toEqual([true, true, false]);
    expect(await opened?.add("c")).toBe(true);
    expect(await created.check("c")).toBe(true);
    expect(await opened?.info()).toMatchObject({ capacity: 5000, errorRate: 0.001, itemsAdded: 3 });
  });
});

describe("bloom filter failures", () => {
  it("surfaces an unreachable Redis as E_REDIS_UNAVAILABLE", async () => {
    const offline = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null });
    offline.on("error", () => {});
    try {
      expect(await codeOf(createBloomFilter(offline, { key: "down", capacity: 10, errorRate: 0.01 }))).toBe("E_REDIS_UNAVAILABLE");
      expect(await codeOf(createBloomFilter(offline, { key: "down", capacity: 10, errorRate: 0.01, implementation: "bitmap" }))).toBe("E_REDIS_UNAVAILABLE");
    } finally {
      offline.disconnect();
    }
  });
});
