import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import { eventually } from "./settles-within.js";
import { closeAll, openCache } from "./support/cache.js";
import { topologies } from "./topologies.js";

describe.each(topologies)("L1 coherence across instances on $name", (topology) => {
  let first: RedisClient;
  let second: RedisClient;
  beforeAll(async () => {
    // Two connections, as two application processes would have.
    first = await topology.connect();
    second = await topology.connect();
  });
  afterEach(closeAll);
  afterAll(() => {
    first.disconnect();
    second.disconnect();
  });

  async function warmPair() {
    const a = await openCache(first, { namespace: "coherent", ttlMs: 60_000 });
    const b = await openCache(second, { namespace: "coherent", ttlMs: 60_000 });
    await a.set("k", "v1", { tags: ["t"] });
    // b holds v1 in its L1 once a read served it from there.
    await eventually(async () => {
      expect(await b.get("k")).toBe("v1");
      expect(b.stats().l1.hits).toBeGreaterThan(0);
    });
    return { a, b };
  }

  it("a write on one instance drops the key from the other's L1", async () => {
    const { a, b } = await warmPair();
    await a.set("k", "v2");
    await eventually(async () => expect(await b.get("k")).toBe("v2"));
  });

  it("a delete on one instance drops the key from the other's L1", async () => {
    const { a, b } = await warmPair();
    await a.delete("k");
    await eventually(async () => expect(await b.get("k")).toBeUndefined());
  });

  it("a tag invalidation and a clear reach the other's L1", async () => {
    const { a, b } = await warmPair();
    await a.invalidateTags(["t"]);
    await eventually(async () => expect(await b.get("k")).toBeUndefined());
    await a.set("k2", "x");
    await eventually(async () => expect(await b.get("k2")).toBe("x"));
    await a.clear();
    await eventually(async () => expect(b.stats().l1.entries).toBe(0));
    expect(await b.get("k2")).toBeUndefined();
  });

  it("the writer keeps its own fresh value in L1 (its own message does not drop it)", async () => {
    const { a, b } = await warmPair();
    await a.set("k", "fresh");
    // b's next write proves a's message went round the bus and was handled.
    await b.set("marker", 1);
    await eventually(async () => expect(await a.get("marker")).toBe(1));
    const hits = a.stats().l1.hits;
    expect(await a.get("k")).toBe("fresh");
    expect(a.stats().l1.hits).toBe(hits + 1);
  });

  it("an L1-only cache (l2: false) stays coherent through the bus alone", async () => {
    const a = await openCache(first, { namespace: "memory-only", ttlMs: 60_000, l2: false });
    const b = await openCache(second, { namespace: "memory-only", ttlMs: 60_000, l2: false });
    await a.set("k", "a's");
    expect(await a.get("k")).toBe("a's");
    await b.set("k", "b's");
    await eventually(async () => expect(await a.get("k")).toBeUndefined());
  });
});
