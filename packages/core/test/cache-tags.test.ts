import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import { eventually } from "./settles-within.js";
import { allKeys, closeAll, openCache, roundTripsOf } from "./support/cache.js";
import { topologies } from "./topologies.js";

describe.each(topologies)("cache tags on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterEach(closeAll);
  afterAll(() => redis.disconnect());

  it("invalidateTags makes every entry with the tag a miss, in Redis and in this L1", async () => {
    const cache = await openCache(redis, { namespace: "tags", ttlMs: 60_000 });
    const entries = Array.from({ length: 100 }, (_, index) => [`product:${index}`, { index }] as const);
    await cache.setMany(entries.slice(0, 50), { tags: ["catalog", "even"] });
    await cache.setMany(entries.slice(50), { tags: ["catalog"] });
    await cache.set("untagged", "stays");
    await cache.set("other", "stays too", { tags: ["unrelated"] });
    await cache.invalidateTags(["even"]);
    const values = await cache.getMany(entries.map(([key]) => key));
    expect(values.slice(0, 50).every((value) => value === undefined)).toBe(true);
    expect(values.slice(50)).toEqual(entries.slice(50).map(([, value]) => value));
    expect(await cache.getMany(["untagged", "other"])).toEqual(["stays", "stays too"]);
  });

  it("an instance whose L1 holds tagged entries drops them when another invalidates the tag", async () => {
    const writer = await openCache(redis, { namespace: "tags", ttlMs: 60_000 });
    await writer.setMany(
      Array.from({ length: 40 }, (_, index) => [`k${index}`, index] as const),
      { tags: ["group"] },
    );
    const reader = await openCache(redis, { namespace: "tags", ttlMs: 60_000 });
    const keys = Array.from({ length: 40 }, (_, index) => `k${index}`);
    expect((await reader.getMany(keys)).every((value) => value !== undefined)).toBe(true);
    expect(reader.stats().l1.entries).toBe(40);
    await writer.invalidateTags(["group"]);
    await eventually(async () => expect(reader.stats().l1.entries).toBe(0));
    expect(await reader.getMany(keys)).toEqual(keys.map(() => undefined));
  });

  it("entries written after an invalidation are not affected by it", async () => {
    const cache = await openCache(redis, { namespace: "tags", ttlMs: 60_000, l1: false });
    await cache.set("a", "old", { tags: ["t"] });
    await cache.invalidateTags(["t"]);
    await cache.set("a", "new", { tags: ["t"] });
    await cache.set("b", "new", { tags: ["t"] });
    expect(await cache.getMany(["a", "b"])).toEqual(["new", "new"]);
  });

  it("getOrSet reloads an entry whose tag was invalidated", async () => {
    const cache = await openCache(redis, { namespace: "tags", ttlMs: 60_000 });
    let loads = 0;
    const load = async () => {
      loads += 1;
      return `version ${loads}`;
    };
    expect(await cache.getOrSet("report", load, { tags: ["reports"] })).toBe("version 1");
    expect(await cache.getOrSet("report", load, { tags: ["reports"] })).toBe("version 1");
    await cache.invalidateTags(["reports"]);
    expect(await cache.getOrSet("report", load, { tags: ["reports"] })).toBe("version 2");
  });

  it("remembers an invalidation only as long as a tagged entry of its bucket can live", async () => {
    const cache = await openCache(redis, { namespace: "horizon", ttlMs: 60_000, l1: false, buckets: 1 });
    await cache.set("short", 1, { ttlMs: 20_000, tags: ["t"] });
    await cache.set("longer", 2, { ttlMs: 30_000, graceMs: 5_000, tags: ["t"] });
    await cache.invalidateTags(["t", "never-used"]);
    const keys = await allKeys(redis);
    const tagKeys = keys.filter((key) => key.includes("}:t:"));
    expect(tagKeys.map((key) => key.slice(key.indexOf("}:t:") + 4)).sort()).toEqual(["never-used", "t"]);
    for (const key of tagKeys) {
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(30_000);
      expect(ttl).toBeLessThanOrEqual(35_000);
    }
    // A bucket with no tagged entry alive records nothing.
    const untagged = await openCache(redis, { namespace: "horizon-untagged", ttlMs: 60_000, l1: false, buckets: 1 });
    await untagged.set("plain", 1);
    await untagged.invalidateTags(["t"]);
    expect((await allKeys(redis)).filter((key) => key.startsWith("horizon-untagged:") && key.includes("}:t:"))).toEqual([]);
  });

  if (topology.name === "standalone") {
    it("counts round trips: one per write, read or invalidation; two to read a tagged entry without saying so", async () => {
      const raw = redis as Redis;
      const cache = await openCache(redis, { namespace: "trips", ttlMs: 60_000, l1: false });
      const keys = Array.from({ length: 50 }, (_, index) => `k${index}`);
      const tagged = keys.map((key) => [key, key] as const);
      expect(await roundTripsOf(raw, () => cache.set("one", 1, { tags: ["a", "b"] }))).toBe(1);
      expect(await roundTripsOf(raw, () => cache.set("plain", 1))).toBe(1);
      // get reads with a plain GET; a tagged entry is read again through the script that checks its tags.
      expect(await roundTripsOf(raw, () => cache.get("plain"))).toBe(1);
      expect(await roundTripsOf(raw, () => cache.get("one"))).toBe(2);
      // getOrSet reads through the script when the call passes tags (one round trip), with a GET otherwise.
      expect(await roundTripsOf(raw, () => cache.getOrSet("one", () => 0, { tags: ["a", "b"] }))).toBe(1);
      expect(await roundTripsOf(raw, () => cache.getOrSet("plain", () => 0))).toBe(1);
      expect(await roundTripsOf(raw, () => cache.setMany(tagged, { tags: ["a"] }))).toBe(1);
      expect(await roundTripsOf(raw, () => cache.getMany(keys))).toBe(2);
      expect(await roundTripsOf(raw, () => cache.getOrSetMany(keys, () => [], { tags: ["a"] }))).toBe(1);
      expect(await roundTripsOf(raw, () => cache.invalidateTags(["a", "b", "c"]))).toBe(1);
      // All missing now: one read, one loader call, one write.
      expect(await roundTripsOf(raw, () => cache.getOrSetMany(keys, (missing) => missing.map((key) => `loaded ${key}`), { tags: ["a"] }))).toBe(2);
      expect(await roundTripsOf(raw, () => cache.deleteMany(keys))).toBe(1);
    });
  } else {
    it("invalidateTags sends one pipeline per master: every bucket's slot gets the invalidation", async () => {
      const cache = await openCache(redis, { namespace: "spread", ttlMs: 60_000, l1: false });
      const keys = Array.from({ length: 300 }, (_, index) => `k${index}`);
      await cache.setMany(
        keys.map((key) => [key, key] as const),
        { tags: ["all"] },
      );
      const tags = new Set((await allKeys(redis)).map((key) => /\{([^}]*)\}/.exec(key)?.[1]));
      expect(tags.size).toBe(64);
      await cache.invalidateTags(["all"]);
      expect(await cache.getMany(keys)).toEqual(keys.map(() => undefined));
    });
  }
});

describe("cache tags with a key prefix", () => {
  it("keeps every key, tag and channel under the client's keyPrefix", async () => {
    const server = await (await import("@redis-mcp/test-redis/vitest")).useRedis();
    const prefixed = new Redis(server.port, { keyPrefix: "tenant-a:" });
    const plain = new Redis(server.port);
    try {
      const cache = await openCache(prefixed, { namespace: "p", ttlMs: 60_000 });
      const reader = await openCache(prefixed, { namespace: "p", ttlMs: 60_000 });
      await cache.set("k", 1, { tags: ["t"] });
      expect(await reader.get("k")).toBe(1);
      await cache.invalidateTags(["t"]);
      await eventually(async () => expect(await reader.get("k")).toBeUndefined());
      await cache.set("k2", 2, { tags: ["t"] });
      await cache.clear();
      const keys = await allKeys(plain);
      expect(keys.every((key) => key.startsWith("tenant-a:"))).toBe(true);
      expect(await reader.get("k2")).toBeUndefined();
    } finally {
      await closeAll();
      prefixed.disconnect();
      plain.disconnect();
    }
  });
});
