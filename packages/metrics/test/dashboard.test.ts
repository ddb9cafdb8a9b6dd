import type { RedisClient } from "@redis-mcp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics } from "../src/index.js";
import { topologies } from "./support/topologies.js";

const MINUTE = 60_000;

describe.each(topologies)("summary() on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("sums counters and gauges over their series, with counter rates over the last 5 minutes", async () => {
    const real = Date.now();
    let now = real;
    const metrics = createMetrics(redis, { now: () => now });
    const requests = metrics.counter({ name: "requests_total", help: "Requests", labelNames: ["route"] });
    const thisMinute = real - (real % MINUTE);
    now = thisMinute - 3 * MINUTE + 500;
    await requests.inc({ route: "/a" }, 30);
    now = thisMinute - 10 * MINUTE;
    await requests.inc({ route: "/b" }, 1000);
    now = real;
    await requests.inc({ route: "/a" }, 7);
    const depth = metrics.gauge({ name: "queue_depth", help: "Depth", labelNames: ["queue"] });
    await depth.set({ queue: "a" }, 4);
    await depth.set({ queue: "b" }, 10);
    const latency = metrics.histogram({ name: "latency_seconds", help: "Latency", labelNames: ["route"], buckets: [1, 2, 3, 4] });
    for (const value of [0.5, 1.5, 2.5, 3.5]) await latency.observe({ route: "/a" }, value);
    await latency.observe({ route: "/b" }, 3.5);
    metrics.counter({ name: "idle_total", help: "Never used" });

    const summary = await metrics.summary();
    expect(summary.generatedAt).toBe(real);
    expect(summary.counters).toEqual({
      // 30 in the last five complete minutes; this minute's 7 and the 1000 ten minutes ago are outside.
      requests_total: { total: 1037, series: 2, ratePerSecond: 30 / 300 },
      idle_total: { total: 0, series: 1, ratePerSecond: 0 },
    });
    expect(summary.gauges).toEqual({ queue_depth: { value: 14, min: 4, max: 10, series: 2 } });
    expect(summary.histograms.latency_seconds).toEqual({ count: 5, sum: 11.5, average: 2.3, series: 2, quantiles: { 0.5: 2.5, 0.9: 3.75, 0.99: 3.975 } });
  });

  it("covers metrics only other instances defined, and gives null rates without minute rollups", async () => {
    const other = await topology.connect();
    try {
      await createMetrics(other).counter({ name: "remote_total", help: "Remote" }).inc(2);
      const summary = await createMetrics(redis, { minuteRetentionMs: 0 }).summary();
      expect(summary.counters.remote_total).toEqual({ total: 2, series: 1, ratePerSecond: null });
    } finally {
      other.disconnect();
    }
  });
});
