import { masterNodes, type RedisClient } from "@redis-mcp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics } from "../src/index.js";
import { topologies } from "./support/topologies.js";

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** A clock the test moves: observations are filed under the minute it shows. */
function testClock() {
  const real = Date.now();
  let now = real;
  return {
    real,
    set(time: number) {
      now = time;
    },
    now: () => now,
  };
}

describe.each(topologies)("time series on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("files observations under the current minute and hour by default, kept for 24 h and 7 days", async () => {
    const minute = Date.UTC(2030, 0, 1, 12, 34);
    const metrics = createMetrics(redis, { now: () => minute + 30_000 });
    const jobs = metrics.counter({ name: "jobs_total", help: "Jobs" });
    await jobs.inc(3);
    const key = `metrics:{jobs_total}:m:${minute}`;
    expect(await redis.hget(key, "1")).toBe("3");
    expect(await redis.pexpiretime(key)).toBe(minute + MINUTE + 86_400_000);
    const hourKey = `metrics:{jobs_total}:h:${minute - (minute % HOUR)}`;
    expect(await redis.hget(hourKey, "1")).toBe("3");
    expect(await redis.pexpiretime(hourKey)).toBe(minute - (minute % HOUR) + HOUR + 604_800_000);
    const { points } = await jobs.range(undefined, { from: minute });
    expect(points[0]).toEqual({ timestamp: minute, increase: 3, rate: 3 / 60 });
  });

  it("keeps sums and rollup expiry right for integer increments after a fraction, in a new minute too", async () => {
    const minute = Date.UTC(2030, 0, 2, 8, 15);
    const clock = { now: minute + 1_000 };
    const metrics = createMetrics(redis, { now: () => clock.now });
    const paid = metrics.counter({ name: "paid_total", help: "Paid", labelNames: ["currency"] });
    await paid.inc({ currency: "EUR" }, 2.5);
    // The series exists now: these integer increments take the script's one-increment fast path,
    // on fields that already hold a fraction.
    await paid.inc({ currency: "EUR" });
    clock.now = minute + MINUTE + 1_000;
    await paid.inc({ currency: "EUR" }, 2);
    const id = await redis.hget("metrics:{paid_total}:series", JSON.stringify(["EUR"]));
    expect(id).toBe("1");
    expect(Number(await redis.hget("metrics:{paid_total}:values", "1"))).toBe(5.5);
    expect(Number(await redis.hget(`metrics:{paid_total}:m:${minute}`, "1"))).toBe(3.5);
    const next = `metrics:{paid_total}:m:${minute + MINUTE}`;
    expect(await redis.hget(next, "1")).toBe("2");
    expect(await redis.pexpiretime(next)).toBe(minute + 2 * MINUTE + 86_400_000);
    const hourKey = `metrics:{paid_total}:h:${minute - (minute % HOUR)}`;
    expect(Number(await redis.hget(hourKey, "1"))).toBe(5.5);
    expect(await redis.pexpiretime(hourKey)).toBe(minute - (minute % HOUR) + HOUR + 604_800_000);
  });

  it("uses Date.now without a clock option", async () => {
    const before = Date.now();
    const jobs = createMetrics(redis).counter({ name: "now_total", help: "Now" });
    await jobs.inc();
    const after = Date.now();
    const minutes = new Set([before - (before % MINUTE), after - (after % MINUTE)]);
    const found = await Promise.all([...minutes].map((minute) => redis.hget(`metrics:{now_total}:m:${minute}`, "1")));
    expect(found).toContain("1");
  });

  it("answers counter windows per step with increases and rates, from minute and hourly rollups", async () => {
    const clock = testClock();
    const metrics = createMetrics(redis, { now: clock.now });
    const requests = metrics.counter({ name: "requests_total", help: "Requests", labelNames: ["route"] });
    const start = clock.real - (clock.real % MINUTE) - 90 * MINUTE;
    const plan: [offsetMinutes: number, amount: number][] = [
      [0, 5],
      [1, 3],
      [4, 2],
      [12, 10],
      [59, 1],
      [75, 4],
    ];
    for (const [offset, amount] of plan) {
      clock.set(start + offset * MINUTE + 1_000);
      await requests.inc({ route: "/" }, amount);
      await requests.inc({ route: "/other" }, 100);
    }
    clock.set(clock.real);
    const perFive = await requests.range({ route: "/" }, { from: start, to: start + 15 * MINUTE, stepMs: 5 * MINUTE });
    expect(perFive).toMatchObject({ type: "counter", resolution: "minute", stepMs: 5 * MINUTE, from: start });
    expect(perFive.points).toEqual([
      { timestamp: start, increase: 10, rate: 10 / 300 },
      { timestamp: start + 5 * MINUTE, increase: 0, rate: 0 },
      { timestamp: start + 10 * MINUTE, increase: 10, rate: 10 / 300 },
    ]);
    const perMinute = await requests.range({ route: "/" }, { from: start, to: start + 3 * MINUTE });
    expect(perMinute.points.map((point) => point.increase)).toEqual([5, 3, 0]);

    // Hourly rollups hold the same observations, summed per hour.
    const hourly = await metrics.range("requests_total", { route: "/" }, { from: start, to: clock.real, resolution: "hour" });
    expect(hourly.resolution).toBe("hour");
    if (hourly.type !== "counter") throw new Error(`expected a counter range, got ${hourly.type}`);
    expect(hourly.points.reduce((sum, point) => sum + point.increase, 0)).toBe(25);
    for (const point of hourly.points) {
      const inHour = plan.filter(([offset]) => {
        const time = start + offset * MINUTE + 1_000;
        return time >= point.timestamp && time < point.timestamp + HOUR;
      });
      expect(point.increase).toBe(inHour.reduce((sum, [, amount]) => sum + amount, 0));
    }
  });

  it("keeps a gauge's last value and its extremes per step", async () => {
    const clock = testClock();
    const metrics = createMetrics(redis, { now: clock.now });
    const depth = metrics.gauge({ name: "queue_depth", help: "Depth", labelNames: ["queue"] });
    const start = clock.real - (clock.real % MINUTE) - 10 * MINUTE;
    const writes: [offsetMs: number, action: () => Promise<void>][] = [
      [1_000, () => depth.set({ queue: "q" }, 10)],
      [2_000, () => depth.inc({ queue: "q" }, 15)],
      [3_000, () => depth.dec({ queue: "q" }, 20)],
      [MINUTE + 1_000, () => depth.set({ queue: "q" }, 7)],
      [5 * MINUTE + 1_000, () => depth.set({ queue: "q" }, -1)],
    ];
    for (const [offset, write] of writes) {
      clock.set(start + offset);
      await write();
    }
    clock.set(clock.real);
    const { points, type } = await depth.range({ queue: "q" }, { from: start, to: start + 10 * MINUTE, stepMs: 5 * MINUTE });
    expect(type).toBe("gauge");
    expect(points).toEqual([
      { timestamp: start, value: 7, min: 5, max: 25 },
      { timestamp: start + 5 * MINUTE, value: -1, min: -1, max: -1 },
    ]);
  });

  it("merges histogram buckets per step and estimates quantiles of the window", async () => {
    const clock = testClock();
    const metrics = createMetrics(redis, { now: clock.now });
    const latency = metrics.histogram({ name: "latency_seconds", help: "Latency", buckets: [0.1, 0.2, 0.4, 0.8] });
    const start = clock.real - (clock.real % MINUTE) - 10 * MINUTE;
    clock.set(start + 1_000);
    for (const value of [0.05, 0.15, 0.15, 0.3]) await latency.observe(value);
    clock.set(start + 2 * MINUTE + 1_000);
    for (const value of [0.3, 0.3, 0.6, 5]) await latency.observe(value);
    clock.set(clock.real);
    const { points } = await latency.range(undefined, { from: start, to: start + 5 * MINUTE, stepMs: 5 * MINUTE, quantiles: [0.5, 0.75] });
    expect(points).toHaveLength(1);
    expect(points[0]).toMatchObject({ timestamp: start, count: 8, bucketCounts: [1, 2, 3, 1, 1] });
    expect(points[0]?.sum).toBeCloseTo(6.85, 10);
    expect(points[0]?.average).toBeCloseTo(6.85 / 8, 10);
    // Rank 4 of 8 lies in (0.2, 0.4], which holds ranks 4-6: 0.2 + 0.2 * (1/3).
    expect(points[0]?.quantiles[0.5]).toBeCloseTo(0.2 + 0.2 / 3, 10);
    expect(points[0]?.quantiles[0.75]).toBeCloseTo(0.4, 10);
  });

  it("trims by expiry: minute rollups older than the minute retention and hourly ones older than the hour retention are gone", async () => {
    const clock = testClock();
    const metrics = createMetrics(redis, { now: clock.now, minuteRetentionMs: 5 * MINUTE, hourRetentionMs: 2 * HOUR });
    const events = metrics.counter({ name: "events_total", help: "Events" });
    const thisMinute = clock.real - (clock.real % MINUTE);
    const times = [thisMinute - 20 * MINUTE, thisMinute - 4 * HOUR, thisMinute];
    for (const time of times) {
      clock.set(time + 1_000);
      await events.inc();
    }
    clock.set(clock.real);
    const minuteKeys = async () => (await Promise.all(times.map((time) => redis.exists(`metrics:{events_total}:m:${time}`)))) as number[];
    // Twenty minutes ago is past the 5-minute retention: that bucket expired at once.
    expect(await minuteKeys()).toEqual([0, 0, 1]);
    const hourOf = (time: number) => time - (time % HOUR);
    expect(await redis.exists(`metrics:{events_total}:h:${hourOf(thisMinute - 4 * HOUR)}`)).toBe(0);
    expect(await redis.exists(`metrics:{events_total}:h:${hourOf(thisMinute)}`)).toBe(1);
    // Every remaining rollup key expires: memory is bounded by what the retention can hold.
    const ttl = await redis.pttl(`metrics:{events_total}:m:${thisMinute}`);
    expect(ttl).toBeGreaterThan(5 * MINUTE);
    expect(ttl).toBeLessThanOrEqual(6 * MINUTE);
    const recent = await events.range(undefined, { from: thisMinute - 30 * MINUTE, to: thisMinute + MINUTE, resolution: "minute", stepMs: 31 * MINUTE });
    expect(recent.points).toEqual([{ timestamp: thisMinute - 30 * MINUTE, increase: 1, rate: 1 / (31 * 60) }]);
    // The current value is not a rollup: it keeps every increment.
    expect((await events.get()).values).toEqual([{ labels: {}, value: 3 }]);
  });

  it("keeps no rollups at all when both retentions are 0", async () => {
    const metrics = createMetrics(redis, { minuteRetentionMs: 0, hourRetentionMs: 0 });
    const jobs = metrics.counter({ name: "plain_total", help: "No history" });
    await jobs.inc();
    const keys: string[] = [];
    for (const node of masterNodes(redis)) {
      let cursor = "0";
      do {
        const [next, found] = await node.scan(cursor, "MATCH", "metrics:{plain_total}:*", "COUNT", 1000);
        cursor = next;
        keys.push(...found);
      } while (cursor !== "0");
    }
    expect(keys.sort()).toEqual(["metrics:{plain_total}:series", "metrics:{plain_total}:values"]);
    expect((await jobs.range(undefined, { from: Date.now() - HOUR, resolution: "hour" })).points.every((point) => point.increase === 0)).toBe(true);
  });

  it("reads the range of a metric only another instance defined, by name", async () => {
    const other = await topology.connect();
    try {
      await createMetrics(other)
        .counter({ name: "remote_total", help: "Remote", labelNames: ["kind"] })
        .inc({ kind: "x" }, 4);
      const now = Date.now();
      const result = await createMetrics(redis).range("remote_total", { kind: "x" }, { from: now - 2 * MINUTE, stepMs: 3 * MINUTE, to: now + MINUTE });
      if (result.type !== "counter") throw new Error(`expected a counter range, got ${result.type}`);
      expect(result.points.reduce((sum, point) => sum + point.increase, 0)).toBe(4);
      await expect(createMetrics(redis).range("remote_total", { wrong: "x" } as never, { from: now - MINUTE })).rejects.toMatchObject({
        code: "E_METRIC_LABELS",
      });
    } finally {
      other.disconnect();
    }
  });
});
