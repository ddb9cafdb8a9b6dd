import { describe, expect, it } from "vitest";
import { bucketIndexOf, quantileFromBuckets } from "./quantiles.js";

describe("bucketIndexOf", () => {
  it("puts a value in the first bucket whose bound it does not exceed, else in +Inf", () => {
    const bounds = [0.1, 0.5, 1];
    expect([0, 0.1, 0.10001, 0.5, 1, 1.0001, -5].map((value) => bucketIndexOf(value, bounds))).toEqual([0, 0, 1, 1, 2, 3, 0]);
  });
});

describe("quantileFromBuckets", () => {
  const bounds = [10, 20, 40, 80];

  it("interpolates linearly inside the bucket holding the rank, as histogram_quantile does", () => {
    // 100 observations: 10 in (0,10], 40 in (10,20], 40 in (20,40], 10 in (40,80].
    const counts = [10, 40, 40, 10, 0];
    expect(quantileFromBuckets(0.1, bounds, counts)).toBe(10);
    expect(quantileFromBuckets(0.5, bounds, counts)).toBe(20);
    expect(quantileFromBuckets(0.3, bounds, counts)).toBe(15);
    expect(quantileFromBuckets(0.7, bounds, counts)).toBe(30);
    expect(quantileFromBuckets(0.95, bounds, counts)).toBe(60);
    expect(quantileFromBuckets(1, bounds, counts)).toBe(80);
    // The first bucket starts at 0.
    expect(quantileFromBuckets(0.05, bounds, counts)).toBe(5);
  });

  it("answers the highest finite bound for a rank in +Inf, and the first non-empty bucket's start for 0", () => {
    expect(quantileFromBuckets(0.99, bounds, [0, 0, 0, 50, 50])).toBe(80);
    expect(quantileFromBuckets(0, bounds, [0, 0, 5, 5, 0])).toBe(20);
  });

  it("is NaN without observations", () => {
    expect(quantileFromBuckets(0.5, bounds, [0, 0, 0, 0, 0])).toBeNaN();
  });

  it("handles buckets at or below zero", () => {
    expect(quantileFromBuckets(0.5, [-1, 0, 1], [10, 0, 0, 0])).toBe(-1);
    expect(quantileFromBuckets(0.75, [-1, 0, 1], [5, 5, 0, 0])).toBe(-0.5);
  });
});
