import { useRedisCluster } from "@redis-mcp/test-redis/vitest";
import { describe, expect, it } from "vitest";
import { isCluster } from "../src/client/redis-client.js";
import { multiGet } from "../src/cluster/multi-key.js";
import { closeRedis } from "../src/connection/close-redis.js";
import { createRedis } from "../src/connection/create-redis.js";
import { health } from "../src/connection/health.js";

describe("createRedis on a cluster", () => {
  it("returns a ready Cluster from seed nodes, with key prefix and health", async () => {
    const cluster = await useRedisCluster();
    const nodes = cluster.startupNodes.map((node) => `${node.host}:${node.port}`).join(",");
    const redis = await createRedis({ cluster: { nodes: nodes.split(",").slice(0, 1) }, keyPrefix: "shop:" });
    try {
      expect(isCluster(redis)).toBe(true);
      await Promise.all(Array.from({ length: 30 }, (_, index) => redis.set(`item:${index}`, String(index))));
      expect(await multiGet(redis, ["item:0", "item:29", "missing"])).toEqual(["0", "29", null]);
      const report = await health(redis);
      expect(report).toMatchObject({ ok: true, role: "master", cluster: { masters: 3 } });
    } finally {
      await closeRedis(redis);
    }
  });
});
