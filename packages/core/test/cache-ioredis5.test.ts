import { useRedis, useRedisCluster } from "@redis-mcp/test-redis/vitest";
import { Cluster as Cluster5, Redis as Redis5 } from "ioredis-v5";
import { afterEach, describe, expect, it } from "vitest";
import { eventually } from "./settles-within.js";
import { closeAll, openCache } from "./support/cache.js";

describe("createCache with a caller's ioredis 5 client", () => {
  afterEach(closeAll);

  it("works on standalone: tiers, tags, distributed loads, the bus", async () => {
    const server = await useRedis();
    const one = new Redis5(server.port);
    const two = new Redis5(server.port);
    try {
      const a = await openCache(one, { namespace: "v5", ttlMs: 60_000, stampede: "distributed" });
      const b = await openCache(two, { namespace: "v5", ttlMs: 60_000, stampede: "distributed" });
      expect(await a.getOrSet("k", () => Buffer.from([1, 2, 3]), { tags: ["t"] })).toEqual(Buffer.from([1, 2, 3]));
      expect(await b.get("k")).toEqual(Buffer.from([1, 2, 3]));
      await a.invalidateTags(["t"]);
      await eventually(async () => expect(await b.get("k")).toBeUndefined());
      expect(await b.getOrSetMany(["x", "y"], (keys) => keys)).toEqual(["x", "y"]);
      expect(await one.ping()).toBe("PONG");
    } finally {
      await closeAll();
      one.disconnect();
      two.disconnect();
    }
  });

  it("works on a cluster", async () => {
    const cluster = await useRedisCluster();
    const one = new Cluster5(cluster.startupNodes);
    const two = new Cluster5(cluster.startupNodes);
    try {
      const a = await openCache(one, { namespace: "v5", ttlMs: 60_000 });
      const b = await openCache(two, { namespace: "v5", ttlMs: 60_000 });
      const entries = Array.from({ length: 100 }, (_, index) => [`k${index}`, index] as const);
      await a.setMany(entries);
      expect(await b.getMany(entries.map(([key]) => key))).toEqual(entries.map(([, value]) => value));
      await a.deleteMany(["k0", "k1"]);
      await eventually(async () => expect(await b.getMany(["k0", "k1", "k2"])).toEqual([undefined, undefined, 2]));
      await a.clear();
      await eventually(async () => expect(await b.get("k50")).toBeUndefined());
    } finally {
      await closeAll();
      one.disconnect();
      two.disconnect();
    }
  });
});
