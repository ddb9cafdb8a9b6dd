import { describe, expect, it } from "vitest";
import { RedisMcpError } from "../errors/redis-mcp-error.js";
import { bloomParameters, MAX_BLOOM_BITS } from "./bloom-parameters.js";

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return RedisMcpError.isInstance(error) ? error.code : "not a RedisMcpError";
  }
  return undefined;
}

describe("bloomParameters", () => {
  it("sizes m and k with the optimal formulas", () => {
    // m = ceil(-10000 ln 0.01 / (ln 2)^2) = 95851, k = round(95851 / 10000 * ln 2) = 7
    expect(bloomParameters({ capacity: 10_000, errorRate: 0.01 })).toEqual({ capacity: 10_000, errorRate: 0.01, bits: 95_851, hashes: 7 });
    expect(bloomParameters({ capacity: 1_000, errorRate: 0.001 })).toMatchObject({ bits: 14_378, hashes: 10 });
  });

  it("uses at least one hash even for a very loose filter", () => {
    expect(bloomParameters({ capacity: 100, errorRate: 0.9 }).hashes).toBe(1);
  });

  it("accepts the largest filter one Redis string holds and refuses a bigger one", () => {
    const largest = bloomParameters({ capacity: 400_000_000, errorRate: 0.01 });
    expect(largest.bits).toBeLessThanOrEqual(MAX_BLOOM_BITS);
    expect(() => bloomParameters({ capacity: 1_000_000_000, errorRate: 0.01 })).toThrow(/needs 9585058378 bits.*at most 4294967296/);
  });

  it("rejects absurd capacities and error rates with E_INVALID_ARGUMENT", () => {
    for (const capacity of [0, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
      expect(codeOf(() => bloomParameters({ capacity, errorRate: 0.01 }))).toBe("E_INVALID_ARGUMENT");
    }
    for (const errorRate of [0, 1, 1.5, -0.1, 1e-13, Number.NaN]) {
      expect(codeOf(() => bloomParameters({ capacity: 100, errorRate }))).toBe("E_INVALID_ARGUMENT");
    }
    expect(() => bloomParameters({ capacity: 0, errorRate: 0.01 })).toThrow(/capacity must be a positive integer/);
    expect(() => bloomParameters({ capacity: 10, errorRate: 2 })).toThrow(/errorRate must be a number from 1e-12/);
  });
});
