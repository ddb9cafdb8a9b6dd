import { useRedis, useRedisCluster } from "@redis-mcp/test-redis/vitest";
import { Cluster as Cluster5, Redis as Redis5 } from "ioredis-v5";
import { describe, expect, it } from "vitest";
import { detectCapabilities } from "../src/capabilities/capabilities.js";
import { multiGet, multiSet } from "../src/cluster/multi-key.js";
import { closeRedis } from "../src/connection/close-redis.js";
import { createRedis } from "../src/connection/create-redis.js";
import { health } from "../src/connection/health.js";
import { adoptRedis } from "../src/connection/ownership.js";
import { defineScript } from "../src/scripts/redis-script.js";

const increment = defineScript({ name: "test_v5_incr", keys: 1, lua: "return redis.call('INCRBY', KEYS[1], ARGV[1])" });

describe("a caller's ioredis 5 client", () => {
  it("works with core's helpers on standalone and is never closed by core", async () => {
    const server = await useRedis();
    const legacy = new Redis5(server.port);
    try {
      const redis = await createRedis(legacy);
      expect(redis).toBe(legacy);
      await multiSet(redis, { a: "1", b: "2" });
      expect(await multiGet(redis, ["a", "b", "c"])).toEqual(["1", "2", null]);
      expect(await increment.run(redis, ["counter"], [5])).toBe(5);
      expect((await detectCapabilities(redis)).cluster).toBe(false);
      expect((await health(redis)).ok).toBe(true);
      expect(await closeRedis(redis)).toBe(false);
      expect(await legacy.ping()).toBe("PONG");
    } finally {
      legacy.disconnect();
    }
  });

  it("works with core's slot-aware helpers on a cluster", async () => {
    const cluster = await useRedisCluster();
    const legacy = new Cluster5(cluster.startupNodes);
    try {
      const redis = adoptRedis(legacy);
      await new Promise((resolve) => legacy.once("ready", resolve));
      const entries = Array.from({ length: 100 }, (_, index) => [`k:${index}`, `v${index}`] as const);
      await multiSet(redis, entries);
      expect(
        await multiGet(
          redis,
          entries.map(([key]) => key),
        ),
      ).toEqual(entries.map(([, value]) => value));
      expect(await increment.run(redis, ["{c}:counter"], [2])).toBe(2);
    } finally {
      legacy.disconnect();
    }
  });
});
