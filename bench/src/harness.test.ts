import { describe, expect, it } from "vitest";
import { compare, formatResult } from "./harness.js";
import { median, summarize } from "./statistics.js";

describe("statistics", () => {
  it("takes the median of odd and even counts", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(summarize([5, 1, 9])).toEqual({ median: 5, min: 1, max: 9 });
    expect(() => median([])).toThrow(/empty/);
  });
});

describe("compare", () => {
  it("interleaves variants and reports ratios of medians against the baseline", async () => {
    const calls: string[] = [];
    const busyFor = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
    const result = await compare({
      title: "t",
      baseline: "slow",
      operations: 10,
      rounds: 3,
      warmup: 0,
      variants: [
        {
          name: "slow",
          run: async () => {
            calls.push("slow");
            await busyFor(20);
          },
        },
        {
          name: "fast",
          run: async () => {
            calls.push("fast");
            await busyFor(5);
          },
        },
      ],
      references: async () => [{ name: "limit", opsPerSecond: { median: 1e6, min: 1e6, max: 1e6 } }],
    });
    // Warm-up, then rounds with rotating order.
    expect(calls).toEqual(["slow", "fast", "slow", "fast", "fast", "slow", "slow", "fast"]);
    const [slow, fast, limit] = result.rows;
    expect(slow?.ratio).toBe(1);
    expect(fast?.ratio).toBeGreaterThan(1);
    expect(limit?.reference).toBe(true);
    expect(formatResult(result)).toMatch(/fast .* \d+\.\d\dx/);
  });

  it("runs a variant with its own operation count and reports ops/s from it", async () => {
    const asked = new Map<string, number[]>();
    const result = await compare({
      title: "t",
      baseline: "base",
      operations: 2,
      rounds: 1,
      variants: [
        { name: "base", run: async (operations) => void asked.set("base", [...(asked.get("base") ?? []), operations]) },
        { name: "many", operations: 50, run: async (operations) => void asked.set("many", [...(asked.get("many") ?? []), operations]) },
      ],
    });
    // Warm-up is a fifth of each variant's own count, then one timed run each.
    expect(asked.get("base")).toEqual([1, 2]);
    expect(asked.get("many")).toEqual([10, 50]);
    expect(result.rows[1]?.operations).toBe(50);
    expect(formatResult(result)).toContain("rounds of 50 operations (2 for base)");
  });

  it("refuses a baseline that is not measured", async () => {
    await expect(compare({ title: "t", baseline: "missing", variants: [{ name: "a", run: async () => {} }], rounds: 1, operations: 1 })).rejects.toThrow(
      /baseline "missing"/,
    );
  });
});
