import { describe, expect, it } from "vitest";
import { queueKeys } from "./queue-keys.js";
import { integerOption, validateJobId } from "./queue-limits.js";

describe("queue option checks", () => {
  it("returns the value or the fallback and names the range when out of it", () => {
    expect(integerOption("op", "count", undefined, 1, 1, 10)).toBe(1);
    expect(integerOption("op", "count", 10, 1, 1, 10)).toBe(10);
    expect(() => integerOption("op", "count", 11, 1, 1, 10)).toThrow("op: count must be an integer from 1 to 10; got 11.");
    expect(() => integerOption("op", "waitMs", -1, 0, 0)).toThrow("op: waitMs must be an integer of at least 0; got -1.");
    for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, "5" as unknown as number]) {
      expect(() => integerOption("op", "waitMs", bad, 0, 0)).toThrow(/must be an integer/);
    }
  });

  it("accepts job ids of 1 to 256 characters", () => {
    expect(validateJobId("op", "job-1")).toBe("job-1");
    for (const bad of ["", "x".repeat(257), 7, undefined]) expect(() => validateJobId("op", bad)).toThrow(/non-empty string of at most 256/);
  });

  it("puts every key of a queue under one hash tag and refuses names that would break it", () => {
    expect(queueKeys("orders")).toEqual({
      ready: "queue:{orders}:ready",
      inflight: "queue:{orders}:inflight",
      delayed: "queue:{orders}:delayed",
      jobs: "queue:{orders}:jobs",
      dead: "queue:{orders}:dead",
    });
    for (const bad of ["", "a{b", "a}b"]) expect(() => queueKeys(bad)).toThrow(/non-empty string without braces/);
  });
});
