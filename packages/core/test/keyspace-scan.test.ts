import { useRedisCluster } from "@redis-mcp/test-redis/vitest";
import { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isCluster, masterNodes, type RedisClient } from "../src/client/redis-client.js";
import { multiSet } from "../src/cluster/multi-key.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { scan } from "../src/keyspace/scan.js";
import { scanPage } from "../src/keyspace/scan-page.js";
import { topologies } from "./topologies.js";

async function withKeyPrefix(client: RedisClient, keyPrefix: string): Promise<RedisClient> {
  const prefixed = isCluster(client) ? client.duplicate([], { keyPrefix }) : client.duplicate({ keyPrefix });
  await prefixed.connect();
  return prefixed;
}

async function collect(keys: AsyncIterable<string>): Promise<string[]> {
  const collected: string[] = [];
  for await (const key of keys) collected.push(key);
  return collected;
}

function codeOf(error: unknown): string | undefined {
  return RedisMcpError.isInstance(error) ? error.code : undefined;
}

const KEY_COUNT = 5000;
const keys = Array.from({ length: KEY_COUNT }, (_, index) => `item:${index}`);
// Written without the prefix: a prefixed client must never see them.
const outsiders = ["other:1", "other:2", "itemX"];

describe.each(topologies)("scan and scanPage on $name", (topology) => {
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
    const expected = prefix ? keys : [...keys, ...outsiders];

    async function seed(): Promise<void> {
      await multiSet(
        client(),
        keys.map((key) => [key, Buffer.from([0xff, 0x00, key.length])] as const),
      );
      await multiSet(
        redis,
        outsiders.map((key) => [key, "x"] as const),
      );
    }

    it("scan yields every one of 5,000 keys, without the prefix and nothing outside it", async () => {
      await seed();
      const found = await collect(scan(client(), { count: 250 }));
      expect(new Set(found).size).toBe(expected.length);
      expect([...new Set(found)].sort()).toEqual([...expected].sort());
      if (prefix) expect(found.every((key) => !key.startsWith(prefix))).toBe(true);
    });

    it("scan filters by pattern and type", async () => {
      await client().hset("user:1", "name", "ada");
      await client().hset("user:2", "name", "grace");
      await client().set("user:3", "not a hash");
      await client().hset("account:1", "name", "x");
      expect((await collect(scan(client(), { match: "user:*", type: "hash" }))).sort()).toEqual(["user:1", "user:2"]);
      expect((await collect(scan(client(), { match: "user:*" }))).sort()).toEqual(["user:1", "user:2", "user:3"]);
      expect(await collect(scan(client(), { match: "nothing:*" }))).toEqual([]);
    });

    it("scanPage pages through 5,000 keys with no key missing and pages bounded near the limit", async () => {
      await seed();
      const found = new Set<string>();
      const cursors: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await scanPage(client(), { cursor, limit: 300 });
        // SCAN's COUNT is a hint: one reply can hold twice as many keys while Redis rehashes (it
        // walks both tables), so a page may overshoot the limit by one such reply. What must hold
        // is that pages stop near the limit instead of walking the whole keyspace (5,000).
        expect(page.keys.length).toBeLessThanOrEqual(300 * 4);
        for (const key of page.keys) found.add(key);
        cursor = page.nextCursor;
        if (cursor) cursors.push(cursor);
        pages++;
      } while (cursor);
      expect(pages).toBeGreaterThan(KEY_COUNT / 600);
      expect([...found].sort()).toEqual([...expected].sort());
      const cursorShape = topology.name === "cluster" ? /^[0-2]\/3:\d+$/ : /^\d+$/;
      for (const each of cursors) expect(each).toMatch(cursorShape);
    });

    it("scanPage filters by pattern and type, and ends at once on an empty match", async () => {
      await seed();
      await client().hset("item:hash", "f", "v");
      const found: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await scanPage(client(), { cursor, match: "item:*", type: "hash", limit: 1000 });
        found.push(...page.keys);
        cursor = page.nextCursor;
      } while (cursor);
      expect(found).toEqual(["item:hash"]);
      expect(await scanPage(client(), { match: "absent:*", limit: 10_000, count: 10_000 })).toEqual({ keys: [], nextCursor: undefined });
    });
  });

  it("escapes glob characters in the key prefix", async () => {
    const oddPrefix = "p*?[ab]\\:";
    const odd = await withKeyPrefix(redis, oddPrefix);
    try {
      await odd.set("inside", "1");
      // Each would match the prefix used as a raw pattern ("p*?[ab]\:*").
      await multiSet(redis, [
        ["pXYa:decoy", "1"],
        ["p??b:decoy", "1"],
      ]);
      expect(await collect(scan(odd))).toEqual(["inside"]);
      expect((await scanPage(odd)).keys).toEqual(["inside"]);
      expect(await redis.get(`${oddPrefix}inside`)).toBe("1");
    } finally {
      odd.disconnect();
    }
  });

  it("decodes key names as UTF-8", async () => {
    await redis.set(Buffer.from([0x6b, 0xc3, 0xa9]), "1");
    expect(await collect(scan(redis))).toEqual(["ké"]);
  });

  it("rejects bad options at the call, before anything is sent", () => {
    for (const options of [{ count: 0 }, { count: 1.5 }, { type: "strings" }, { match: 42 as unknown as string }]) {
      let error: unknown;
      try {
        scan(redis, options);
      } catch (caught) {
        error = caught;
      }
      expect(codeOf(error)).toBe("E_INVALID_ARGUMENT");
    }
    expect(() => scan(redis, { type: "strings" })).toThrow(/type must be one of string, list, set, zset, hash, stream/);
  });

  it("rejects malformed and foreign cursors and a bad limit", async () => {
    const foreign = topology.name === "cluster" ? "1536" : "1/3:1536";
    for (const cursor of ["abc", "1/3:", "-1", foreign]) {
      const error = await scanPage(redis, { cursor }).catch((caught: unknown) => caught);
      expect(codeOf(error)).toBe("E_INVALID_ARGUMENT");
      expect((error as Error).message).toMatch(/Pass the nextCursor of a previous scanPage call/);
    }
    expect(codeOf(await scanPage(redis, { limit: 0 }).catch((caught: unknown) => caught))).toBe("E_INVALID_ARGUMENT");
  });
});

