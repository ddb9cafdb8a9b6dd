import { randomUUID } from "node:crypto";
import { useRedis, useRedisCluster } from "@redis-mcp/test-redis/vitest";
import { Cluster, Redis } from "ioredis";
import { Redis as Redis5 } from "ioredis-v5";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { masterNodes, nodeAddress, type RedisClient } from "../src/client/redis-client.js";
import { keyPattern } from "../src/diagnostics/key-pattern.js";
import { sampleKeyspace } from "../src/diagnostics/keyspace-sampler.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { topologies } from "./topologies.js";

/** Sends `commands` in concurrent chunks (a cluster pipeline cannot span nodes). */
async function inChunks(commands: (() => Promise<unknown>)[], size = 500): Promise<void> {
  for (let start = 0; start < commands.length; start += size) await Promise.all(commands.slice(start, start + size).map((command) => command()));
}

/** Calls of one command summed over the masters, from INFO commandstats. */
async function commandCalls(redis: RedisClient, command: string): Promise<number> {
  const texts = await Promise.all(masterNodes(redis).map((node) => node.info("commandstats")));
  return texts.reduce((total, text) => total + Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(text)?.[1] ?? 0), 0);
}

const TRUTH = {
  "user:{id}:profile": 2_000,
  "session:{id}": 1_500,
  "cache:v2:/api/items?page={id}": 1_000,
  "queue:{id}:jobs": 500,
};

describe.each(topologies)("sampleKeyspace on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  async function seed(): Promise<void> {
    const commands: (() => Promise<unknown>)[] = [];
    for (let index = 0; index < 2_000; index++)
      commands.push(() => redis.hset(`user:${100_000 + index}:profile`, { name: `user ${index}`, plan: "free", visits: index }));
    for (let index = 0; index < 1_500; index++) commands.push(() => redis.set(`session:${randomUUID()}`, "s".repeat(500), "PX", 3_600_000));
    for (let index = 0; index < 1_000; index++)
      commands.push(() => redis.set(`cache:v2:/api/items?page=${index}`, "c".repeat(2_000), "PX", 60_000 + index * 500));
    for (let index = 0; index < 500; index++) commands.push(() => redis.rpush(`queue:${index}:jobs`, "job-a", "job-b", "job-c", "job-d", "job-e"));
    await inChunks(commands);
  }

  it("estimates namespaces of 5,000 keys within 25% and describes their types, TTLs and memory", async () => {
    await seed();
    const randomKeysBefore = await commandCalls(redis, "randomkey");
    const typesBefore = await commandCalls(redis, "type");
    const summary = await sampleKeyspace(redis, { samples: 2_000 });

    expect(summary.other).toBeNull();
    expect(summary.namespaces.map((namespace) => namespace.pattern).sort()).toEqual(Object.keys(TRUTH).sort());
    for (const namespace of summary.namespaces) {
      const truth = TRUTH[namespace.pattern as keyof typeof TRUTH];
      expect(namespace.estimatedCount, namespace.pattern).toBeGreaterThanOrEqual(truth * 0.75);
      expect(namespace.estimatedCount, namespace.pattern).toBeLessThanOrEqual(truth * 1.25);
      expect(namespace.exampleKeys).toHaveLength(3);
      for (const example of namespace.exampleKeys) expect(keyPattern(example)).toBe(namespace.pattern);
      expect(namespace.memory.estimatedTotalBytes).toBeGreaterThan(namespace.memory.averageBytes);
    }
    const byPattern = Object.fromEntries(summary.namespaces.map((namespace) => [namespace.pattern, namespace]));
    const users = byPattern["user:{id}:profile"];
    const sessions = byPattern["session:{id}"];
    const cache = byPattern["cache:v2:/api/items?page={id}"];
    const queues = byPattern["queue:{id}:jobs"];
    expect(users?.types).toEqual({ hash: users?.sampledKeys });
    expect(queues?.types).toEqual({ list: queues?.sampledKeys });
    expect(sessions?.types).toEqual({ string: sessions?.sampledKeys });
    expect(users?.ttl).toEqual({ withTtl: 0, withoutTtl: users?.sampledKeys, minMs: null, medianMs: null, maxMs: null });
    expect(sessions?.ttl.withoutTtl).toBe(0);
    expect(sessions?.ttl.minMs).toBeGreaterThan(0);
    expect(sessions?.ttl.maxMs).toBeLessThanOrEqual(3_600_000);
    expect(cache?.ttl.maxMs).toBeLessThanOrEqual(560_000);
    expect(cache?.ttl.minMs).toBeLessThan(cache?.ttl.medianMs ?? 0);
    expect(cache?.ttl.medianMs).toBeLessThan(cache?.ttl.maxMs ?? 0);
    // Values of 2,000 and 500 bytes: the biggest namespaces by memory come first.
    expect(cache?.memory.averageBytes).toBeGreaterThan(2_000);
    expect(sessions?.memory.averageBytes).toBeGreaterThan(500);
    expect(sessions?.memory.averageBytes).toBeLessThan(cache?.memory.averageBytes ?? 0);
    expect(summary.namespaces.slice(0, 2).map((namespace) => namespace.pattern)).toEqual(["cache:v2:/api/items?page={id}", "session:{id}"]);
    expect(cache?.memory.estimatedTotalBytes).toBeGreaterThan(2_000 * 1_000 * 0.75);

    expect(summary.totals.totalKeys).toBe(5_000);
    expect(summary.totals.samples).toBe(2_000);
    expect(summary.totals.keysOutsidePrefix).toBe(0);
    expect(summary.totals.nodes.map((node) => node.node).sort()).toEqual(masterNodes(redis).map(nodeAddress).sort());
    expect(summary.totals.nodes.reduce((total, node) => total + node.samples, 0)).toBe(2_000);
    expect(summary.totals.nodes.reduce((total, node) => total + node.keys, 0)).toBe(5_000);
    for (const node of summary.totals.nodes) expect(node.samples).toBeGreaterThan(0);
    // Exactly one RANDOMKEY per sample, and TYPE once per distinct key rather than per draw.
    expect((await commandCalls(redis, "randomkey")) - randomKeysBefore).toBe(2_000);
    expect((await commandCalls(redis, "type")) - typesBefore).toBe(summary.totals.sampledKeys);
    expect(summary.totals.sampledKeys).toBeLessThan(2_000);
  });

  it("lists the biggest namespaces and adds up the rest", async () => {
    await seed();
    const summary = await sampleKeyspace(redis, { samples: 500, maxNamespaces: 2, exampleKeys: 1 });
    expect(summary.namespaces).toHaveLength(2);
    expect(summary.namespaces.every((namespace) => namespace.exampleKeys.length === 1)).toBe(true);
    expect(summary.other?.namespaces).toBe(2);
    const listed = summary.namespaces.reduce((total, namespace) => total + namespace.sampledKeys, 0);
    expect(listed + (summary.other?.sampledKeys ?? 0)).toBe(summary.totals.sampledKeys);
  });

  it("describes an empty database as empty", async () => {
    const summary = await sampleKeyspace(redis);
    expect(summary).toMatchObject({ namespaces: [], other: null, totals: { totalKeys: 0, samples: 0, sampledKeys: 0 } });
  });

  it("rejects bad options before sending anything", async () => {
    for (const options of [
      { samples: 0 },
      { samples: 100_001 },
      { maxNamespaces: 0 },
      { exampleKeys: -1 },
      { batchSize: 0 },
      { memorySamples: -1 },
      { samples: 2.5 },
    ]) {
      const error = await sampleKeyspace(redis, options).catch((caught: unknown) => caught);
      expect(RedisMcpError.isInstance(error) && error.code, JSON.stringify(options)).toBe("E_INVALID_ARGUMENT");
    }
  });
});

