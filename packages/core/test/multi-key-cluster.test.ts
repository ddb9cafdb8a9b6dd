import { useRedisCluster } from "@redis-mcp/test-redis/vitest";
import { Cluster, type Redis } from "ioredis";
import { Cluster as Cluster5 } from "ioredis-v5";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectCapabilities } from "../src/capabilities/capabilities.js";
import { nodeAddress, type RedisClient } from "../src/client/redis-client.js";
import { type ClusterMultiKeyPath, multiDelete, multiExists, readKeys, writeKeys } from "../src/cluster/multi-key.js";
import { slotOf } from "../src/cluster/slots.js";

const PATHS: ClusterMultiKeyPath[] = ["script", "per-slot"];
const keys = Array.from({ length: 1000 }, (_, index) => `item:${index}`);

/** Calls of each command on a node so far (INFO commandstats), to see which path did the work. */
async function commandCalls(node: Redis): Promise<Record<string, number>> {
  const calls: Record<string, number> = {};
  for (const match of (await node.info("commandstats")).matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls[match[1] as string] = Number(match[2]);
  return calls;
}

async function callsOnMasters(client: Cluster): Promise<Map<string, Record<string, number>>> {
  const masters = client.nodes("master");
  return new Map(await Promise.all(masters.map(async (node) => [nodeAddress(node), await commandCalls(node)] as const)));
}

function added(before: Record<string, number> | undefined, after: Record<string, number> | undefined, command: string): number {
  return (after?.[command] ?? 0) - (before?.[command] ?? 0);
}

describe.each(PATHS)("multi-key operations on a cluster, %s path", (path) => {
  let cluster: Cluster;
  beforeAll(async () => {
    const shared = await useRedisCluster();
    cluster = new Cluster(shared.startupNodes, { lazyConnect: true });
    await cluster.connect();
    if (path === "script") {
      // The script path needs Redis 7 script flags; every server the suite runs (7.0, 7.4, Valkey 8) has them.
      expect((await detectCapabilities(cluster)).scriptFlags).toBe(true);
    }
  });
  afterAll(() => cluster.disconnect());

  it("writes and reads 1,000 keys across slots in the caller's order, with MGET's nulls", async () => {
    await writeKeys(
      cluster,
      keys.map((key) => [key, `value-of-${key}`] as const),
      {},
      path,
    );
    await cluster.hset("item:hash", "field", "value");
    const asked = [...[...keys].reverse(), "missing:key", "item:hash"];
    const values = await readKeys<string>(cluster, "multiGet", asked, {}, false, path);
    expect(values.slice(0, 1000)).toEqual([...keys].reverse().map((key) => `value-of-${key}`));
    expect(values.slice(1000)).toEqual([null, null]);
  });

  it("asks each master once per chunk, on its own connection", async () => {
    await writeKeys(
      cluster,
      keys.map((key) => [key, "v"] as const),
      {},
      path,
    );
    const before = await callsOnMasters(cluster);
    await readKeys<string>(cluster, "multiGet", keys, { chunkSize: 200 }, false, path);
    const after = await callsOnMasters(cluster);
    const slotsPerNode = new Map<string, Set<number>>();
    const keysPerNode = new Map<string, number>();
    for (const key of keys) {
      const address = cluster.slots[slotOf(key)]?.[0] as string;
      keysPerNode.set(address, (keysPerNode.get(address) ?? 0) + 1);
      slotsPerNode.set(address, (slotsPerNode.get(address) ?? new Set()).add(slotOf(key)));
    }
    expect(keysPerNode.size).toBe(3);
    for (const [address, count] of keysPerNode) {
      if (path === "script") {
        expect(added(before.get(address), after.get(address), "evalsha")).toBe(Math.ceil(count / 200));
        // GETs run inside the script, one per key (commandstats counts them): none came from elsewhere.
        expect(added(before.get(address), after.get(address), "get")).toBe(count);
        expect(added(before.get(address), after.get(address), "mget")).toBe(0);
      } else {
        expect(added(before.get(address), after.get(address), "mget")).toBe(slotsPerNode.get(address)?.size);
        expect(added(before.get(address), after.get(address), "evalsha")).toBe(0);
        expect(added(before.get(address), after.get(address), "get")).toBe(0);
      }
    }
  });

  it("loads its script on a master that does not have it (NOSCRIPT) and still answers", async () => {
    await writeKeys(
      cluster,
      keys.map((key) => [key, `v-${key}`] as const),
      {},
      path,
    );
    // A server restart or SCRIPT FLUSH empties the script cache.
    await Promise.all(cluster.nodes("master").map((node) => node.script("FLUSH")));
    const before = await callsOnMasters(cluster);
    expect(await readKeys<string>(cluster, "multiGet", keys, {}, false, path)).toEqual(keys.map((key) => `v-${key}`));
    const after = await callsOnMasters(cluster);
    for (const [address, calls] of after) {
      expect(added(before.get(address), calls, "eval")).toBe(path === "script" ? 1 : 0);
    }
  });

  it("sets a TTL on every key and round-trips binary values", async () => {
    const bytes = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0a]);
    await writeKeys(
      cluster,
      [
        ["bin:1", bytes],
        ["bin:2", Buffer.from("plain")],
        ["{other}:3", bytes],
      ],
      { ttlMs: 60_000 },
      path,
    );
    for (const key of ["bin:1", "bin:2", "{other}:3"]) {
      const ttl = await cluster.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    }
    const [first, second, third, missing] = await readKeys<Buffer>(cluster, "multiGetBuffer", ["bin:1", "bin:2", "{other}:3", "bin:none"], {}, true, path);
    expect(first?.equals(bytes)).toBe(true);
    expect(second?.toString()).toBe("plain");
    expect(third?.equals(bytes)).toBe(true);
    expect(missing).toBeNull();
  });

  it.each([
    ["the cluster option", { keyPrefix: "app:" }],
    ["redisOptions", { redisOptions: { keyPrefix: "app:" } }],
  ])("applies a keyPrefix given in %s exactly once", async (_where, options) => {
    const shared = await useRedisCluster();
    const prefixed = new Cluster(shared.startupNodes, { ...options, lazyConnect: true });
    await prefixed.connect();
    try {
      const names = Array.from({ length: 50 }, (_, index) => `user:${index}`);
      await writeKeys(
        prefixed,
        names.map((name) => [name, `v-${name}`] as const),
        {},
        path,
      );
      expect(await cluster.get("app:user:7")).toBe("v-user:7");
      expect(await cluster.exists("user:7")).toBe(0);
      expect(await cluster.exists("app:app:user:7")).toBe(0);
      expect(await readKeys<string>(prefixed, "multiGet", names, {}, false, path)).toEqual(names.map((name) => `v-${name}`));
      expect(await multiExists(prefixed, names)).toBe(50);
      expect(await multiDelete(prefixed, names)).toBe(50);
      expect(await cluster.exists("app:user:7")).toBe(0);
    } finally {
      prefixed.disconnect();
    }
  });

  it("works with a caller's ioredis 5 cluster client", async () => {
    const shared = await useRedisCluster();
    const legacy = new Cluster5(shared.startupNodes, { keyPrefix: "v5:", lazyConnect: true });
    await legacy.connect();
    try {
      const client = legacy as unknown as RedisClient;
      await writeKeys(
        client,
        keys.slice(0, 300).map((key) => [key, `v5-${key}`] as const),
        {},
        path,
      );
      expect(await cluster.get("v5:item:299")).toBe("v5-item:299");
      expect(await readKeys<string>(client, "multiGet", [...keys.slice(0, 300), "item:none"], {}, false, path)).toEqual([
        ...keys.slice(0, 300).map((key) => `v5-${key}`),
        null,
      ]);
    } finally {
      legacy.disconnect();
    }
  });
});
