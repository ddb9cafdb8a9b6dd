import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import { sampleKeyspace } from "../src/diagnostics/keyspace-sampler.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { deleteByPattern } from "../src/keyspace/delete-by-pattern.js";
import { scan } from "../src/keyspace/scan.js";
import { scanPage } from "../src/keyspace/scan-page.js";
import { topologies } from "./topologies.js";

const codeOf = (error: unknown) => (RedisMcpError.isInstance(error) ? error.code : undefined);

describe.each(topologies)("cancelling long keyspace work on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("stops a SCAN walk between calls with E_CANCELLED", async () => {
    const pipeline = redis.pipeline();
    for (let index = 0; index < 600; index++) pipeline.set(`{walk}:${index}`, "x");
    await pipeline.exec();
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await (async () => {
      for await (const key of scan(redis, { match: "{walk}:*", count: 50, signal: controller.signal })) {
        seen.push(key);
        if (seen.length === 10) controller.abort();
      }
    })().catch((caught: unknown) => caught);
    expect(codeOf(error)).toBe("E_CANCELLED");
    expect(seen.length).toBeLessThan(600);
    expect(codeOf(await scanPage(redis, { signal: controller.signal }).catch((caught: unknown) => caught))).toBe("E_CANCELLED");
  });

  it("deletes nothing and samples nothing once cancelled", async () => {
    await redis.set("{keep}:a", "1");
    const aborted = AbortSignal.abort();
    expect(codeOf(await deleteByPattern(redis, { match: "{keep}:*", dryRun: false, signal: aborted }).catch((caught: unknown) => caught))).toBe("E_CANCELLED");
    expect(await redis.exists("{keep}:a")).toBe(1);
    expect(codeOf(await sampleKeyspace(redis, { samples: 100, signal: aborted }).catch((caught: unknown) => caught))).toBe("E_CANCELLED");
  });
});
