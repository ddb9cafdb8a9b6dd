import { type RedisCluster, redisBloomModulePath, type StandaloneRedis, startRedisCluster, startRedisServer } from "@redis-mcp/test-redis";
import { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { masterNodes, type RedisClient } from "../src/client/redis-client.js";
import { callModuleCommand, callModuleCommands } from "../src/commands/module-command.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { addToBloomFilter, checkBloomFilter } from "../src/probabilistic/bloom-by-name.js";
import { createBloomFilter } from "../src/probabilistic/bloom-filter.js";

const SIZING = { capacity: 10_000, errorRate: 0.01 };

/** Every key on every master, with no prefix applied: what really is in Redis. */
async function allKeys(raw: RedisClient): Promise<string[]> {
  const keys: string[] = [];
  for (const node of masterNodes(raw)) {
    let cursor = "0";
    do {
      const [next, page] = await node.scan(cursor, "COUNT", 1000);
      keys.push(...page);
      cursor = next;
    } while (cursor !== "0");
  }
  return keys.sort();
}

async function codeOf(work: Promise<unknown>): Promise<string | undefined> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return RedisMcpError.isInstance(error) ? error.code : `not coded: ${String(error)}`;
}

async function readsProcessed(raw: Redis): Promise<number> {
  return Number(/total_reads_processed:(\d+)/.exec(await raw.info("stats"))?.[1]);
}

