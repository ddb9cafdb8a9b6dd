import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import { multiDelete, multiExists, multiGet, multiGetBuffer, multiSet } from "../src/cluster/multi-key.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { topologies } from "./topologies.js";

describe.each(topologies)("multi-key operations on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  const keys = Array.from({ length: 1200 }, (_, index) => `item:${index}`);

  it("sets and gets 1,200 keys across slots, in the caller's order", async () => {
    await multiSet(
      redis,
      keys.map((key) => [key, `value-of-${key}`] as const),
      { chunkSize: 100 },
    );
    const shuffled = [...keys].reverse();
    const values = await multiGet(redis, [...shuffled, "missing:key"], { chunkSize: 100 });
    expect(values.slice(0, -1)).toEqual(shuffled.map((key) => `value-of-${key}`));
    expect(values.at(-1)).toBeNull();
  });

  it("accepts a record, sets a TTL per key, and counts existing and deleted keys", async () => {
    await multiSet(redis, { "a:1": "x", "b:2": "y", "c:3": "z" }, { ttlMs: 60_000 });
    const ttl = await redis.pttl("b:2");
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await multiExists(redis, ["a:1", "b:2", "c:3", "nope", "a:1"])).toBe(4);
    expect(await multiDelete(redis, ["a:1", "b:2", "nope"])).toBe(2);
    expect(await multiExists(redis, ["a:1", "b:2", "c:3"])).toBe(1);
    expect(await multiDelete(redis, ["c:3"], { unlink: false })).toBe(1);
  });

  it("round-trips binary values byte for byte", async () => {
    const bytes = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0a]);
    await multiSet(redis, [
      ["bin:1", bytes],
      ["bin:2", Buffer.from("plain")],
    ]);
    const [first, second] = await multiGetBuffer(redis, ["bin:1", "bin:2"]);
    expect(first?.equals(bytes)).toBe(true);
    expect(second?.toString()).toBe("plain");
  });

  it("does nothing for an empty list and rejects bad options before writing", async () => {
    expect(await multiGet(redis, [])).toEqual([]);
    await expect(multiSet(redis, { "k:1": "v" }, { ttlMs: 0 })).rejects.toThrow(/ttlMs must be a positive integer/);
    await expect(multiGet(redis, ["k:1"], { chunkSize: 0 })).rejects.toThrow(/chunkSize must be a positive integer/);
    expect(await redis.exists("k:1")).toBe(0);
  });
});

describe("multi-key failures", () => {
  it("surfaces an unreachable Redis as E_REDIS_UNAVAILABLE", async () => {
    const { Redis } = await import("ioredis");
    const offline = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null });
    offline.on("error", () => {});
    const error = await multiGet(offline, ["a", "b"]).catch((caught: unknown) => caught);
    offline.disconnect();
    expect(RedisMcpError.isInstance(error) && error.code).toBe("E_REDIS_UNAVAILABLE");
    expect((error as Error).message).toMatch(/^multiGet: Redis is unavailable/);
  });
});
