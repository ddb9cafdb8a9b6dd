import { describe, expect, it } from "vitest";
import { entrySettings, jitteredTtl, resolveCacheOptions, validateKey, validateTags } from "./cache-options.js";

describe("cache options", () => {
  it("fills in defaults", () => {
    const options = resolveCacheOptions({ namespace: "n", ttlMs: 1_000 });
    expect(options).toMatchObject({
      graceMs: 0,
      ttlJitter: 0,
      l1: { maxBytes: 64 * 1024 * 1024 },
      l2: { timeoutMs: 250, failureThreshold: 3, openMs: 2_000 },
      stampede: "process",
      lockTtlMs: 10_000,
      lockWaitMs: 10_000,
      bus: true,
    });
    expect(resolveCacheOptions({ namespace: "n", ttlMs: 1, l1: false }).bus).toBe(false);
    expect(resolveCacheOptions({ namespace: "n", ttlMs: 1, l1: false, stampede: "distributed" }).bus).toBe(true);
  });

  it.each([
    [{ namespace: "", ttlMs: 1 }, "namespace"],
    [{ namespace: "a}", ttlMs: 1 }, "namespace"],
    [{ namespace: "a", ttlMs: 0 }, "ttlMs"],
    [{ namespace: "a", ttlMs: 1, graceMs: -1 }, "graceMs"],
    [{ namespace: "a", ttlMs: 1, ttlJitter: -0.1 }, "ttlJitter"],
    [{ namespace: "a", ttlMs: 1, l1: { maxBytes: 0 } }, "l1.maxBytes"],
    [{ namespace: "a", ttlMs: 1, l2: { timeoutMs: 0 } }, "l2.timeoutMs"],
    [{ namespace: "a", ttlMs: 1, stampede: "global" }, "stampede"],
    [{ namespace: "a", ttlMs: 1, buckets: 0 }, "buckets"],
    [{ namespace: "a", ttlMs: 1, codec: {} }, "codec"],
  ])("rejects %j naming %s", (options, name) => {
    expect(() => resolveCacheOptions(options as never)).toThrow(
      expect.objectContaining({ code: "E_INVALID_ARGUMENT", message: expect.stringContaining(name) }),
    );
  });

  it("checks keys and tags", () => {
    expect(validateKey("get", "k")).toBe("k");
    expect(() => validateKey("get", "")).toThrow(/non-empty/);
    expect(() => validateKey("get", "x".repeat(1_025))).toThrow(/1,024/);
    expect(validateTags("set", ["a", "b", "a"])).toEqual(["a", "b"]);
    expect(() => validateTags("set", ["a\nb"])).toThrow(/newlines/);
    expect(() => validateTags("set", "a")).toThrow(/array/);
  });

  it("keeps a jittered TTL within [ttl × (1 − jitter), ttl]", () => {
    expect(jitteredTtl(1_000, 0.2, () => 0)).toBe(1_000);
    expect(jitteredTtl(1_000, 0.2, () => 0.999_999)).toBe(800);
    expect(jitteredTtl(1_000, 0.2, () => 0.5)).toBe(900);
    expect(jitteredTtl(1, 1, () => 0.999)).toBe(1);
    for (let draw = 0; draw < 1_000; draw++) {
      const ttl = jitteredTtl(10_000, 0.1);
      expect(ttl).toBeGreaterThanOrEqual(9_000);
      expect(ttl).toBeLessThanOrEqual(10_000);
    }
  });

  it("takes an entry's settings from the call, else the cache", () => {
    const defaults = resolveCacheOptions({ namespace: "n", ttlMs: 5_000, graceMs: 100 });
    expect(entrySettings("set", undefined, defaults)).toEqual({ ttlMs: 5_000, graceMs: 100, tags: [] });
    expect(entrySettings("set", { ttlMs: 10, graceMs: 0, tags: ["t"] }, defaults)).toEqual({ ttlMs: 10, graceMs: 0, tags: ["t"] });
    expect(() => entrySettings("set", { ttlMs: -1 }, defaults)).toThrow(expect.objectContaining({ code: "E_INVALID_ARGUMENT" }));
  });
});