describe("sampleKeyspace with a keyPrefix", () => {
  it.each(["standalone", "cluster", "standalone ioredis 5"])("shows names without the prefix and only counts other keys on %s", async (kind) => {
    const plain: RedisClient = kind === "cluster" ? new Cluster((await useRedisCluster()).startupNodes) : new Redis((await useRedis()).port);
    const prefixed: RedisClient =
      kind === "cluster"
        ? new Cluster((await useRedisCluster()).startupNodes, { keyPrefix: "app:" })
        : kind === "standalone"
          ? new Redis((await useRedis()).port, { keyPrefix: "app:" })
          : (new Redis5((await useRedis()).port, { keyPrefix: "app:" }) as unknown as Redis);
    try {
      const commands: (() => Promise<unknown>)[] = [];
      for (let index = 0; index < 300; index++) commands.push(() => plain.set(`app:order:${index}`, "o".repeat(1_000)));
      for (let index = 0; index < 100; index++) commands.push(() => plain.set(`other:${index}`, "x"));
      await inChunks(commands);
      const summary = await sampleKeyspace(prefixed, { samples: 400 });
      expect(summary.namespaces.map((namespace) => namespace.pattern)).toEqual(["order:{id}"]);
      const [orders] = summary.namespaces;
      expect(orders?.exampleKeys.every((key) => key.startsWith("order:"))).toBe(true);
      // MEMORY USAGE found the prefixed keys (1,000-byte values), not the unprefixed names.
      expect(orders?.memory.averageBytes).toBeGreaterThan(1_000);
      expect(orders?.types).toEqual({ string: orders?.sampledKeys });
      expect(summary.totals.totalKeys).toBe(400);
      expect(summary.totals.keysOutsidePrefix).toBeGreaterThan(40);
      expect(summary.totals.keysOutsidePrefix).toBeLessThan(170);
      expect((orders?.estimatedCount ?? 0) + summary.totals.keysOutsidePrefix).toBeGreaterThanOrEqual(399);
    } finally {
      plain.disconnect();
      prefixed.disconnect();
    }
  });
});
