import { describe, expect, it } from "vitest";
import { DEFAULT_HEALTH_THRESHOLDS, resolveHealthThresholds } from "./health-thresholds.js";

describe("resolveHealthThresholds", () => {
  it("starts from the documented defaults", () => {
    expect(resolveHealthThresholds()).toEqual({
      memoryWarningRatio: 0.8,
      memoryCriticalRatio: 0.9,
      hitRateMinimum: 0.8,
      hitRateMinimumLookups: 1_000,
      fragmentationMaximum: 1.5,
      fragmentationMinimumUsedBytes: 64 * 1024 * 1024,
      clientsWarningRatio: 0.8,
      clientsCriticalRatio: 0.95,
      replicationLagSeconds: 10,
      slowCommandWarningMicros: 100_000,
    });
    expect(Object.isFrozen(DEFAULT_HEALTH_THRESHOLDS)).toBe(true);
  });

  it("applies overrides", () => {
    expect(resolveHealthThresholds({ replicationLagSeconds: 2, memoryWarningRatio: undefined })).toMatchObject({
      replicationLagSeconds: 2,
      memoryWarningRatio: 0.8,
    });
  });

  it.each([
    [{ memoryWarningRatio: 1.2 }, /at most 1/],
    [{ hitRateMinimumLookups: -1 }, /0 or more/],
    [{ fragmentationMaximum: Number.NaN }, /must be a number/],
    [{ memoryWarningRatio: 0.95 }, /warning ratio must not be above/],
    [{ memoryLimit: 3 } as never, /unknown threshold "memoryLimit"/],
  ])("rejects %j", (overrides, message) => {
    let caught: unknown;
    try {
      resolveHealthThresholds(overrides);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: "E_INVALID_ARGUMENT", message: expect.stringMatching(message) });
  });
});
