import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isCluster, masterNodes, type RedisClient } from "../src/client/redis-client.js";
import { multiExists, multiSet } from "../src/cluster/multi-key.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { deleteByPattern } from "../src/keyspace/delete-by-pattern.js";
import { topologies } from "./topologies.js";

async function withKeyPrefix(client: RedisClient, keyPrefix: string): Promise<RedisClient> {
  const prefixed = isCluster(client) ? client.duplicate([], { keyPrefix }) : client.duplicate({ keyPrefix });
  await prefixed.connect();
  return prefixed;
}

/** Keys in the whole database, over every master (DBSIZE is per node). */
async function databaseSize(client: RedisClient): Promise<number> {
  const sizes = await Promise.all(masterNodes(client).map((node) => node.dbsize()));
  return sizes.reduce((sum, size) => sum + size, 0);
}

const cacheKeys = Array.from({ length: 5000 }, (_, index) => `cache:${index}`);
const keptKeys = ["user:1", "user:2", "cachex", "session:{9}:cache:1"];

describe.each(topologies)("deleteByPattern on $name", (topology) => {
  let redis: RedisClient;
  let prefixedClient: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
    prefixedClient = await withKeyPrefix(redis, "app:");
  });
  afterAll(() => {
    prefixedClient.disconnect();
    redis.disconnect();
  });

  describe.each(["", "app:"])("with keyPrefix %j", (prefix) => {
    const client = (): RedisClient => (prefix ? prefixedClient : redis);

    async function seed(): Promise<void> {
      await multiSet(
        client(),
        [...cacheKeys, ...keptKeys].map((key) => [key, Buffer.from([0xff, 0x00])] as const),
      );
    }

    it("counts and samples on a dry run (the default) and deletes nothing", async () => {
      await seed();
      const result = await deleteByPattern(client(), { match: "cache:*", sampleSize: 5 });
      expect(result).toMatchObject({ matched: 5000, deleted: 0, dryRun: true });
      expect(result.sample).toHaveLength(5);
      for (const key of result.sample) expect(key).toMatch(/^cache:\d+$/);
      expect(await multiExists(client(), cacheKeys)).toBe(5000);
      expect(await databaseSize(redis)).toBe(5000 + keptKeys.length);
    });

    it("deletes 5,000 matching keys across masters in batches and keeps the rest", async () => {
      await seed();
      const result = await deleteByPattern(client(), { match: "cache:*", dryRun: false, batchSize: 300 });
      expect(result).toMatchObject({ matched: 5000, deleted: 5000, dryRun: false });
      expect(result.sample).toHaveLength(20);
      expect(await multiExists(client(), cacheKeys)).toBe(0);
      expect(await multiExists(client(), keptKeys)).toBe(keptKeys.length);
      expect(await databaseSize(redis)).toBe(keptKeys.length);
    });

    it("deletes only keys of the requested type", async () => {
      await client().set("mixed:string", "x");
      await client().hset("mixed:hash", "f", "v");
      await client().rpush("mixed:list", "a");
      const result = await deleteByPattern(client(), { match: "mixed:*", type: "hash", dryRun: false });
      expect(result).toEqual({ matched: 1, deleted: 1, dryRun: false, sample: ["mixed:hash"] });
      expect(await multiExists(client(), ["mixed:string", "mixed:hash", "mixed:list"])).toBe(2);
    });

    it("deletes keys whose names are not UTF-8", async () => {
      const binaryName = Buffer.concat([Buffer.from("bin:"), Buffer.from([0xff, 0xfe, 0x00])]);
      await client().set(binaryName, "x");
      await client().set("bin:text", "y");
      expect((await deleteByPattern(client(), { match: "bin:*" })).matched).toBe(2);
      expect(await deleteByPattern(client(), { match: "bin:*", dryRun: false })).toMatchObject({ matched: 2, deleted: 2 });
      expect(await client().exists(binaryName)).toBe(0);
      expect(await client().exists("bin:text")).toBe(0);
    });
  });

  it("with a keyPrefix and allowAll, deletes only the prefixed keys", async () => {
    await multiSet(
      prefixedClient,
      [...cacheKeys.slice(0, 500), ...keptKeys].map((key) => [key, "v"] as const),
    );
    await multiSet(
      redis,
      keptKeys.map((key) => [key, "outside the prefix"] as const),
    );
    const result = await deleteByPattern(prefixedClient, { match: "*", allowAll: true, dryRun: false });
    expect(result).toMatchObject({ matched: 500 + keptKeys.length, deleted: 500 + keptKeys.length });
    expect(await databaseSize(redis)).toBe(keptKeys.length);
    expect(await multiExists(redis, keptKeys)).toBe(keptKeys.length);
  });

  it("refuses an empty or match-everything pattern unless allowAll, before touching anything", async () => {
    await redis.set("precious", "1");
    for (const match of ["*", "**", "", undefined]) {
      const error = await deleteByPattern(redis, { match: match as string, dryRun: false }).catch((caught: unknown) => caught);
      expect(RedisMcpError.isInstance(error) && error.code).toBe("E_INVALID_ARGUMENT");
    }
    await expect(deleteByPattern(redis, { match: "*", dryRun: false })).rejects.toThrow(/pass allowAll: true/);
    await expect(deleteByPattern(prefixedClient, { match: "*" })).rejects.toThrow(/every key under the prefix "app:"/);
    expect(await redis.get("precious")).toBe("1");
  });

  it("rejects bad options with E_INVALID_ARGUMENT", async () => {
    for (const options of [{ batchSize: 0 }, { sampleSize: -1 }, { type: "nope" }, { dryRun: "no" as unknown as boolean }]) {
      const error = await deleteByPattern(redis, { match: "a:*", ...options }).catch((caught: unknown) => caught);
      expect(RedisMcpError.isInstance(error) && error.code).toBe("E_INVALID_ARGUMENT");
    }
  });
});
