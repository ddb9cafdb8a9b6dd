import { masterNodes, type RedisClient, RedisMcpError } from "@redis-mcp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics } from "../src/index.js";
import { topologies } from "./support/topologies.js";

/** The code of what `work` threw (synchronously or by rejecting). */
async function codeOf(work: () => unknown): Promise<string | undefined> {
  try {
    await work();
  } catch (error) {
    return RedisMcpError.isInstance(error) ? error.code : `not coded: ${String(error)}`;
  }
  return undefined;
}

/** Every key and value on every master: "nothing changed" means this stays equal. */
async function everything(redis: RedisClient): Promise<Record<string, unknown>> {
  const state: Record<string, unknown> = {};
  for (const node of masterNodes(redis)) {
    let cursor = "0";
    do {
      const [next, keys] = await node.scan(cursor, "COUNT", 1000);
      cursor = next;
      for (const key of keys) {
        const type = await node.type(key);
        state[key] = type === "hash" ? await node.hgetall(key) : type;
      }
    } while (cursor !== "0");
  }
  return state;
}

describe.each(topologies)("bad input on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("rejects bad observations with a coded error and writes nothing", async () => {
    const metrics = createMetrics(redis);
    const requests = metrics.counter({ name: "requests_total", help: "Requests", labelNames: ["method"] });
    const depth = metrics.gauge({ name: "depth", help: "Depth" });
    const latency = metrics.histogram({ name: "latency_seconds", help: "Latency", labelNames: ["route"] });
    await requests.inc({ method: "GET" });
    await depth.set(1);
    await latency.observe({ route: "/" }, 0.1);
    const before = await everything(redis);

    const cases: [string, () => unknown][] = [
      ["E_METRIC_INVALID", () => requests.inc({ method: "GET" }, -1)],
      ["E_METRIC_INVALID", () => requests.inc({ method: "GET" }, Number.NaN)],
      ["E_METRIC_INVALID", () => requests.inc({ method: "GET" }, Number.POSITIVE_INFINITY)],
      ["E_METRIC_INVALID", () => requests.labels("GET").inc(-0.5)],
      ["E_METRIC_INVALID", () => depth.set(Number.NaN)],
      ["E_METRIC_INVALID", () => depth.inc(Number.NEGATIVE_INFINITY)],
      ["E_METRIC_INVALID", () => depth.set(undefined as never)],
      ["E_METRIC_LABELS", () => depth.set("12" as never)],
      ["E_METRIC_INVALID", () => latency.observe({ route: "/" }, Number.NaN)],
      ["E_METRIC_LABELS", () => requests.inc({ method: "GET", colour: "red" } as never)],
      ["E_METRIC_LABELS", () => requests.inc({} as never)],
      ["E_METRIC_LABELS", () => requests.inc()],
      ["E_METRIC_LABELS", () => requests.labels("GET", "extra")],
      ["E_METRIC_LABELS", () => depth.set({ unexpected: "x" } as never, 1)],
      ["E_METRIC_LABELS", () => latency.observe({ route: { nested: true } } as never, 1)],
      ["E_METRIC_LABELS", () => latency.startTimer()()],
    ];
    for (const [code, work] of cases) expect({ code: await codeOf(work), work: String(work) }).toEqual({ code, work: String(work) });
    await metrics.flush();
    expect(await everything(redis)).toEqual(before);
  });

  it("rejects bad definitions and options before anything is sent", async () => {
    const before = await everything(redis);
    const metrics = createMetrics(redis);
    const cases: [string, () => unknown][] = [
      ["E_METRIC_INVALID", () => metrics.counter({ name: "http-requests", help: "x" })],
      ["E_METRIC_INVALID", () => metrics.counter({ name: "1st", help: "x" })],
      ["E_METRIC_INVALID", () => metrics.gauge({ name: "ok", help: "x", labelNames: ["bad-label"] })],
      ["E_METRIC_INVALID", () => metrics.gauge({ name: "ok", help: "x", labelNames: ["__reserved"] })],
      ["E_METRIC_INVALID", () => metrics.histogram({ name: "ok", help: "x", labelNames: ["le"] })],
      ["E_METRIC_INVALID", () => metrics.histogram({ name: "ok", help: "x", buckets: [1, 0.5] })],
      ["E_METRIC_INVALID", () => metrics.counter({ name: "ok", help: "" })],
      ["E_METRIC_INVALID", () => metrics.counter({ name: "ok", help: "x", maxSeries: 0 })],
      ["E_METRIC_INVALID", () => metrics.counter({ name: "ok", help: "x", onLimit: "drop" as never })],
      ["E_METRIC_INVALID", () => metrics.gauge({ name: "ok", help: "x", flushIntervalMs: 100 } as never)],
      ["E_METRIC_INVALID", () => createMetrics(redis, { prefix: "{braces}" })],
      ["E_METRIC_INVALID", () => createMetrics(redis, { minuteRetentionMs: -1 })],
      ["E_METRIC_INVALID", () => createMetrics(redis, { flushIntervalMs: 1.5 })],
      ["E_INVALID_ARGUMENT", () => createMetrics({} as never)],
      ["E_METRIC_NOT_FOUND", () => metrics.range("nobody_defined_this", undefined, { from: Date.now() - 60_000 })],
      ["E_METRIC_INVALID", () => metrics.range("bad name", undefined, { from: 0 })],
    ];
    for (const [code, work] of cases) expect({ code: await codeOf(work), work: String(work) }).toEqual({ code, work: String(work) });
    expect(await everything(redis)).toEqual(before);
  });

  it("refuses a second definition of a name with other labels in the same registry", async () => {
    const metrics = createMetrics(redis);
    metrics.counter({ name: "orders_total", help: "Orders", labelNames: ["country"] });
    expect(await codeOf(() => metrics.counter({ name: "orders_total", help: "Orders", labelNames: ["currency"] }))).toBe("E_METRIC_CONFLICT");
    expect(await codeOf(() => metrics.gauge({ name: "orders_total", help: "Orders", labelNames: ["country"] }))).toBe("E_METRIC_CONFLICT");
  });

  it("refuses writes to a metric another instance defined differently, and writes nothing", async () => {
    const other = await topology.connect();
    try {
      const theirs = createMetrics(other).histogram({ name: "payload_bytes", help: "Sizes", buckets: [100, 1000] });
      await theirs.observe(50);
      const before = await everything(redis);
      const errors: string[] = [];
      const mine = createMetrics(redis, { onError: (error) => errors.push(error.code) }).histogram({
        name: "payload_bytes",
        help: "Sizes",
        buckets: [10, 100],
      });
      expect(await codeOf(() => mine.observe(5))).toBe("E_METRIC_CONFLICT");
      // Remembered: later writes fail at once.
      expect(await codeOf(() => mine.observe(6))).toBe("E_METRIC_CONFLICT");
      expect(errors).toContain("E_METRIC_CONFLICT");
      expect(await everything(redis)).toEqual(before);
      const message = await mine.observe(7).catch((error: Error) => error.message);
      expect(message).toMatch(/already (exists|registered) under/);
      expect(message).toMatch(/metrics\.deleteMetric\("payload_bytes"\)/);
    } finally {
      other.disconnect();
    }
  });

  it("lets a metric be redefined after deleteMetric removes the old one fleet-wide", async () => {
    const old = createMetrics(redis).counter({ name: "signups_total", help: "Signups", labelNames: ["plan"] });
    await old.inc({ plan: "pro" }, 5);
    const metrics = createMetrics(redis);
    await metrics.deleteMetric("signups_total");
    const renewed = metrics.counter({ name: "signups_total", help: "Signups", labelNames: ["plan", "country"] });
    await renewed.inc({ plan: "pro", country: "NL" });
    expect((await renewed.get()).values).toEqual([{ labels: { plan: "pro", country: "NL" }, value: 1 }]);
    const text = await metrics.metrics();
    expect(text).toContain('signups_total{plan="pro",country="NL"} 1\n');
    expect(text).not.toContain("} 5\n");
  });
});
