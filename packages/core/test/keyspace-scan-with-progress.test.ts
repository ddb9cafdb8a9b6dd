import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import { isCluster } from "../src/client/redis-client.js";
import { multiSet } from "../src/cluster/multi-key.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { type ScanProgressStep, scanWithProgress } from "../src/keyspace/scan-with-progress.js";
import { topologies } from "./topologies.js";

async function walk(client: RedisClient, options: Parameters<typeof scanWithProgress>[1]): Promise<ScanProgressStep[]> {
  const steps: ScanProgressStep[] = [];
  for await (const step of scanWithProgress(client, options)) steps.push(step);
  return steps;
}

describe.each(topologies)("scanWithProgress on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("yields every matching key once the walk ends, with progress reaching the key count", async () => {
    const cacheKeys = Array.from({ length: 1200 }, (_, index) => `cache:${index}`);
    await multiSet(redis, [...cacheKeys.map((key): [string, string] => [key, "v"]), ["user:1", "v"]]);
    const steps = await walk(redis, { match: "cache:*", count: 100 });
    expect(new Set(steps.flatMap((step) => step.keys))).toEqual(new Set(cacheKeys));
    const last = steps.at(-1)?.progress;
    expect(last).toEqual({ examined: 1201, total: 1201, matched: steps.flatMap((step) => step.keys).length });
    // Progress only grows and never passes the total.
    for (const [index, step] of steps.entries()) {
      expect(step.progress.examined).toBeLessThanOrEqual(step.progress.total);
      if (index > 0) expect(step.progress.examined).toBeGreaterThanOrEqual(steps[index - 1]?.progress.examined ?? 0);
    }
    // Many SCAN calls, most of them without a match for this pattern's share: each is reported.
    expect(steps.length).toBeGreaterThan(10);
  });

  it("names the master that answered, every master of a cluster", async () => {
    await multiSet(
      redis,
      Array.from({ length: 300 }, (_, index): [string, string] => [`k:${index}`, "v"]),
    );
    const nodes = new Set((await walk(redis, { match: "k:*" })).map((step) => step.node));
    expect(nodes.size).toBe(isCluster(redis) ? 3 : 1);
  });

  it("reports an empty database as done at once", async () => {
    const steps = await walk(redis, {});
    expect(steps.flatMap((step) => step.keys)).toEqual([]);
    expect(steps.at(-1)?.progress).toEqual({ examined: 0, total: 0, matched: 0 });
  });

  it("refuses a bad type before sending anything", async () => {
    const error = await walk(redis, { type: "tree" }).catch((caught: unknown) => caught);
    expect(RedisMcpError.isInstance(error) && error.code).toBe("E_INVALID_ARGUMENT");
  });
});
