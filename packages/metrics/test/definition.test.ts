import type { RedisClient } from "@redis-mcp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics } from "../src/index.js";
import { topologies } from "./support/topologies.js";

describe.each(topologies)("definition() on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("reads a definition another instance registered, with its help, labels and buckets", async () => {
    const writer = createMetrics(redis, { prefix: "shop" });
    await writer.histogram({ name: "latency_seconds", help: "Request latency", labelNames: ["route"], buckets: [0.1, 1] }).observe({ route: "/a" }, 0.2);
    await writer.counter({ name: "orders_total", help: "Orders placed" }).inc();

    const reader = createMetrics(redis, { prefix: "shop" });
    expect(await reader.definition("latency_seconds")).toEqual({
      name: "latency_seconds",
      type: "histogram",
      help: "Request latency",
      labelNames: ["route"],
      buckets: [0.1, 1],
    });
    expect(await reader.definition("orders_total")).toEqual({ name: "orders_total", type: "counter", help: "Orders placed", labelNames: [], buckets: [] });
  });

  it("is undefined for a metric nobody registered under the prefix", async () => {
    await createMetrics(redis, { prefix: "shop" }).counter({ name: "orders_total", help: "Orders placed" }).inc();
    expect(await createMetrics(redis, { prefix: "other" }).definition("orders_total")).toBeUndefined();
  });

  it("refuses a name that is not a metric name", async () => {
    await expect(createMetrics(redis).definition("bad name")).rejects.toMatchObject({ code: "E_METRIC_INVALID" });
  });
});