describe("scanPage on cluster", () => {
  const cluster = topologies.find((topology) => topology.name === "cluster");

  it("refuses to walk a cluster client that is not connected yet instead of finding nothing", async () => {
    const { startupNodes } = await useRedisCluster();
    const idle = new Cluster(startupNodes, { lazyConnect: true });
    try {
      const fromScan = await scan(idle)
        .next()
        .catch((caught: unknown) => caught);
      expect(codeOf(fromScan)).toBe("E_REDIS_UNAVAILABLE");
      expect((fromScan as Error).message).toMatch(/no master connections yet/);
      expect(codeOf(await scanPage(idle).catch((caught: unknown) => caught))).toBe("E_REDIS_UNAVAILABLE");
    } finally {
      idle.disconnect();
    }
  });

  it("resumes a composite cursor across masters, also from a new client", async () => {
    const redis = await cluster?.connect();
    if (!redis) throw new Error("no cluster topology");
    const other = await cluster?.connect();
    try {
      await multiSet(
        redis,
        keys.map((key) => [key, "v"] as const),
      );
      const perMaster = await Promise.all(masterNodes(redis).map((node) => node.dbsize()));
      expect(perMaster.every((size) => size > 0)).toBe(true);

      const found = new Set<string>();
      const mastersSeen = new Set<string>();
      let cursor: string | undefined;
      // Walk the first master with one client...
      do {
        const page = await scanPage(redis, { cursor, limit: 500 });
        for (const key of page.keys) found.add(key);
        cursor = page.nextCursor;
      } while (cursor?.startsWith("0/"));
      expect(cursor).toMatch(/^[12]\/3:\d+$/);
      // ...and finish with another one: the cursor carries the whole position.
      while (cursor) {
        mastersSeen.add(cursor.split("/")[0] ?? "");
        const page = await scanPage(other ?? redis, { cursor, limit: 500 });
        for (const key of page.keys) found.add(key);
        cursor = page.nextCursor;
      }
      expect(mastersSeen).toEqual(new Set(["1", "2"]));
      expect(found.size).toBe(KEY_COUNT);
    } finally {
      other?.disconnect();
      redis.disconnect();
    }
  });

  it("rejects a cursor for a master index out of range or another cluster size", async () => {
    const redis = await cluster?.connect();
    if (!redis) throw new Error("no cluster topology");
    try {
      const outOfRange = await scanPage(redis, { cursor: "3/3:0" }).catch((caught: unknown) => caught);
      expect(codeOf(outOfRange)).toBe("E_INVALID_ARGUMENT");
      expect((outOfRange as Error).message).toMatch(/names master 3, but there are only 3/);
      const otherSize = await scanPage(redis, { cursor: "1/5:0" }).catch((caught: unknown) => caught);
      expect((otherSize as Error).message).toMatch(/cluster of 5 masters, but this one has 3/);
    } finally {
      redis.disconnect();
    }
  });
});
