import { useRedis, useRedisCluster } from "@redis-mcp/test-redis/vitest";
import { Redis } from "ioredis";
import { Cluster as Cluster5, Redis as Redis5 } from "ioredis-v5";
import { describe, expect, it } from "vitest";
import { createMetrics } from "../src/index.js";

/** Writes a bit of everything, exports, reads a window: the whole path a client takes. */
async function exercise(client: Parameters<typeof createMetrics>[0]): Promise<string> {
  const metrics = createMetrics(client, { flushIntervalMs: 60_000 });
  const requests = metrics.counter({ name: "requests_total", help: "Requests", labelNames: ["route"] });
  const hot = metrics.counter({ name: "hot_total", help: "Hot" });
  const latency = metrics.histogram({ name: "latency_seconds", help: "Latency", buckets: [1] });
  const depth = metrics.gauge({ name: "depth", help: "Depth" });
  await requests.inc({ route: "/" }, 2);
  await hot.inc(3);
  await latency.observe(0.5);
  await depth.set(4);
  await metrics.flush();
  const { points } = await requests.range({ route: "/" }, { from: Date.now() - 120_000 });
  expect(points.reduce((sum, point) => sum + point.increase, 0)).toBe(2);
  expect((await metrics.summary()).counters.hot_total?.total).toBe(3);
  await metrics.close();
  return metrics.metrics();
}

const EXPECTED = ["depth 4\n", "hot_total 3\n", 'latency_seconds_bucket{le="1"} 1\n', 'requests_total{route="/"} 2\n'];

describe("the clients users pass in", () => {
  it("works with an ioredis 5 Redis and Cluster", async () => {
    const server = await useRedis();
    const standalone = new Redis5(server.port);
    try {
      const text = await exercise(standalone as never);
      for (const line of EXPECTED) expect(text).toContain(line);
    } finally {
      standalone.disconnect();
    }
    const cluster = new Cluster5((await useRedisCluster()).startupNodes);
    try {
      const text = await exercise(cluster as never);
      for (const line of EXPECTED) expect(text).toContain(line);
    } finally {
      cluster.disconnect();
    }
  });

  it("keeps every key under a client keyPrefix, rollups included", async () => {
    const server = await useRedis();
    const prefixed = new Redis(server.port, { keyPrefix: "tenant-a:" });
    const raw = new Redis(server.port);
    try {
      const text = await exercise(prefixed);
      for (const line of EXPECTED) expect(text).toContain(line);
      const keys: string[] = [];
      let cursor = "0";
      do {
        const [next, found] = await raw.scan(cursor, "COUNT", 1000);
        cursor = next;
        keys.push(...found);
      } while (cursor !== "0");
      expect(keys.length).toBeGreaterThan(10);
      expect(keys.filter((key) => !key.startsWith("tenant-a:metrics:"))).toEqual([]);
      expect(keys.some((key) => /^tenant-a:metrics:\{requests_total\}:m:\d+$/.test(key))).toBe(true);
      // An unprefixed instance sees none of it.
      expect(await createMetrics(raw).metrics()).toBe("");
    } finally {
      prefixed.disconnect();
      raw.disconnect();
    }
  });
});
