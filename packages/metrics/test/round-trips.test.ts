import { useRedis } from "@redis-mcp/test-redis/vitest";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics } from "../src/index.js";
import { roundTripsOf } from "./support/round-trips.js";

// Round trips are counted through Redis' own read counter on a standalone server (a cluster spreads
// them over nodes); the work is the same on a cluster, where each metric's keys share one slot.
describe("round trips", () => {
  let redis: Redis;
  let raw: Redis;
  beforeAll(async () => {
    const server = await useRedis();
    redis = new Redis(server.port);
    raw = new Redis(server.port);
  });
  afterAll(() => {
    redis.disconnect();
    raw.disconnect();
  });

  it("takes one per observation once a metric is registered, time series included", async () => {
    const metrics = createMetrics(redis);
    const requests = metrics.counter({ name: "requests_total", help: "Requests", labelNames: ["method", "route", "status"] });
    const depth = metrics.gauge({ name: "depth", help: "Depth", labelNames: ["queue"] });
    const latency = metrics.histogram({ name: "latency_seconds", help: "Latency", labelNames: ["route"] });
    await requests.inc({ method: "GET", route: "/", status: 200 });
    await depth.set({ queue: "a" }, 1);
    await latency.observe({ route: "/" }, 0.2);

    expect(await roundTripsOf(raw, () => requests.inc({ method: "POST", route: "/new-series", status: 201 }))).toBe(1);
    expect(
      await roundTripsOf(raw, async () => {
        for (let index = 0; index < 20; index++) await requests.inc({ method: "GET", route: "/", status: 200 });
      }),
    ).toBe(20);
    expect(await roundTripsOf(raw, () => depth.set({ queue: "a" }, 5))).toBe(1);
    expect(await roundTripsOf(raw, () => depth.dec({ queue: "a" }))).toBe(1);
    expect(await roundTripsOf(raw, () => latency.observe({ route: "/" }, 0.7))).toBe(1);
    expect(await roundTripsOf(raw, () => requests.labels("GET", "/", 200).inc())).toBe(1);
  });

  it("sends the observations of one tick to one metric in one script call", async () => {
    const metrics = createMetrics(redis);
    const requests = metrics.counter({ name: "burst_total", help: "Burst", labelNames: ["route"] });
    await requests.inc({ route: "/" });
    expect(await roundTripsOf(raw, () => Promise.all(Array.from({ length: 300 }, (_, index) => requests.inc({ route: `/${index % 7}` }))))).toBe(1);
    expect((await requests.get()).values.reduce((sum, sample) => sum + sample.value, 0)).toBe(301);
  });

  it("exports in two: the registry, then every metric's values in one pipeline", async () => {
    const metrics = createMetrics(redis);
    for (let index = 0; index < 30; index++) await metrics.counter({ name: `counter_${index}_total`, help: "x", labelNames: ["a"] }).inc({ a: "b" });
    expect(await roundTripsOf(raw, () => metrics.metrics())).toBe(2);
    expect(await roundTripsOf(raw, () => metrics.summary())).toBe(2);
  });

  it("reads a window in one", async () => {
    const metrics = createMetrics(redis);
    const jobs = metrics.counter({ name: "jobs_total", help: "Jobs" });
    await jobs.inc();
    expect(await roundTripsOf(raw, () => jobs.range(undefined, { from: Date.now() - 3_600_000 }))).toBe(1);
  });

  it("flushes the local sums of many metrics in one pipeline", async () => {
    const metrics = createMetrics(redis, { flushIntervalMs: 60_000 });
    const counters = Array.from({ length: 5 }, (_, index) => metrics.counter({ name: `hot_${index}_total`, help: "Hot", labelNames: ["a"] }));
    const latency = metrics.histogram({ name: "hot_seconds", help: "Hot", buckets: [1] });
    await metrics.flush();
    const observing = async () => {
      for (let round = 0; round < 100; round++) {
        for (const counter of counters) await counter.inc({ a: String(round % 3) });
        await latency.observe(round / 100);
      }
    };
    expect(await roundTripsOf(raw, observing)).toBe(0);
    expect(await roundTripsOf(raw, () => metrics.flush())).toBe(1);
    expect((await counters[0]?.get())?.values.reduce((sum, sample) => sum + sample.value, 0)).toBe(100);
    await metrics.close();
  });
});