describe("module commands under a keyPrefix, against RedisBloom (standalone)", () => {
  let server: StandaloneRedis;
  let raw: Redis;
  let tenantA: Redis;
  let tenantB: Redis;
  beforeAll(async () => {
    server = await startRedisServer({ args: ["--loadmodule", redisBloomModulePath()] });
    raw = new Redis(server.port);
    tenantA = new Redis(server.port, { keyPrefix: "tenantA:" });
    tenantB = new Redis(server.port, { keyPrefix: "tenantB:" });
  });
  afterAll(async () => {
    for (const client of [raw, tenantA, tenantB]) client?.disconnect();
    await server?.stop();
  });
  beforeEach(() => raw.flushall());

  it("shows the hole it closes: client.call does not prefix a module command", async () => {
    await tenantA.call("BF.MADD", "leak", "a");
    expect(await allKeys(raw)).toEqual(["leak"]);
  });

  it("applies the prefix to the key of BF.MADD / BF.MEXISTS / BF.INFO", async () => {
    expect(await callModuleCommand(tenantA, ["BF.MADD", "f", "a", "b"])).toEqual([1, 1]);
    expect(await allKeys(raw)).toEqual(["tenantA:f"]);
    expect(await callModuleCommand(tenantA, ["BF.MEXISTS", "f", "a", "z"])).toEqual([1, 0]);
    const info = (await callModuleCommand(tenantA, ["BF.INFO", "f"])) as unknown[];
    expect(info[info.indexOf("Number of items inserted") + 1]).toBe(2);
    // The other tenant's filter of the same name is another key.
    expect(await callModuleCommand(tenantB, ["BF.MEXISTS", "f", "a"])).toEqual([0]);
    expect(await allKeys(raw)).toEqual(["tenantA:f"]);
  });

  it("keeps a Bloom filter by name inside the prefix, and another tenant cannot see it", async () => {
    expect(await addToBloomFilter(tenantA, "seen", ["x", "y"], SIZING)).toEqual({ implementation: "redisbloom", added: [true, true] });
    expect(await checkBloomFilter(tenantA, "seen", ["x", "q"])).toEqual({ exists: true, implementation: "redisbloom", present: [true, false] });
    expect(await allKeys(raw)).toEqual(["tenantA:bloom:{seen}:filter", "tenantA:bloom:{seen}:parameters"]);
    expect(await raw.call("BF.MEXISTS", "tenantA:bloom:{seen}:filter", "x", "y")).toEqual([1, 1]);
    expect(await checkBloomFilter(tenantB, "seen", ["x"])).toEqual({ exists: false, present: [false] });
    expect(await allKeys(raw)).toEqual(["tenantA:bloom:{seen}:filter", "tenantA:bloom:{seen}:parameters"]);
  });

  it("reports the prefixed filter's own counts through createBloomFilter's info", async () => {
    const filter = await createBloomFilter(tenantA, { key: "counted", ...SIZING });
    await filter.add(["a", "b", "c"]);
    expect((await filter.info()).itemsAdded).toBe(3);
    expect(await allKeys(raw)).toEqual(["tenantA:bloom:{counted}:filter", "tenantA:bloom:{counted}:parameters"]);
  });

  it("adds in one round trip after the first use (COMMAND INFO is asked once per client)", async () => {
    await addToBloomFilter(tenantA, "trips", ["warm-up"], SIZING);
    const before = await readsProcessed(raw);
    await addToBloomFilter(tenantA, "trips", ["a", "b"], SIZING);
    // HMGET (open) and BF.MADD: two round trips, as without a prefix; nothing else is asked.
    expect((await readsProcessed(raw)) - before - 1).toBe(2);
  });

  it("splits long item lists into several commands of one pipeline", async () => {
    const items = Array.from({ length: 10_000 }, (_, index) => `item:${index}`);
    const { added } = await addToBloomFilter(tenantA, "big", items, SIZING);
    expect(added).toHaveLength(10_000);
    expect(added.filter(Boolean).length).toBeGreaterThan(9_900);
    expect((await checkBloomFilter(tenantA, "big", items)).present.every(Boolean)).toBe(true);
    expect(await allKeys(raw)).toEqual(["tenantA:bloom:{big}:filter", "tenantA:bloom:{big}:parameters"]);
  });

  it("prefixes Buffer keys and passes binary items unchanged", async () => {
    await callModuleCommand(tenantA, ["BF.MADD", Buffer.from("bin"), Buffer.from([0xff, 0x00])]);
    expect(await allKeys(raw)).toEqual(["tenantA:bin"]);
    expect(await raw.call("BF.EXISTS", "tenantA:bin", Buffer.from([0xff, 0x00]))).toBe(1);
  });

  it("finds argument-dependent keys with COMMAND GETKEYS (movable keys)", async () => {
    await tenantA.zadd("a", 1, "one");
    await tenantA.zadd("b", 2, "two");
    await raw.zadd("a", 9, "outsider");
    expect(await callModuleCommand(tenantA, ["ZUNIONSTORE", "dest", "2", "a", "b"])).toBe(2);
    expect(await raw.zrange("tenantA:dest", "0", "-1")).toEqual(["one", "two"]);
    expect(await allKeys(raw)).toEqual(["a", "tenantA:a", "tenantA:b", "tenantA:dest"]);
  });

  it("refuses, sending nothing, what cannot be confined to the prefix", async () => {
    await raw.set("5", "untouched");
    // A key name that is also a non-key argument: which one is the key is ambiguous.
    expect(await codeOf(callModuleCommand(tenantA, ["ZUNIONSTORE", "5", "1", "a", "WEIGHTS", "5"]))).toBe("E_UNSUPPORTED");
    // Unknown to the server, declared keyless, or known to under-declare its keys.
    expect(await codeOf(callModuleCommand(tenantA, ["NO.SUCH.COMMAND", "k"]))).toBe("E_UNSUPPORTED");
    expect(await codeOf(callModuleCommand(tenantA, ["PING"]))).toBe("E_UNSUPPORTED");
    expect(await codeOf(callModuleCommand(tenantA, ["CMS.MERGE", "dest", "1", "src"]))).toBe("E_UNSUPPORTED");
    expect(await allKeys(raw)).toEqual(["5"]);
    const error = await callModuleCommand(tenantA, ["CMS.MERGE", "dest", "1", "src"]).catch((caught: unknown) => caught as Error);
    expect((error as Error).message).toContain('key prefix "tenantA:"');
  });

  it("maps the module's error replies to coded errors naming the operation", async () => {
    await tenantA.set("text", "not a filter");
    const error = await callModuleCommand(tenantA, ["BF.MADD", "text", "a"]).catch((caught: unknown) => caught);
    expect(RedisMcpError.isInstance(error) && error.code).toBe("E_WRONG_TYPE");
    expect((error as Error).message).toMatch(/^BF\.MADD text: /);
  });

  it("sends commands unchanged on a client without a prefix", async () => {
    expect(
      await callModuleCommands(raw, [
        ["BF.MADD", "plain", "a"],
        ["BF.MEXISTS", "plain", "a", "b"],
      ]),
    ).toEqual([[1], [1, 0]]);
    expect(await allKeys(raw)).toEqual(["plain"]);
  });

  it("rejects malformed commands before sending anything", async () => {
    expect(await codeOf(callModuleCommands(tenantA, []))).toBe("E_INVALID_ARGUMENT");
    expect(await codeOf(callModuleCommand(tenantA, ["", "k"]))).toBe("E_INVALID_ARGUMENT");
    expect(await codeOf(callModuleCommand(tenantA, ["BF.MADD", "k", { not: "an argument" } as unknown as string]))).toBe("E_INVALID_ARGUMENT");
    expect(await codeOf(callModuleCommand(tenantA, ["BF.MADD", "k", ...Array.from({ length: 7_000 }, String)]))).toBe("E_INVALID_ARGUMENT");
    expect(await allKeys(raw)).toEqual([]);
  });
});

