import { type StandaloneRedis, startRedisServer } from "@redis-mcp/test-redis";
import { useRedis, useRedisCluster } from "@redis-mcp/test-redis/vitest";
import { Cluster, Redis } from "ioredis";
import { Redis as Redis5 } from "ioredis-v5";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { masterNodes, nodeAddress, type RedisClient } from "../src/client/redis-client.js";
import { latencyDoctor, latencyLatest } from "../src/diagnostics/latency.js";
import { memoryDoctor, memoryStats, memoryUsage } from "../src/diagnostics/memory.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { BUSY_LUA } from "./busy-lua.js";
import { topologies } from "./topologies.js";

describe.each(topologies)("memory diagnostics on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("measures keys wherever they live, and says null for a missing key", async () => {
    const keys = Array.from({ length: 12 }, (_, index) => `memory:blob:${index}`);
    await Promise.all(keys.map((key) => redis.set(key, "x".repeat(4_000))));
    await redis.hset("memory:hash", Object.fromEntries(Array.from({ length: 200 }, (_, index) => [`field${index}`, "v".repeat(50)])));
    for (const key of keys) expect(await memoryUsage(redis, key)).toBeGreaterThanOrEqual(4_000);
    const sampled = await memoryUsage(redis, "memory:hash", { samples: 5 });
    const exact = await memoryUsage(redis, "memory:hash", { samples: 0 });
    expect(exact).toBeGreaterThan(200 * 50);
    expect(sampled).toBeGreaterThan(0);
    expect(await memoryUsage(redis, "memory:missing")).toBeNull();
  });

  it("rejects bad input before sending anything", async () => {
    for (const attempt of [
      () => memoryUsage(redis, "k", { samples: -1 }),
      () => memoryUsage(redis, "k", { samples: 1.5 }),
      () => memoryUsage(redis, 42 as never),
    ]) {
      const error = await attempt().catch((caught: unknown) => caught);
      expect(RedisMcpError.isInstance(error) && error.code).toBe("E_INVALID_ARGUMENT");
    }
  });

  it("returns MEMORY STATS and MEMORY DOCTOR per master", async () => {
    await redis.set("memory:stats", "value");
    const stats = await memoryStats(redis);
    const masters = masterNodes(redis).map(nodeAddress).sort();
    expect(stats.map((entry) => entry.node).sort()).toEqual(masters);
    for (const entry of stats) {
      expect(entry.stats["peak.allocated"]).toBeGreaterThan(0);
      expect(typeof entry.stats["dataset.percentage"]).toBe("number");
    }
    expect(stats.some((entry) => typeof entry.stats["db.0"] === "object")).toBe(true);
    const doctor = await memoryDoctor(redis);
    expect(doctor.map((entry) => entry.node).sort()).toEqual(masters);
    for (const entry of doctor) expect(entry.report).toMatch(/Sam/);
  });

  it("reports latency monitoring as off on servers with the default threshold, with a hint", async () => {
    const latest = await latencyLatest(redis);
    expect(latest.map((entry) => entry.node).sort()).toEqual(masterNodes(redis).map(nodeAddress).sort());
    for (const entry of latest) {
      expect(entry).toMatchObject({ monitoring: false, thresholdMs: 0, hint: expect.stringContaining("CONFIG SET latency-monitor-threshold") });
      expect(Array.isArray(entry.events)).toBe(true);
    }
    const doctor = await latencyDoctor(redis);
    for (const entry of doctor) expect(entry).toMatchObject({ monitoring: false, report: expect.stringMatching(/Dave/) });
  });
});

describe("memoryUsage with a keyPrefix", () => {
  it.each(["standalone", "cluster", "standalone ioredis 5"])("measures the prefixed key on %s", async (kind) => {
    const plain = kind === "cluster" ? new Cluster((await useRedisCluster()).startupNodes) : new Redis((await useRedis()).port);
    const prefixed: RedisClient =
      kind === "cluster"
        ? new Cluster((await useRedisCluster()).startupNodes, { keyPrefix: "app:" })
        : kind === "standalone"
          ? new Redis((await useRedis()).port, { keyPrefix: "app:" })
          : (new Redis5((await useRedis()).port, { keyPrefix: "app:" }) as unknown as Redis);
    try {
      await plain.set("app:prefixed-blob", "z".repeat(3_000));
      await plain.set("prefixed-blob", "z");
      const viaPrefix = await memoryUsage(prefixed, "prefixed-blob");
      expect(viaPrefix).toBe(await memoryUsage(plain, "app:prefixed-blob"));
      expect(viaPrefix).toBeGreaterThanOrEqual(3_000);
      expect(await memoryUsage(prefixed, "nothing-here")).toBeNull();
    } finally {
      plain.disconnect();
      prefixed.disconnect();
    }
  });
});

describe("latency monitoring on a private server", () => {
  let server: StandaloneRedis;
  let redis: Redis;
  beforeAll(async () => {
    server = await startRedisServer({ args: ["--latency-monitor-threshold", "5"] });
    redis = new Redis(server.port, { lazyConnect: true });
    await redis.connect();
  });
  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  it("shows recorded spikes and the doctor's analysis when monitoring is on", async () => {
    await redis.eval(BUSY_LUA, 0, "20000");
    const [latest] = await latencyLatest(redis);
    expect(latest).toMatchObject({ node: nodeAddress(redis), monitoring: true, thresholdMs: 5 });
    expect(latest?.hint).toBeUndefined();
    const command = latest?.events.find((event) => event.event === "command");
    expect(command?.maxMs).toBeGreaterThanOrEqual(5);
    expect(command?.timestamp).toBeGreaterThan(1_600_000_000);
    const [doctor] = await latencyDoctor(redis);
    expect(doctor).toMatchObject({ monitoring: true, thresholdMs: 5 });
    expect(doctor?.report).toMatch(/command/);
  });
});
