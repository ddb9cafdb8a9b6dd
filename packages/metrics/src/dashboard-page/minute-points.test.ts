import { describe, expect, it } from "vitest";
import { defineMetric } from "../definition.js";
import { counterIncrease, counterRate, gaugeValue, histogramMinute, lastMinutes } from "./minute-points.js";

describe("minute points", () => {
  it("adds up a counter's series and ignores other fields", () => {
    expect(
      counterIncrease([
        ["1", "3"],
        ["2", "4.5"],
        ["1:x", "100"],
      ]),
    ).toBe(7.5);
    expect(counterIncrease([])).toBe(0);
  });

  it("sums a gauge's last values, leaving min and max fields out; null when nothing was set", () => {
    expect(
      gaugeValue([
        ["1", "4"],
        ["1:min", "1"],
        ["1:max", "9"],
        ["2", "10"],
      ]),
    ).toBe(14);
    expect(gaugeValue([])).toBeNull();
  });

  it("merges a histogram's series buckets into one minute's quantiles", () => {
    const definition = defineMetric("histogram", { name: "latency_seconds", help: "Latency", buckets: [1, 2, 3, 4] });
    const fields: [string, string][] = [
      ["1:count", "4"],
      ["1:sum", "8"],
      ["1:0", "1"],
      ["1:1", "1"],
      ["1:2", "1"],
      ["1:3", "1"],
      ["2:count", "1"],
      ["2:3", "1"],
    ];
    expect(histogramMinute(definition, fields)).toEqual([5, 2.5, 3.75, 3.975]);
    expect(histogramMinute(definition, [])).toBeNull();
  });

  it("rates a running minute over the seconds so far, a finished one over 60", () => {
    const start = 1_800_000_000_000 - (1_800_000_000_000 % 60_000);
    expect(counterRate(start, 30, start + 10_000)).toBe(3);
    expect(counterRate(start, 30, start + 500)).toBe(30);
    expect(counterRate(start, 30, start + 120_000)).toBe(0.5);
  });

  it("lists the minutes up to now, oldest first", () => {
    const now = 1_800_000_030_000;
    const minutes = lastMinutes(now, 3);
    expect(minutes).toHaveLength(3);
    expect(minutes[2]).toBe(now - (now % 60_000));
    expect((minutes[2] as number) - (minutes[0] as number)).toBe(120_000);
  });
});
