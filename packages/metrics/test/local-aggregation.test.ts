import { type RedisClient, RedisMcpError } from "@redis-mcp/core";
import { startRedisServer } from "@redis-mcp/test-redis";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics } from "../src/index.js";
import { eventually } from "./support/eventually.js";
import { topologies } from "./support/topologies.js";

describe.each(topologies)("local pre-aggregation on $name", (topology) => {
  let redis: RedisClient;
  let reader: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
    reader = await topology.connect();
  });
  afterAll(() => {
    redis.disconnect();
    reader.disconnect();
  });

  it("sums in memory and writes nothing until the flush; other instances then see exact totals", async () => {
    const metrics = createMetrics(redis, { flushIntervalMs: 3_600_000 });
    const hot = metrics.counter({ name: "hot_total", help: "Hot", labelNames: ["shard"] });
    const sizes = metrics.histogram({ name: "sizes", help: "Sizes", buckets: [1, 10] });
    await metrics.flush();
    for (let index = 0; index < 1000; index++) {
      await hot.inc({ shard: String(index % 4) }, 0.5);
      await sizes.observe(index % 20);
    }
    const elsewhere = createMetrics(reader);
    const unseen = await elsewhere.metrics();
    expect(unseen).toContain("# TYPE hot_total counter\n# HELP sizes");
    expect(unseen).toContain('sizes_bucket{le="+Inf"} 0');
    await metrics.flush();
    const text = await elsewhere.metrics();
    for (let shard = 0; shard < 4; shard++) expect(text).toContain(`hot_total{shard="${shard}"} 125\n`);
    expect(text).toContain('sizes_bucket{le="1"} 100\n');
    expect(text).toContain('sizes_bucket{le="10"} 550\n');
    expect(text).toContain('sizes_bucket{le="+Inf"} 1000\n');
    expect(text).toContain("sizes_sum 9500\n");
    await metrics.close();
  });

  it("flushes on its own every flushIntervalMs", async () => {
    const metrics = createMetrics(redis, { flushIntervalMs: 50 });
    const hot = metrics.counter({ name: "ticks_total", help: "Ticks" });
    for (let index = 0; index < 10; index++) await hot.inc();
    const reading = createMetrics(reader).counter({ name: "ticks_total", help: "Ticks" });
    await eventually(async () => expect((await reading.get()).values).toEqual([{ labels: {}, value: 10 }]));
    await metrics.close();
  });

  it("writes what is pending on close(), and reads through the same object see local sums", async () => {
    const metrics = createMetrics(redis);
    const hot = metrics.counter({ name: "closing_total", help: "Closing", flushIntervalMs: 3_600_000 });
    const direct = metrics.counter({ name: "direct_total", help: "Written through" });
    await hot.inc(3);
    await direct.inc(4);
    expect((await hot.get()).values).toEqual([{ labels: {}, value: 3 }]);
    await hot.inc(2);
    await metrics.close();
    expect((await createMetrics(reader).counter({ name: "closing_total", help: "Closing" }).get()).values).toEqual([{ labels: {}, value: 5 }]);
    // After close, observations are written through.
    await hot.inc(1);
    expect((await createMetrics(reader).counter({ name: "closing_total", help: "Closing" }).get()).values).toEqual([{ labels: {}, value: 6 }]);
  });

  it("reports a series-limit refusal found at flush time to onError", async () => {
    const errors: RedisMcpError[] = [];
    const metrics = createMetrics(redis, { flushIntervalMs: 3_600_000, onError: (error) => errors.push(error) });
    const hot = metrics.counter({ name: "limited_total", help: "Limited", labelNames: ["id"], maxSeries: 2 });
    for (const id of ["a", "b", "c", "d"]) await hot.inc({ id });
    await expect(metrics.flush()).rejects.toMatchObject({ code: "E_METRIC_CARDINALITY" });
    expect(errors.map((error) => error.code)).toEqual(["E_METRIC_CARDINALITY"]);
    expect(errors[0]?.message).toMatch(/2 locally summed series would add a series past the limit of 2/);
    expect((await hot.get()).values).toHaveLength(2);
    await metrics.close();
  });
});

describe("local pre-aggregation when Redis is down", () => {
  it("keeps the sums of a failed flush and writes them once Redis is back", async () => {
    const server = await startRedisServer();
    const client = new Redis(server.port, { maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => 50 });
    client.on("error", () => {});
    try {
      const errors: string[] = [];
      const metrics = createMetrics(client, { flushIntervalMs: 3_600_000, onError: (error) => errors.push(error.code) });
      const hot = metrics.counter({ name: "resilient_total", help: "Resilient", labelNames: ["a"] });
      await metrics.flush();
      for (let index = 0; index < 10; index++) await hot.inc({ a: "x" });
      await server.node.kill();
      await eventually(async () => expect(client.status).not.toBe("ready"));
      const failure = await metrics.flush().catch((error: unknown) => error);
      expect(RedisMcpError.isInstance(failure) && failure.code).toBe("E_REDIS_UNAVAILABLE");
      expect(errors).toContain("E_REDIS_UNAVAILABLE");
      for (let index = 0; index < 5; index++) await hot.inc({ a: "x" });
      await server.node.start();
      await eventually(async () => expect(client.status).toBe("ready"));
      await metrics.flush();
      expect((await hot.get()).values).toEqual([{ labels: { a: "x" }, value: 15 }]);
      await metrics.close();
    } finally {
      client.disconnect();
      await server.stop();
    }
  });
});
