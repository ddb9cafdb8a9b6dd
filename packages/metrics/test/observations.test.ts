import type { RedisClient } from "@redis-mcp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics } from "../src/index.js";
import { topologies } from "./support/topologies.js";

describe.each(topologies)("observations on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("adds counter increments per label set, whatever order the labels are written in", async () => {
    const metrics = createMetrics(redis);
    const requests = metrics.counter({ name: "http_requests_total", help: "Requests served", labelNames: ["method", "route", "status"] });
    await requests.inc({ method: "GET", route: "/users", status: 200 });
    await requests.inc({ status: 200, route: "/users", method: "GET" }, 2.5);
    await requests.labels("POST", "/users", 201).inc();
    await requests.labels({ method: "POST", route: "/users", status: "201" }).inc(4);
    const { values, type, name, help } = await requests.get();
    expect({ type, name, help }).toEqual({ type: "counter", name: "http_requests_total", help: "Requests served" });
    expect(values).toEqual([
      { labels: { method: "GET", route: "/users", status: "200" }, value: 3.5 },
      { labels: { method: "POST", route: "/users", status: "201" }, value: 5 },
    ]);
  });

  it("counts an unlabelled counter with inc() and inc(value)", async () => {
    const metrics = createMetrics(redis);
    const jobs = metrics.counter({ name: "jobs_done_total", help: "Jobs done" });
    await Promise.all([jobs.inc(), jobs.inc(), jobs.inc(10)]);
    expect((await jobs.get()).values).toEqual([{ labels: {}, value: 12 }]);
  });

  it("sets, increments and decrements gauges; set is last-writer-wins", async () => {
    const metrics = createMetrics(redis);
    const depth = metrics.gauge({ name: "queue_depth", help: "Jobs waiting", labelNames: ["queue"] });
    await depth.set({ queue: "emails" }, 10);
    await depth.inc({ queue: "emails" }, 5);
    await depth.dec({ queue: "emails" });
    await depth.labels("sms").set(-3.25);
    await depth.labels("sms").inc();
    const temperature = metrics.gauge({ name: "temperature_celsius", help: "Temperature" });
    await temperature.set(20);
    await temperature.set(21.5);
    expect((await depth.get()).values).toEqual([
      { labels: { queue: "emails" }, value: 14 },
      { labels: { queue: "sms" }, value: -2.25 },
    ]);
    expect((await temperature.get()).values).toEqual([{ labels: {}, value: 21.5 }]);
  });

  it("sets a gauge to the current time in seconds", async () => {
    const metrics = createMetrics(redis);
    const lastRun = metrics.gauge({ name: "last_run_timestamp_seconds", help: "Last run" });
    const before = Date.now() / 1000;
    await lastRun.setToCurrentTime();
    const [sample] = (await lastRun.get()).values;
    expect(sample?.value).toBeGreaterThanOrEqual(before);
    expect(sample?.value).toBeLessThanOrEqual(Date.now() / 1000);
  });

  it("times with startTimer: the returned seconds are what the histogram and gauge record", async () => {
    const metrics = createMetrics(redis);
    const latency = metrics.histogram({ name: "work_seconds", help: "Work", labelNames: ["kind"], buckets: [0.001, 10] });
    const lastDuration = metrics.gauge({ name: "work_last_seconds", help: "Last work" });
    const end = latency.startTimer({ kind: "sleep" });
    const endGauge = lastDuration.startTimer();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const seconds = end();
    const gaugeSeconds = endGauge();
    expect(seconds).toBeGreaterThan(0.01);
    await metrics.flush();
    const values = (await latency.get()).values;
    expect(values.find((sample) => sample.metricName === "work_seconds_sum")?.value).toBeCloseTo(seconds, 9);
    expect(values.find((sample) => sample.metricName === "work_seconds_count")?.value).toBe(1);
    expect((await lastDuration.get()).values[0]?.value).toBeCloseTo(gaugeSeconds, 9);
  });

  it("merges the end labels of a timer over its start labels", async () => {
    const metrics = createMetrics(redis);
    const latency = metrics.histogram({ name: "call_seconds", help: "Calls", labelNames: ["route", "status"], buckets: [1] });
    const end = latency.startTimer({ route: "/a" });
    end({ status: "ok" });
    await metrics.flush();
    expect((await latency.get()).values.filter((sample) => sample.metricName === "call_seconds_count")).toEqual([
      { labels: { route: "/a", status: "ok" }, value: 1, metricName: "call_seconds_count" },
    ]);
  });

  it("returns the same metric for the same definition, so modules can define it twice", async () => {
    const metrics = createMetrics(redis);
    const first = metrics.counter({ name: "twice_total", help: "Twice", labelNames: ["a"] });
    const second = metrics.counter({ name: "twice_total", help: "Twice", labelNames: ["a"] });
    expect(second).toBe(first);
    expect(metrics.getSingleMetric("twice_total")).toBe(first);
    expect(metrics.getSingleMetric("never_defined")).toBeUndefined();
  });

  it("removes one series and resets a whole metric fleet-wide", async () => {
    const metrics = createMetrics(redis);
    const hits = metrics.counter({ name: "hits_total", help: "Hits", labelNames: ["page"] });
    await hits.inc({ page: "a" });
    await hits.inc({ page: "b" }, 2);
    expect(await hits.remove({ page: "a" })).toBe(true);
    expect(await hits.remove({ page: "a" })).toBe(false);
    expect((await hits.get()).values).toEqual([{ labels: { page: "b" }, value: 2 }]);
    await hits.inc({ page: "a" });
    expect((await hits.get()).values).toEqual([
      { labels: { page: "a" }, value: 1 },
      { labels: { page: "b" }, value: 2 },
    ]);
    await hits.reset();
    expect((await hits.get()).values).toEqual([]);
    await hits.inc({ page: "c" });
    expect((await hits.get()).values).toEqual([{ labels: { page: "c" }, value: 1 }]);
  });

  it("sees what another instance on its own connection wrote: the numbers live in Redis", async () => {
    const other = await topology.connect();
    try {
      const here = createMetrics(redis, { prefix: "shop" }).counter({ name: "orders_total", help: "Orders", labelNames: ["country"] });
      const there = createMetrics(other, { prefix: "shop" }).counter({ name: "orders_total", help: "Orders", labelNames: ["country"] });
      await here.inc({ country: "NL" });
      await there.inc({ country: "NL" }, 2);
      await there.inc({ country: "FR" });
      expect((await here.get()).values).toEqual([
        { labels: { country: "FR" }, value: 1 },
        { labels: { country: "NL" }, value: 3 },
      ]);
      // Another prefix is another set of metrics.
      expect(
        (
          await createMetrics(redis, { prefix: "other" })
            .counter({ name: "orders_total", help: "Orders", labelNames: ["country"] })
            .get()
        ).values,
      ).toEqual([]);
    } finally {
      other.disconnect();
    }
  });
});
