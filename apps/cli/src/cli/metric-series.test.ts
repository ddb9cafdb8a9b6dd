import { describe, expect, it } from "vitest";
import { seriesLabels, valuesPerStep } from "./metric-series.js";

describe("valuesPerStep", () => {
  it("puts each point in its minute and leaves minutes without data empty", () => {
    const range = {
      type: "gauge" as const,
      resolution: "minute" as const,
      stepMs: 60_000,
      from: 600_000,
      to: 840_000,
      points: [
        { timestamp: 600_000, value: 3, min: 1, max: 3 },
        { timestamp: 780_000, value: 7, min: 7, max: 7 },
      ],
    };
    expect(valuesPerStep(range)).toEqual([3, null, null, 7]);
  });

  it("takes a counter's increase and a histogram's count", () => {
    expect(
      valuesPerStep({
        type: "counter",
        resolution: "minute",
        stepMs: 60_000,
        from: 0,
        to: 120_000,
        points: [{ timestamp: 60_000, increase: 5, rate: 5 / 60 }],
      }),
    ).toEqual([null, 5]);
    expect(
      valuesPerStep({
        type: "histogram",
        resolution: "minute",
        stepMs: 60_000,
        from: 0,
        to: 60_000,
        points: [{ timestamp: 0, count: 4, sum: 2, average: 0.5, bucketCounts: [4], quantiles: {} }],
      }),
    ).toEqual([4]);
  });
});

describe("seriesLabels", () => {
  it("picks the metric's labels from those given, or nothing when one is missing", () => {
    expect(seriesLabels({ labelNames: ["route"] }, { route: "/a", other: "x" })).toEqual({ route: "/a" });
    expect(seriesLabels({ labelNames: [] }, { route: "/a" })).toEqual({});
    expect(seriesLabels({ labelNames: ["route", "method"] }, { route: "/a" })).toBeUndefined();
  });
});