describe("module commands under a keyPrefix, against RedisBloom (cluster)", () => {
  let cluster: RedisCluster;
  let raw: Cluster;
  let tenantA: Cluster;
  let tenantB: Cluster;
  beforeAll(async () => {
    cluster = await startRedisCluster({ args: ["--loadmodule", redisBloomModulePath()] });
    raw = new Cluster(cluster.startupNodes);
    tenantA = new Cluster(cluster.startupNodes, { keyPrefix: "tenantA:" });
    tenantB = new Cluster(cluster.startupNodes, { keyPrefix: "tenantB:" });
    await Promise.all([raw, tenantA, tenantB].map((client) => client.ping()));
  }, 60_000);
  afterAll(async () => {
    for (const client of [raw, tenantA, tenantB]) client?.disconnect();
    await cluster?.stop();
  });
  beforeEach(async () => {
    await Promise.all(masterNodes(raw).map((node) => node.flushall()));
  });

  it("keeps Bloom filters inside the prefix on every node, and another tenant cannot see them", async () => {
    const names = Array.from({ length: 12 }, (_, index) => `filter-${index}`);
    for (const name of names) await addToBloomFilter(tenantA, name, [name, "shared"], SIZING);
    for (const name of names) expect((await checkBloomFilter(tenantA, name, [name, "never"])).present).toEqual([true, false]);
    const keys = await allKeys(raw);
    expect(keys).toHaveLength(names.length * 2);
    expect(keys.every((key) => key.startsWith("tenantA:bloom:{"))).toBe(true);
    // The filters are spread over the masters: the routing followed the prefixed keys.
    const perNode = await Promise.all(masterNodes(raw).map((node) => node.dbsize()));
    expect(perNode.filter((count) => count > 0).length).toBeGreaterThan(1);
    expect(await checkBloomFilter(tenantB, "filter-0", ["filter-0"])).toEqual({ exists: false, present: [false] });
  });

  it("routes module commands without a prefix to the keys' node", async () => {
    expect(
      await callModuleCommands(raw, [
        ["BF.MADD", "{t}:f", "a"],
        ["BF.MEXISTS", "{t}:f", "a", "b"],
      ]),
    ).toEqual([[1], [1, 0]]);
    expect(await allKeys(raw)).toEqual(["{t}:f"]);
  });

  it("refuses keys of one call that hash to different slots, sending nothing", async () => {
    expect(
      await codeOf(
        callModuleCommands(tenantA, [
          ["BF.MADD", "one", "a"],
          ["BF.MADD", "two", "a"],
        ]),
      ),
    ).toBe("E_CROSSSLOT");
    expect(await allKeys(raw)).toEqual([]);
  });
});
