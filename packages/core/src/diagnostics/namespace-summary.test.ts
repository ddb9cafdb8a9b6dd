import { describe, expect, it } from "vitest";
import { type KeyDraw, summarizeNamespaces } from "./namespace-summary.js";

function draw(key: string, overrides: Partial<KeyDraw> = {}): KeyDraw {
  return { key, weight: 1, type: "string", ttlMs: null, bytes: 100, ...overrides };
}

describe("summarizeNamespaces", () => {
  it("groups by pattern and reports types, TTL spread, memory and examples", () => {
    const draws = [
      draw("user:1:profile", { type: "hash", bytes: 300, weight: 10 }),
      draw("user:2:profile", { type: "hash", bytes: 500, weight: 10, ttlMs: 1_000 }),
      draw("user:3:profile", { type: "string", bytes: 100, weight: 10, ttlMs: 3_000 }),
      draw("user:4:profile", { type: "hash", bytes: 300, weight: 10, ttlMs: 2_000 }),
      draw("config", { bytes: 50, weight: 10 }),
    ];
    const { namespaces, other } = summarizeNamespaces(draws, { exampleKeys: 2 });
    expect(other).toBeNull();
    expect(namespaces.map((namespace) => namespace.pattern)).toEqual(["user:{id}:profile", "config"]);
    expect(namespaces[0]).toEqual({
      pattern: "user:{id}:profile",
      types: { hash: 3, string: 1 },
      sampledKeys: 4,
      estimatedCount: 40,
      ttl: { withTtl: 3, withoutTtl: 1, minMs: 1_000, medianMs: 2_000, maxMs: 3_000 },
      memory: { sampledBytes: 1_200, averageBytes: 300, estimatedTotalBytes: 12_000 },
      exampleKeys: ["user:1:profile", "user:2:profile"],
    });
    expect(namespaces[1]?.ttl).toEqual({ withTtl: 0, withoutTtl: 1, minMs: null, medianMs: null, maxMs: null });
  });

  it("counts a key drawn twice once in the sample but twice in the estimate", () => {
    const { namespaces } = summarizeNamespaces([draw("job:1", { weight: 5 }), draw("job:1", { weight: 5 }), draw("job:2", { weight: 5, ttlMs: 10 })]);
    expect(namespaces[0]).toMatchObject({ sampledKeys: 2, estimatedCount: 15, ttl: { withTtl: 1, withoutTtl: 1, medianMs: 10 } });
  });

  it("weights nodes of different sizes by their draws", () => {
    // Node A: 1,000 keys, 10 draws (weight 100), 10-byte keys; node B: 10 keys, 10 draws (weight 1), 1,000-byte keys.
    const draws = [
      ...Array.from({ length: 10 }, (_, index) => draw(`a:${index}`, { weight: 100, bytes: 10 })),
      ...Array.from({ length: 10 }, (_, index) => draw(`a:${index + 100}`, { weight: 1, bytes: 1_000 })),
    ];
    const [namespace] = summarizeNamespaces(draws).namespaces;
    expect(namespace?.estimatedCount).toBe(1_010);
    expect(namespace?.memory.estimatedTotalBytes).toBe(1_000 * 10 + 10 * 1_000);
    expect(namespace?.memory.averageBytes).toBe(505);
  });

  it("extrapolates memory from measured keys when some could not be measured, and medians of even counts", () => {
    const { namespaces } = summarizeNamespaces([draw("k:1", { bytes: null, ttlMs: 10 }), draw("k:2", { bytes: 200, ttlMs: 20 })]);
    expect(namespaces[0]?.memory).toEqual({ sampledBytes: 200, averageBytes: 200, estimatedTotalBytes: 400 });
    expect(namespaces[0]?.ttl.medianMs).toBe(15);
  });

  it("sorts by estimated memory and adds up the namespaces beyond the limit", () => {
    const draws = [draw("small:1", { bytes: 10 }), draw("big:1", { bytes: 1_000 }), draw("mid:1", { bytes: 100 }), draw("tiny:1", { bytes: 1 })];
    const { namespaces, other } = summarizeNamespaces(draws, { maxNamespaces: 2 });
    expect(namespaces.map((namespace) => namespace.pattern)).toEqual(["big:{id}", "mid:{id}"]);
    expect(other).toEqual({ namespaces: 2, sampledKeys: 2, estimatedCount: 2, estimatedTotalBytes: 11 });
  });

  it("folds name-like segments with many values", () => {
    const names = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory"];
    const { namespaces } = summarizeNamespaces(names.map((name) => draw(`user:${name}:cart`)));
    expect(namespaces.map((namespace) => [namespace.pattern, namespace.sampledKeys])).toEqual([["user:{id}:cart", 11]]);
  });

  it("returns nothing for no draws", () => {
    expect(summarizeNamespaces([])).toEqual({ namespaces: [], other: null });
  });
});
