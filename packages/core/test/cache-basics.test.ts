import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CacheCodec } from "../src/cache/cache-types.js";
import type { RedisClient } from "../src/client/redis-client.js";
import { eventually } from "./settles-within.js";
import { allKeys, closeAll, errorLog, openCache } from "./support/cache.js";
import { topologies } from "./topologies.js";

describe.each(topologies)("cache basics on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterEach(closeAll);
  afterAll(() => redis.disconnect());

  it("get returns undefined for a key that was never set", async () => {
    const cache = await openCache(redis, { namespace: "basics", ttlMs: 60_000 });
    expect(await cache.get("missing")).toBeUndefined();
    expect(await cache.has("missing")).toBe(false);
  });

  it("set then get returns the value from L1, and from Redis in another instance", async () => {
    const writer = await openCache(redis, { namespace: "basics", ttlMs: 60_000 });
    await writer.set("user:1", { name: "Ada", roles: ["admin"] });
    // Opened after the write, so no announcement of it is in flight to the reader.
    const reader = await openCache(redis, { namespace: "basics", ttlMs: 60_000 });
    expect(await writer.get("user:1")).toEqual({ name: "Ada", roles: ["admin"] });
    expect(writer.stats().l1.hits).toBe(1);
    expect(await reader.get("user:1")).toEqual({ name: "Ada", roles: ["admin"] });
    expect(reader.stats().l2.hits).toBe(1);
    expect(await reader.get("user:1")).toEqual({ name: "Ada", roles: ["admin"] });
    expect(reader.stats().l1.hits).toBe(1);
    expect(await reader.has("user:1")).toBe(true);
  });

  it("delete removes the key from both tiers", async () => {
    const cache = await openCache(redis, { namespace: "basics", ttlMs: 60_000 });
    await cache.set("k", 1);
    await cache.delete("k");
    expect(await cache.get("k")).toBeUndefined();
    expect(await allKeys(redis)).toEqual([]);
  });

  it("stores entries with the TTL in Redis, per call or by default", async () => {
    const cache = await openCache(redis, { namespace: "ttl", ttlMs: 60_000, l1: false });
    await cache.set("default", "a");
    await cache.set("short", "b", { ttlMs: 5_000 });
    const [defaultKey] = (await allKeys(redis)).filter((key) => key.endsWith(":default"));
    const [shortKey] = (await allKeys(redis)).filter((key) => key.endsWith(":short"));
    const defaultTtl = await redis.pttl(defaultKey as string);
    const shortTtl = await redis.pttl(shortKey as string);
    expect(defaultTtl).toBeGreaterThan(59_000);
    expect(defaultTtl).toBeLessThanOrEqual(60_000);
    expect(shortTtl).toBeGreaterThan(4_000);
    expect(shortTtl).toBeLessThanOrEqual(5_000);
  });

  it("expires entries after their TTL in both tiers", async () => {
    const cache = await openCache(redis, { namespace: "ttl", ttlMs: 60_000 });
    await cache.set("brief", "gone soon", { ttlMs: 30 });
    expect(await cache.get("brief")).toBe("gone soon");
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await cache.get("brief")).toBeUndefined();
    expect(await allKeys(redis)).toEqual([]);
  });

  it("keeps jittered TTLs between ttlMs × (1 − jitter) and ttlMs, and spreads them", async () => {
    const cache = await openCache(redis, { namespace: "jitter", ttlMs: 100_000, ttlJitter: 0.2, l1: false });
    await cache.setMany(Array.from({ length: 50 }, (_, index) => [`k${index}`, index] as const));
    for (let index = 0; index < 50; index++) await cache.set(`single${index}`, index);
    const ttls = await Promise.all((await allKeys(redis)).map((key) => redis.pttl(key)));
    expect(ttls).toHaveLength(100);
    for (const ttl of ttls) {
      expect(ttl).toBeGreaterThan(80_000 - 1_000);
      expect(ttl).toBeLessThanOrEqual(100_000);
    }
    // The 50 single writes drew their own jitter: they do not all expire together.
    expect(new Set(ttls.map((ttl) => Math.round(ttl / 1_000))).size).toBeGreaterThan(5);
  });

  it("getMany, setMany and deleteMany work across buckets (slots on a cluster)", async () => {
    const cache = await openCache(redis, { namespace: "many", ttlMs: 60_000 });
    const reader = await openCache(redis, { namespace: "many", ttlMs: 60_000 });
    const entries = Array.from({ length: 200 }, (_, index) => [`item:${index}`, { index }] as const);
    await cache.setMany(entries);
    const keys = [...entries.map(([key]) => key), "absent"];
    expect(await reader.getMany(keys)).toEqual([...entries.map(([, value]) => value), undefined]);
    expect(reader.stats().l2.hits).toBe(200);
    await cache.deleteMany(keys.slice(0, 100));
    // The reader's L1 drops the keys when the bus message arrives (pub/sub is asynchronous).
    await eventually(async () => {
      const after = await reader.getMany(keys);
      expect(after.slice(0, 100).every((value) => value === undefined)).toBe(true);
      expect(after.slice(100, 200)).toEqual(entries.slice(100).map(([, value]) => value));
    });
    if (topology.name === "cluster") {
      const slots = new Set((await allKeys(redis)).map((key) => /\{([^}]*)\}/.exec(key)?.[1]));
      expect(slots.size).toBeGreaterThan(10);
    }
  });

  it("round-trips Buffers byte for byte, and strings, numbers, null, arrays", async () => {
    const cache = await openCache(redis, { namespace: "binary", ttlMs: 60_000 });
    const reader = await openCache(redis, { namespace: "binary", ttlMs: 60_000 });
    const bytes = Buffer.from([0, 255, 1, 128, 10, 13, 0x6a, 0xc3, 0x28]);
    await cache.setMany([
      ["bytes", bytes],
      ["text", "héllo\n"],
      ["number", 42.5],
      ["null", null],
      ["list", [1, "two", { three: 3 }]],
    ]);
    const [readBytes, ...rest] = await reader.getMany(["bytes", "text", "number", "null", "list"]);
    expect(Buffer.isBuffer(readBytes)).toBe(true);
    expect((readBytes as Buffer).equals(bytes)).toBe(true);
    expect(rest).toEqual(["héllo\n", 42.5, null, [1, "two", { three: 3 }]]);
  });

  it("uses a pluggable codec", async () => {
    const upper: CacheCodec = {
      encode: (value) => Buffer.from(String(value).toUpperCase()),
      decode: (bytes) => `decoded:${bytes.toString()}`,
    };
    const cache = await openCache(redis, { namespace: "codec", ttlMs: 60_000, codec: upper, l1: false });
    await cache.set("k", "quiet");
    expect(await cache.get("k")).toBe("decoded:QUIET");
  });

  it("treats an entry its codec cannot decode as a miss and reports it", async () => {
    const log = errorLog();
    const writer = await openCache(redis, {
      namespace: "codec",
      ttlMs: 60_000,
      l1: false,
      codec: { encode: () => Buffer.from("?"), decode: (bytes) => bytes },
    });
    const reader = await openCache(redis, { namespace: "codec", ttlMs: 60_000, l1: false, onError: log.onError });
    await writer.set("k", "anything");
    expect(await reader.get("k")).toBeUndefined();
    expect(log.errors.map(({ error }) => (error as { code?: string }).code)).toEqual(["E_CACHE_DECODE"]);
  });

  it("clear removes the namespace only, on every master", async () => {
    const cache = await openCache(redis, { namespace: "app", ttlMs: 60_000 });
    const nested = await openCache(redis, { namespace: "app:v2", ttlMs: 60_000 });
    const other = await openCache(redis, { namespace: "other", ttlMs: 60_000 });
    await cache.setMany(
      Array.from({ length: 100 }, (_, index) => [`k${index}`, index] as const),
      { tags: ["t"] },
    );
    await cache.invalidateTags(["t"]);
    await nested.set("k0", "nested");
    await other.set("k0", "other");
    await redis.set("app:plain", "not a cache key");
    await cache.clear();
    expect(await cache.getMany(["k0", "k99"])).toEqual([undefined, undefined]);
    expect(await nested.get("k0")).toBe("nested");
    expect(await other.get("k0")).toBe("other");
    const left = await allKeys(redis);
    expect(left.filter((key) => key.startsWith("app:{"))).toEqual([]);
    expect(left).toContain("app:plain");
    expect(left.some((key) => key.startsWith("app:v2:{"))).toBe(true);
  });

  it("rejects bad input with E_INVALID_ARGUMENT and changes nothing", async () => {
    const cache = await openCache(redis, { namespace: "bad", ttlMs: 60_000 });
    const code = async (work: () => Promise<unknown>) => {
      try {
        await work();
      } catch (error) {
        return (error as { code?: string }).code;
      }
      return "no error";
    };
    expect(await code(() => cache.set("", 1))).toBe("E_INVALID_ARGUMENT");
    expect(await code(() => cache.get(""))).toBe("E_INVALID_ARGUMENT");
    expect(await code(() => cache.set("k", 1, { ttlMs: -5 }))).toBe("E_INVALID_ARGUMENT");
    expect(await code(() => cache.set("k", 1, { ttlMs: 1.5 }))).toBe("E_INVALID_ARGUMENT");
    expect(await code(() => cache.set("k", 1, { graceMs: -1 }))).toBe("E_INVALID_ARGUMENT");
    expect(await code(() => cache.set("k", 10n as unknown))).toBe("E_INVALID_ARGUMENT");
    expect(await code(() => cache.set("k", undefined))).toBe("E_INVALID_ARGUMENT");
    expect(await code(() => cache.set("k", () => 1))).toBe("E_INVALID_ARGUMENT");
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(await code(() => cache.set("k", cyclic))).toBe("E_INVALID_ARGUMENT");
    expect(await code(() => cache.set("k", 1, { tags: [""] }))).toBe("E_INVALID_ARGUMENT");
    // One bad entry: none of the batch is written.
    expect(
      await code(() =>
        cache.setMany([
          ["a", 1],
          ["b", 2n as unknown],
          ["c", 3],
        ]),
      ),
    ).toBe("E_INVALID_ARGUMENT");
    expect(await code(() => cache.getOrSet("k", 5 as unknown as () => number))).toBe("E_INVALID_ARGUMENT");
    expect(await code(() => cache.invalidateTags(["ok", "bad\ntag"]))).toBe("E_INVALID_ARGUMENT");
    expect(await cache.getMany(["k", "a", "b", "c"])).toEqual([undefined, undefined, undefined, undefined]);
    expect(await allKeys(redis)).toEqual([]);
  });

  it("refuses bad options at creation", async () => {
    const { createCache } = await import("../src/cache/cache.js");
    const codeOf = (work: () => unknown) => {
      try {
        work();
      } catch (error) {
        return (error as { code?: string }).code;
      }
      return "no error";
    };
    expect(codeOf(() => createCache(redis, { namespace: "", ttlMs: 1 }))).toBe("E_INVALID_ARGUMENT");
    expect(codeOf(() => createCache(redis, { namespace: "a{b}", ttlMs: 1 }))).toBe("E_INVALID_ARGUMENT");
    expect(codeOf(() => createCache(redis, { namespace: "a", ttlMs: -1 }))).toBe("E_INVALID_ARGUMENT");
    expect(codeOf(() => createCache(redis, { namespace: "a", ttlMs: 1, ttlJitter: 2 }))).toBe("E_INVALID_ARGUMENT");
    expect(codeOf(() => createCache(redis, { namespace: "a", ttlMs: 1, l1: false, l2: false }))).toBe("E_INVALID_ARGUMENT");
    expect(codeOf(() => createCache(redis, { namespace: "a", ttlMs: 1, l2: false, stampede: "distributed" }))).toBe("E_INVALID_ARGUMENT");
    expect(codeOf(() => createCache({} as RedisClient, { namespace: "a", ttlMs: 1 }))).toBe("E_INVALID_ARGUMENT");
  });

  it("throws E_CACHE_CLOSED after close and leaves the caller's client open", async () => {
    const cache = await openCache(redis, { namespace: "closing", ttlMs: 60_000 });
    await cache.close();
    await expect(cache.get("k")).rejects.toMatchObject({ code: "E_CACHE_CLOSED" });
    expect(await redis.set("still", "open")).toBe("OK");
  });
});
