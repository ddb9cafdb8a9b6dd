import { useRedis, useRedisCluster } from "@redis-mcp/test-redis/vitest";
import { Cluster as Cluster5, Redis as Redis5 } from "ioredis-v5";
import { describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import { multiSet } from "../src/cluster/multi-key.js";
import { deleteByPattern } from "../src/keyspace/delete-by-pattern.js";
import { inspectKey } from "../src/keyspace/inspect-key.js";
import { readKey } from "../src/keyspace/read-key.js";
import { scan } from "../src/keyspace/scan.js";
import { scanPage } from "../src/keyspace/scan-page.js";

async function exercise(redis: RedisClient): Promise<void> {
  const keys = Array.from({ length: 300 }, (_, index) => `v5:${index}`);
  await multiSet(
    redis,
    keys.map((key) => [key, Buffer.from([0xff, 0x01])] as const),
  );
  const scanned: string[] = [];
  for await (const key of scan(redis, { match: "v5:*" })) scanned.push(key);
  expect(new Set(scanned).size).toBe(300);
  const paged = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await scanPage(redis, { match: "v5:*", cursor, limit: 50 });
    for (const key of page.keys) paged.add(key);
    cursor = page.nextCursor;
  } while (cursor);
  expect(paged.size).toBe(300);
  expect(await inspectKey(redis, "v5:1")).toMatchObject({ exists: true, type: "string", length: 2, ttlMs: -1 });
  expect(await readKey(redis, "v5:1")).toMatchObject({ type: "string", value: { encoding: "base64", value: "/wE=" } });
  await redis.rpush("v5:list", "a", "b", "c");
  expect(await readKey(redis, "v5:list", { limit: 2 })).toMatchObject({ items: [{ value: "a" }, { value: "b" }], nextCursor: "2" });
  expect(await deleteByPattern(redis, { match: "v5:*", dryRun: false })).toMatchObject({ matched: 301, deleted: 301 });
}

// ioredis 5 speaks RESP2 and differs in its types: the keyspace helpers must work with a caller's v5 client.
describe("keyspace helpers with a caller's ioredis 5 client", () => {
  it("work on standalone", async () => {
    const server = await useRedis();
    const legacy = new Redis5(server.port);
    try {
      await exercise(legacy as unknown as RedisClient);
    } finally {
      legacy.disconnect();
    }
  });

  it("work on a cluster", async () => {
    const cluster = await useRedisCluster();
    const legacy = new Cluster5(cluster.startupNodes);
    try {
      await new Promise((resolve) => legacy.once("ready", resolve));
      await exercise(legacy as unknown as RedisClient);
    } finally {
      legacy.disconnect();
    }
  });
});
