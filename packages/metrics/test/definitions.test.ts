import type { RedisClient } from "@redis-mcp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics } from "../src/index.js";
import { topologies } from "./support/topologies.js";

describe.each(topologies)("definition() and definitions() on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("read what another instance registered, and nothing of another prefix", async () => {
    const writer = createMetrics(redis, { prefix: "shop" });
    await writer
      .histogram({ name: "latency_seconds", help: "Latency", labelNames: ["route", "method"], buckets: [0.1, 1] })
      .observe({ route: "/", method: "GET" }, 0.2);
    await writer.counter({ name: "orders_total", help: "Orders" }).inc();
    createMetrics(redis, { prefix: "other" }).gauge({ name: "elsewhere", help: "Other prefix" });
    await writer.flush();

    const reader = createMetrics(redis, { prefix: "shop" });
    expect(await reader.definition("latency_seconds")).toEqual({
      name: "latency_seconds",
      type: "histogram",
      help: "Latency",
      labelNames: ["route", "method"],
      buckets: [0.1, 1],
    });
    expect(await reader.definition("missing_total")).toBeUndefined();
    expect((await reader.definitions()).map((definition) => `${definition.type}:${definition.name}`)).toEqual([
      "histogram:latency_seconds",
      "counter:orders_total",
    ]);
    await expect(reader.definition("bad name")).rejects.toMatchObject({ code: "E_METRIC_INVALID" });
  });
});
