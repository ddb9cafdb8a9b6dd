import type { RedisClient } from "@redis-mcp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics } from "../src/index.js";
import { topologies } from "./support/topologies.js";

describe.each(topologies)("histograms on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("counts 1..100 into ten buckets of ten, with sum, count and quantiles from the buckets", async () => {
    const metrics = createMetrics(redis);
    const sizes = metrics.histogram({ name: "item_size", help: "Sizes", labelNames: ["shop"], buckets: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100] });
    await Promise.all(Array.from({ length: 100 }, (_, index) => sizes.observe({ shop: "a" }, index + 1)));
    await sizes.observe({ shop: "b" }, 1000);
    const text = await metrics.metrics();
    for (let bound = 10; bound <= 100; bound += 10) expect(text).toContain(`item_size_bucket{shop="a",le="${bound}"} ${bound}\n`);
    expect(text).toContain('item_size_bucket{shop="a",le="+Inf"} 100\n');
    expect(text).toContain('item_size_sum{shop="a"} 5050\n');
    expect(text).toContain('item_size_count{shop="a"} 100\n');
    expect(text).toContain('item_size_bucket{shop="b",le="100"} 0\n');
    expect(text).toContain('item_size_bucket{shop="b",le="+Inf"} 1\n');
    expect(await sizes.quantiles({ shop: "a" }, [0.5, 0.9, 0.99, 0.25])).toEqual({ 0.5: 50, 0.9: 90, 0.99: 99, 0.25: 25 });
    // The +Inf bucket answers the highest finite bound; no observations answer NaN.
    expect(await sizes.quantiles({ shop: "b" }, [0.5])).toEqual({ 0.5: 100 });
    expect((await sizes.quantiles({ shop: "never" }, [0.5]))[0.5]).toBeNaN();
  });

  it("estimates within one bucket's width of the exact quantiles of skewed data", async () => {
    const metrics = createMetrics(redis);
    const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    const latency = metrics.histogram({ name: "latency_seconds", help: "Latency", buckets });
    // A deterministic long-tailed sample from 2 ms to about 8 s: most requests fast, a few slow.
    const values = Array.from({ length: 1000 }, (_, index) => 0.002 * 1.0083 ** index);
    for (let start = 0; start < values.length; start += 100) await Promise.all(values.slice(start, start + 100).map((value) => latency.observe(value)));
    const sorted = [...values].sort((left, right) => left - right);
    const estimates = await latency.quantiles(undefined, [0.5, 0.9, 0.99]);
    for (const quantile of [0.5, 0.9, 0.99]) {
      const exact = sorted[Math.ceil(quantile * sorted.length) - 1] as number;
      const index = buckets.findIndex((bound) => exact <= bound);
      const lower = index === 0 ? 0 : (buckets[index - 1] as number);
      expect(estimates[quantile]).toBeGreaterThanOrEqual(lower);
      expect(estimates[quantile]).toBeLessThanOrEqual(buckets[index] as number);
    }
    const sum = values.reduce((total, value) => total + value, 0);
    const samples = (await latency.get()).values;
    expect(samples.find((sample) => sample.metricName === "latency_seconds_sum")?.value).toBeCloseTo(sum, 9);
    expect(samples.find((sample) => sample.metricName === "latency_seconds_count")?.value).toBe(1000);
    expect(samples.find((sample) => sample.labels.le === "+Inf")?.value).toBe(1000);
  });

  it("puts a value equal to a bound in that bound's bucket, and negative values in the first", async () => {
    const metrics = createMetrics(redis);
    const temperature = metrics.histogram({ name: "delta", help: "Delta", buckets: [-1, 0, 1] });
    for (const value of [-5, -1, 0, 0.5, 1, 1.5]) await temperature.observe(value);
    expect((await temperature.get()).values.filter((sample) => sample.metricName === "delta_bucket").map((sample) => [sample.labels.le, sample.value])).toEqual(
      [
        [-1, 2],
        [0, 3],
        [1, 5],
        ["+Inf", 6],
      ],
    );
  });
});
