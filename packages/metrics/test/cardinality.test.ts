import { type RedisClient, RedisMcpError } from "@redis-mcp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics } from "../src/index.js";
import { topologies } from "./support/topologies.js";

describe.each(topologies)("series limit on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("refuses a new label set past maxSeries with E_METRIC_CARDINALITY, keeps the others writable", async () => {
    const errors: string[] = [];
    const metrics = createMetrics(redis, { onError: (error) => errors.push(error.code) });
    const hits = metrics.counter({ name: "hits_total", help: "Hits", labelNames: ["user"], maxSeries: 3 });
    for (const user of ["a", "b", "c"]) await hits.inc({ user });
    const refused = await hits.inc({ user: "d" }).catch((error: unknown) => error);
    expect(RedisMcpError.isInstance(refused) && refused.code).toBe("E_METRIC_CARDINALITY");
    expect((refused as Error).message).toMatch(/past the limit of 3 label combinations; nothing was recorded/);
    expect(errors).toEqual(["E_METRIC_CARDINALITY"]);
    await hits.inc({ user: "a" }, 10);
    expect((await hits.get()).values).toEqual([
      { labels: { user: "a" }, value: 11 },
      { labels: { user: "b" }, value: 1 },
      { labels: { user: "c" }, value: 1 },
    ]);
  });

  it("admits exactly maxSeries label sets out of a burst from two instances, atomically", async () => {
    const other = await topology.connect();
    try {
      const define = (client: RedisClient) => createMetrics(client).counter({ name: "burst_total", help: "Burst", labelNames: ["id"], maxSeries: 25 });
      const [first, second] = [define(redis), define(other)];
      const outcomes = await Promise.allSettled(Array.from({ length: 200 }, (_, index) => (index % 2 === 0 ? first : second).inc({ id: String(index) })));
      expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(25);
      const reasons = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [(outcome.reason as RedisMcpError).code] : []));
      expect(new Set(reasons)).toEqual(new Set(["E_METRIC_CARDINALITY"]));
      const { values } = await first.get();
      expect(values).toHaveLength(25);
      expect(values.every((sample) => sample.value === 1)).toBe(true);
      // Memory is bounded by the limit, not by the label sets tried (the hash also holds #definition and #next).
      expect(await redis.hlen("metrics:{burst_total}:series")).toBe(25 + 2);
    } finally {
      other.disconnect();
    }
  });

  it("counts what is past the limit in an __overflow__ series when asked to", async () => {
    const metrics = createMetrics(redis, { onLimit: "overflow" });
    const requests = metrics.counter({ name: "requests_total", help: "Requests", labelNames: ["path", "method"], maxSeries: 2 });
    await requests.inc({ path: "/a", method: "GET" });
    await requests.inc({ path: "/b", method: "GET" });
    await Promise.all(Array.from({ length: 50 }, (_, index) => requests.inc({ path: `/item/${index}`, method: "GET" }, 2)));
    await requests.inc({ path: "/a", method: "GET" });
    expect((await requests.get()).values).toEqual([
      { labels: { path: "/a", method: "GET" }, value: 2 },
      { labels: { path: "/b", method: "GET" }, value: 1 },
      { labels: { path: "__overflow__", method: "__overflow__" }, value: 100 },
    ]);
    expect(await redis.hlen("metrics:{requests_total}:series")).toBe(3 + 2);
    const latency = metrics.histogram({ name: "latency_seconds", help: "Latency", labelNames: ["path"], buckets: [1], maxSeries: 1, onLimit: "overflow" });
    await latency.observe({ path: "/a" }, 0.5);
    await latency.observe({ path: "/b" }, 2);
    expect(await metrics.metrics()).toContain('latency_seconds_bucket{path="__overflow__",le="+Inf"} 1\n');
  });

  it("frees a place when a series is removed", async () => {
    const metrics = createMetrics(redis);
    const sessions = metrics.gauge({ name: "sessions", help: "Sessions", labelNames: ["node"], maxSeries: 1 });
    await sessions.set({ node: "a" }, 1);
    await expect(sessions.set({ node: "b" }, 1)).rejects.toMatchObject({ code: "E_METRIC_CARDINALITY" });
    expect(await sessions.remove({ node: "a" })).toBe(true);
    await sessions.set({ node: "b" }, 7);
    expect((await sessions.get()).values).toEqual([{ labels: { node: "b" }, value: 7 }]);
  });
});
