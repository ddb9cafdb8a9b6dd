import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isCluster, masterNodes, type RedisClient } from "../src/client/redis-client.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { inspectKey } from "../src/keyspace/inspect-key.js";
import { topologies } from "./topologies.js";

async function withKeyPrefix(client: RedisClient, keyPrefix: string): Promise<RedisClient> {
  const prefixed = isCluster(client) ? client.duplicate([], { keyPrefix }) : client.duplicate({ keyPrefix });
  await prefixed.connect();
  return prefixed;
}

describe.each(topologies)("inspectKey on $name", (topology) => {
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

    it("reports type, length, encoding, TTL and memory for every core type", async () => {
      const binary = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0xc3]);
      await client().set("k:string", binary);
      await client().hset("k:hash", { a: "1", b: "2", c: "3" });
      await client().rpush("k:list", "a", "b", "c", "d");
      await client().sadd("k:set", "x", "y");
      await client().zadd("k:zset", 1, "one", 2, "two", 3, "three", 4, "four", 5, "five");
      await client().xadd("k:stream", "*", "field", "value");
      await client().xadd("k:stream", "*", "field", "value");
      const expected = {
        "k:string": ["string", 5],
        "k:hash": ["hash", 3],
        "k:list": ["list", 4],
        "k:set": ["set", 2],
        "k:zset": ["zset", 5],
        "k:stream": ["stream", 2],
      };
      for (const [key, [type, length]] of Object.entries(expected)) {
        const inspection = await inspectKey(client(), key);
        // The unprefixed client reads the stored key directly: the facts must be about app:key.
        const encoding = await redis.object("ENCODING", `${prefix}${key}`);
        expect(inspection).toEqual({ key, exists: true, type, length, ttlMs: -1, encoding, memoryBytes: expect.any(Number) });
        expect(inspection.memoryBytes).toBeGreaterThan(0);
      }
    });

    it("reports the TTL in milliseconds", async () => {
      await client().set("session", "x", "PX", 60_000);
      const { ttlMs } = await inspectKey(client(), "session");
      expect(ttlMs).toBeGreaterThan(0);
      expect(ttlMs).toBeLessThanOrEqual(60_000);
    });

    it("reports a missing key with exists: false and null facts", async () => {
      expect(await inspectKey(client(), "missing")).toEqual({
        key: "missing",
        exists: false,
        type: null,
        ttlMs: null,
        encoding: null,
        length: null,
        memoryBytes: null,
      });
    });
  });

  it("inspects only the key under the client's prefix", async () => {
    await redis.set("shared", "unprefixed value");
    expect((await inspectKey(prefixedClient, "shared")).exists).toBe(false);
    await prefixedClient.set("shared", "12345678");
    expect(await inspectKey(prefixedClient, "shared")).toMatchObject({ exists: true, length: 8, encoding: "int" });
    expect(await inspectKey(redis, "shared")).toMatchObject({ exists: true, length: 16, encoding: "embstr" });
  });

  it("does not count as a read of the value: a large string stays unread", async () => {
    await redis.set("big", Buffer.alloc(1_000_000, 7));
    // Summed over every master, since a cluster client sends INFO to any one node.
    const outputBytes = async (): Promise<number> => {
      const infos = await Promise.all(masterNodes(redis).map((node) => node.info("stats")));
      return infos.reduce((sum, info) => sum + Number(/total_net_output_bytes:(\d+)/.exec(info)?.[1] ?? Number.NaN), 0);
    };
    const before = await outputBytes();
    expect((await inspectKey(redis, "big")).length).toBe(1_000_000);
    // Output grows by the replies only: a read of the value would add about 1 MB.
    expect((await outputBytes()) - before).toBeLessThan(100_000);
  });

  it("rejects a key that is not a string", async () => {
    const error = await inspectKey(redis, 42 as unknown as string).catch((caught: unknown) => caught);
    expect(RedisMcpError.isInstance(error) && error.code).toBe("E_INVALID_ARGUMENT");
  });
});
