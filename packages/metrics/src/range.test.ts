import { describe, expect, it } from "vitest";
import { defineMetric } from "./definition.js";
import { MetricInvalidError } from "./errors.js";
import { type CounterRange, pointsOf, resolveWindow } from "./range.js";

const MINUTE = 60_000;
const HOUR = 3_600_000;
const now = Date.UTC(2030, 0, 1, 12, 30, 15);

describe("resolveWindow", () => {
  it("reads minutes within the minute retention and hours beyond it, aligning the start", () => {
    expect(resolveWindow({ from: now - 10 * MINUTE - 5_000 }, now, 86_400_000, "op")).toMatchObject({
      resolution: "minute",
      periodMs: MINUTE,
      stepMs: MINUTE,
      from: now - 15_000 - 10 * MINUTE,
      to: now,
    });
    expect(resolveWindow({ from: now - 48 * HOUR, to: now }, now, 86_400_000, "op")).toMatchObject({ resolution: "hour", stepMs: HOUR });
    expect(resolveWindow({ from: now - 10 * MINUTE }, now, 0, "op")).toMatchObject({ resolution: "hour" });
    expect(resolveWindow({ from: new Date(now - HOUR), to: new Date(now), resolution: "hour", stepMs: 2 * HOUR }, now, 86_400_000, "op")).toMatchObject({
      resolution: "hour",
      stepMs: 2 * HOUR,
    });
  });

  it("rejects windows and steps it cannot answer", () => {
    const cases: [object, RegExp][] = [
      [{ from: now, to: now - 1 }, /from .* must be before to/],
      [{ from: "yesterday" }, /from must be a time in milliseconds/],
      [{ from: now - HOUR, stepMs: 90_000 }, /stepMs must be a whole multiple of the minute rollups \(60000 ms\)/],
      [{ from: now - HOUR, stepMs: 0 }, /stepMs must be a whole multiple/],
      [{ from: now - 30 * 24 * HOUR, resolution: "minute" }, /at most 10080 per call/],
      [{ from: now - HOUR, resolution: "second" }, /resolution must be "minute" or "hour"/],
      [{ from: now - HOUR, quantiles: [1.5] }, /quantiles must be numbers from 0 to 1/],
    ];
    for (const [options, message] of cases) {
      expect(() => resolveWindow(options as never, now, 86_400_000, "op")).toThrow(MetricInvalidError);
      expect(() => resolveWindow(options as never, now, 86_400_000, "op")).toThrow(message);
    }
  });
});

describe("pointsOf", () => {
  const from = Date.UTC(2030, 0, 1, 12, 0, 0);
  const window = { from, to: from + 10 * MINUTE, stepMs: 5 * MINUTE, resolution: "minute" as const, periodMs: MINUTE, quantiles: [0.5] };

  it("sums counter increases per step, gives zero steps too, and a rate per second", () => {
    const reply = [String(from), "3", String(from + 4 * MINUTE), "3", String(from + 9 * MINUTE), "30"];
    const result = pointsOf(defineMetric("counter", { name: "c", help: "h" }), reply, window);
    expect(result.points).toEqual([
      { timestamp: from, increase: 6, rate: 6 / 300 },
      { timestamp: from + 5 * MINUTE, increase: 30, rate: 0.1 },
    ]);
    expect((pointsOf(defineMetric("counter", { name: "c", help: "h" }), [], window) as CounterRange).points.map((point) => point.increase)).toEqual([0, 0]);
  });

  it("keeps a gauge step's last value and its extremes, and skips empty steps", () => {
    const reply = [String(from + MINUTE), "5", "1", "9", String(from + 3 * MINUTE), "2", "2", "4"];
    expect(pointsOf(defineMetric("gauge", { name: "g", help: "h" }), reply, window).points).toEqual([{ timestamp: from, value: 2, min: 1, max: 9 }]);
  });

  it("merges histogram buckets per step and estimates quantiles from them", () => {
    // Fields: sum, count, bucket 0 (<= 1), bucket 1 (<= 2), +Inf.
    const reply = [String(from), "3", "4", "2", "2", "", String(from + 2 * MINUTE), "1", "2", "", "2", ""];
    const [point] = pointsOf(defineMetric("histogram", { name: "h", help: "h", buckets: [1, 2] }), reply, window).points;
    expect(point).toEqual({ timestamp: from, count: 6, sum: 4, average: 4 / 6, bucketCounts: [2, 4, 0], quantiles: { 0.5: 1.25 } });
  });
});
