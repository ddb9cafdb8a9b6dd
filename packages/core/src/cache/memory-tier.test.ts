import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryTier } from "./memory-tier.js";

const entry = (value: unknown, tags: string[] = []) => ({ value, freshUntil: Number.POSITIVE_INFINITY, tags });

describe("MemoryTier", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("evicts least recently used entries to stay within its byte budget", () => {
    const tier = new MemoryTier(1_000);
    tier.set("a", entry("a"), 60_000, 300);
    tier.set("b", entry("b"), 60_000, 300);
    tier.get("a");
    tier.set("c", entry("c"), 60_000, 300);
    expect(tier.get("a")?.value).toBe("a");
    expect(tier.get("b")).toBeUndefined();
    expect(tier.get("c")?.value).toBe("c");
    expect(tier.bytes).toBeLessThanOrEqual(1_000);
  });

  it("does not keep an entry larger than the whole budget", () => {
    const tier = new MemoryTier(1_000);
    tier.set("big", entry("big", ["t"]), 60_000, 5_000);
    expect(tier.get("big")).toBeUndefined();
    expect(tier.entries).toBe(0);
  });

  it("forgets entries after their lifetime", () => {
    vi.useFakeTimers();
    const tier = new MemoryTier(1_000);
    tier.set("k", entry(1), 100, 10);
    vi.advanceTimersByTime(99);
    expect(tier.get("k")?.value).toBe(1);
    vi.advanceTimersByTime(2);
    expect(tier.get("k")).toBeUndefined();
  });

  it("drops exactly the entries carrying an invalidated tag, also after overwrites", () => {
    const tier = new MemoryTier(10_000);
    tier.set("a", entry("a", ["x", "y"]), 60_000, 10);
    tier.set("b", entry("b", ["y"]), 60_000, 10);
    tier.set("c", entry("c"), 60_000, 10);
    // Overwritten without tag x: invalidating x must no longer drop it.
    tier.set("a", entry("a2", ["y"]), 60_000, 10);
    tier.deleteTagged(["x"]);
    expect(tier.get("a")?.value).toBe("a2");
    tier.deleteTagged(["y"]);
    expect([tier.get("a"), tier.get("b"), tier.get("c")?.value]).toEqual([undefined, undefined, "c"]);
  });
});
