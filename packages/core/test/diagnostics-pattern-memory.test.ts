import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import { isCluster } from "../src/client/redis-client.js";
import { multiSet } from "../src/cluster/multi-key.js";
import { type PatternMemoryProgress, sampleMemoryByPattern } from "../src/diagnostics/pattern-memory.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { topologies } from "./topologies.js";

describe.each(topologies)("sampleMemoryByPattern on $name", (topology) => {
  let redis: RedisClient;
  let prefixed: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
    prefixed = isCluster(redis) ? redis.duplicate([], { keyPrefix: "app:" }) : redis.duplicate({ keyPrefix: "app:" });
    await prefixed.connect();
  });
  afterAll(() => {
    prefixed.disconnect();
    redis.disconnect();
  });

  async function seed(client: RedisClient): Promise<void> {
    await multiSet(client, [
      ...Array.from({ length: 400 }, (_, index): [string, string] => [`cache:item:${index}`, "x".repeat(100)]),
      ...Array.from({ length: 100 }, (_, index): [string, string] => [`cache:page:${index}`, "y".repeat(1000)]),
      ["session:1", "z"],
    ]);
    await client.expire("cache:page:1", 60);
  }

  it("measures every match when the sample covers them: exact counts and bytes per namespace", async () => {
    await seed(redis);
    const steps: PatternMemoryProgress[] = [];
    const summary = await sampleMemoryByPattern(redis, { match: "cache:*", onProgress: (step) => steps.push(step) });
    expect(summary).toMatchObject({ match: "cache:*", matchedKeys: 500, sampledKeys: 500 });
    const [pages, items] = summary.namespaces;
    expect(pages).toMatchObject({ pattern: "cache:page:{id}", estimatedCount: 100, sampledKeys: 100, types: { string: 100 } });
    expect(items).toMatchObject({ pattern: "cache:item:{id}", estimatedCount: 400, sampledKeys: 400 });
    expect(pages?.ttl.withTtl).toBe(1);
    // A 1000-byte value takes more than 1000 bytes; a 100-byte one more than 100.
    expect(pages?.memory.averageBytes).toBeGreaterThan(1000);
    expect(items?.memory.averageBytes).toBeGreaterThan(100);
    expect(summary.estimatedTotalBytes).toBe((pages?.memory.estimatedTotalBytes ?? 0) + (items?.memory.estimatedTotalBytes ?? 0));
    expect(summary.nodes.reduce((total, node) => total + node.matched, 0)).toBe(500);
    expect(steps.filter((step) => step.phase === "scan").at(-1)).toEqual({ phase: "scan", done: 501, total: 501 });
    expect(steps.at(-1)).toEqual({ phase: "measure", done: 500, total: 500 });
  });

  it("extrapolates from a sample: counts every match, measures only the sample", async () => {
    await seed(redis);
    const summary = await sampleMemoryByPattern(redis, { match: "cache:*", samples: 100 });
    expect(summary.matchedKeys).toBe(500);
    expect(summary.sampledKeys).toBe(100);
    const estimated = summary.namespaces.reduce((total, namespace) => total + namespace.estimatedCount, 0);
    expect(estimated).toBe(500);
  });

  it("honours a client keyPrefix: matches under it, names without it", async () => {
    await seed(prefixed);
    await redis.set("cache:outside", "not under the prefix");
    const summary = await sampleMemoryByPattern(prefixed, { match: "cache:*" });
    expect(summary.matchedKeys).toBe(500);
    expect(summary.namespaces.flatMap((namespace) => namespace.exampleKeys).every((key) => key.startsWith("cache:"))).toBe(true);
    expect(summary.namespaces.every((namespace) => namespace.memory.averageBytes > 0)).toBe(true);
  });

  it("reports no match as zero", async () => {
    expect(await sampleMemoryByPattern(redis, { match: "nothing:*" })).toMatchObject({
      matchedKeys: 0,
      sampledKeys: 0,
      estimatedTotalBytes: 0,
      namespaces: [],
    });
  });

  it("refuses a missing pattern or bad sample size before sending anything", async () => {
    for (const options of [{ match: "" }, { match: "a:*", samples: 0 }, { match: "a:*", batchSize: 5000 }]) {
      const error = await sampleMemoryByPattern(redis, options).catch((caught: unknown) => caught);
      expect(RedisMcpError.isInstance(error) && error.code, JSON.stringify(options)).toBe("E_INVALID_ARGUMENT");
    }
  });
});
