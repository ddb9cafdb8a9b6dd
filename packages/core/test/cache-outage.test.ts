import { type StandaloneRedis, startRedisServer } from "@redis-mcp/test-redis";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eventually, settlesWithin } from "./settles-within.js";
import { closeAll, errorLog, openCache } from "./support/cache.js";

// Generous multiples of the cache's 100 ms L2 timeout: a call still pending after this hangs.
const ANSWER_WITHIN_MS = 2_000;

describe("cache while Redis is down (a private server killed mid-traffic)", () => {
  let server: StandaloneRedis;
  let client: Redis;
  let observer: Redis;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    // AOF with fsync always: what was written before the kill is there after the restart.
    server = await startRedisServer({ persistence: "aof" });
    process.on("unhandledRejection", onUnhandled);
  });
  afterEach(closeAll);
  afterAll(async () => {
    process.off("unhandledRejection", onUnhandled);
    client?.disconnect();
    observer?.disconnect();
    await server.stop();
  });

  it("answers from L1 and loaders within the L2 timeout, never hangs or rejects, and goes back to Redis by itself", async () => {
    client = new Redis(server.port);
    observer = new Redis(server.port);
    // The test's own clients see the outage too; the cache reports through onError.
    client.on("error", () => undefined);
    observer.on("error", () => undefined);
    const log = errorLog();
    const options = { namespace: "outage", ttlMs: 60_000, l2: { timeoutMs: 100, failureThreshold: 3, openMs: 300 } };
    const cache = await openCache<string>(client, { ...options, onError: log.onError });
    await cache.set("warm", "from memory", { tags: ["t"] });
    await cache.set("deleted during outage", "old value");
    expect(await cache.getOrSet("loaded", () => "loaded before")).toBe("loaded before");

    server.node.kill();

    let loads = 0;
    const loader = async (key: string) => {
      loads += 1;
      return `loaded ${key} without Redis`;
    };
    for (let round = 0; round < 10; round++) {
      const results = await settlesWithin(
        Promise.all([
          cache.get("warm"),
          cache.getOrSet("loaded", loader),
          cache.getOrSet(`new:${round}`, loader),
          cache.getOrSetMany([`many:${round}:a`, `many:${round}:b`], async (keys) => keys.map((key) => `bulk ${key}`)),
          cache.set(`written:${round}`, "kept in memory"),
          cache.has("warm"),
        ]),
        ANSWER_WITHIN_MS,
      );
      expect(results).toEqual([
        "from memory",
        "loaded before",
        `loaded new:${round} without Redis`,
        [`bulk many:${round}:a`, `bulk many:${round}:b`],
        undefined,
        true,
      ]);
      expect(await settlesWithin(cache.get(`written:${round}`), ANSWER_WITHIN_MS)).toBe("kept in memory");
      expect(await settlesWithin(cache.getMany(["warm", `new:${round}`, "never"]), ANSWER_WITHIN_MS)).toEqual([
        "from memory",
        `loaded new:${round} without Redis`,
        undefined,
      ]);
    }
    await settlesWithin(cache.delete("deleted during outage"), ANSWER_WITHIN_MS);
    await settlesWithin(cache.invalidateTags(["nothing-yet"]), ANSWER_WITHIN_MS);
    expect(loads).toBe(10);
    const down = cache.stats();
    expect(down.circuit).not.toBe("closed");
    expect(down.l2.errors).toBeGreaterThanOrEqual(3);
    expect(down.pendingReplays).toBeGreaterThan(0);
    expect(log.errors.some(({ error }) => (error as { code?: string }).code === "E_TIMEOUT")).toBe(true);

    await server.node.restart();

    // Back to L2 by itself: writes reach Redis again, where another instance reads them.
    const reader = await openCache<string>(observer, { ...options, l1: false });
    await eventually(async () => {
      await cache.set("after", "in Redis again");
      expect(await reader.get("after")).toBe("in Redis again");
    });
    await eventually(async () => expect(cache.stats().circuit).toBe("closed"));
    // The delete made during the outage was replayed: Redis no longer serves the old value.
    await eventually(async () => expect(await reader.get("deleted during outage")).toBeUndefined());
    await eventually(async () => expect(cache.stats().pendingReplays).toBe(0));
    // The bus is back too: a write elsewhere drops this instance's L1 copy.
    await cache.set("shared", "mine");
    const writer = await openCache<string>(observer, options);
    await eventually(async () => {
      await writer.set("shared", "theirs");
      expect(await cache.get("shared")).toBe("theirs");
    });
    expect(unhandled).toEqual([]);
  });

  it("starts and answers from loaders when Redis is unreachable from the start", async () => {
    const log = errorLog();
    const unreachable = new Redis(1, "127.0.0.1", { lazyConnect: true, retryStrategy: () => 200 });
    unreachable.on("error", () => undefined);
    try {
      const cache = (await import("../src/cache/cache.js")).createCache<string>(unreachable, {
        namespace: "nowhere",
        ttlMs: 60_000,
        l2: { timeoutMs: 50 },
        onError: log.onError,
      });
      for (let call = 0; call < 5; call++) {
        expect(
          await settlesWithin(
            cache.getOrSet(`k${call}`, () => "from the loader"),
            ANSWER_WITHIN_MS,
          ),
        ).toBe("from the loader");
      }
      expect(cache.stats().circuit).toBe("open");
      await cache.close();
    } finally {
      unreachable.disconnect();
    }
    expect(unhandled).toEqual([]);
  });
});
