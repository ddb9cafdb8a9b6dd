import { type RedisCluster, startRedisCluster } from "@redis-mcp/test-redis";
import { useRedisCluster } from "@redis-mcp/test-redis/vitest";
import { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { masterNodes, nodeAddress, type RedisClient } from "../src/client/redis-client.js";
import { multiSet } from "../src/cluster/multi-key.js";
import { healthReport } from "../src/diagnostics/health-report.js";
import { getInfo } from "../src/diagnostics/server-info.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { topologies } from "./topologies.js";

describe.each(topologies)("getInfo on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("returns one parsed entry per master, naming each node", async () => {
    await multiSet(
      redis,
      Array.from({ length: 60 }, (_, index) => [`info:key:${index}`, "value"] as const),
    );
    const entries = await getInfo(redis);
    const masters = masterNodes(redis).map(nodeAddress).sort();
    expect(entries.map((entry) => entry.node).sort()).toEqual(masters);
    expect(new Set(entries.map((entry) => entry.node)).size).toBe(topology.name === "cluster" ? 3 : 1);
    for (const entry of entries) {
      expect(entry.role).toBe("master");
      expect(entry.info.server?.redis_version).toMatch(/^\d+\.\d+\.\d+/);
      expect(entry.info.server?.tcp_port).toBe(Number(entry.node.split(":")[1]));
      expect(entry.info.cluster?.cluster_enabled).toBe(topology.name === "cluster" ? 1 : 0);
    }
    // Every key is on exactly one master, so the keyspace sections add up to what was written.
    const keys = entries.reduce((total, entry) => total + Number((entry.info.keyspace?.db0 as { keys?: number } | undefined)?.keys ?? 0), 0);
    expect(keys).toBe(60);
  });

  it("asks only for the sections requested", async () => {
    const [memoryOnly] = await getInfo(redis, { sections: ["memory"] });
    expect(Object.keys(memoryOnly?.info ?? {})).toEqual(["memory"]);
    expect(memoryOnly?.info.memory?.used_memory).toBeGreaterThan(0);
    const [two] = await getInfo(redis, { sections: ["server", "commandstats"] });
    expect(Object.keys(two?.info ?? {}).sort()).toEqual(["commandstats", "server"]);
    expect(two?.info.commandstats?.cmdstat_info).toMatchObject({ calls: expect.any(Number), usecPerCall: expect.any(Number) });
  });

  it("treats includeReplicas as a no-op without replicas and never more than the masters", async () => {
    const entries = await getInfo(redis, { includeReplicas: true, sections: ["replication"] });
    expect(entries).toHaveLength(masterNodes(redis).length);
    expect(entries.every((entry) => entry.info.replication?.role === "master")).toBe(true);
  });

  it("rejects malformed section names before sending anything", async () => {
    for (const sections of [[], ["memory; FLUSHALL"], [""]]) {
      const error = await getInfo(redis, { sections }).catch((caught: unknown) => caught);
      expect(RedisMcpError.isInstance(error) && error.code).toBe("E_INVALID_ARGUMENT");
    }
  });
});

describe("diagnostics on a cluster with replicas", () => {
  let cluster: RedisCluster;
  let redis: Cluster;
  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1 });
    redis = new Cluster(cluster.startupNodes, { lazyConnect: true });
    await redis.connect();
  });
  afterAll(async () => {
    redis.disconnect();
    await cluster.stop();
  });

  it("adds the replicas, each with its role, when asked", async () => {
    const mastersOnly = await getInfo(redis, { sections: ["replication"] });
    expect(mastersOnly.map((entry) => entry.role)).toEqual(["master", "master", "master"]);
    const everyNode = await getInfo(redis, { sections: ["replication"], includeReplicas: true });
    const expected = cluster.nodes.map((node) => `127.0.0.1:${node.port}`).sort();
    expect(everyNode.map((entry) => entry.node).sort()).toEqual(expected);
    const replicas = everyNode.filter((entry) => entry.role === "replica");
    expect(replicas.map((entry) => entry.node).sort()).toEqual(cluster.replicas.map((node) => `127.0.0.1:${node.port}`).sort());
    for (const replica of replicas) expect(replica.info.replication?.role).toBe("slave");
  });

  it("checks replicas in the health report by default", async () => {
    const report = await healthReport(redis);
    expect(report.nodes.map((node) => node.role).sort()).toEqual(["master", "master", "master", "replica", "replica", "replica"]);
    expect(report.findings.filter((finding) => finding.id === "replication-link-down")).toEqual([]);
    const mastersOnly = await healthReport(redis, { includeReplicas: false });
    expect(mastersOnly.nodes).toHaveLength(3);
  });
});

describe("getInfo failures", () => {
  it("explains that a cluster client must be connected first", async () => {
    const lazy = new Cluster((await useRedisCluster()).startupNodes, { lazyConnect: true });
    const error = await getInfo(lazy).catch((caught: unknown) => caught);
    lazy.disconnect();
    expect(RedisMcpError.isInstance(error) && error.code).toBe("E_REDIS_UNAVAILABLE");
    expect((error as Error).message).toMatch(/^getInfo: the cluster client has no master connections yet/);
  });

  it("names the node when it cannot be reached", async () => {
    const offline = new Redis({ host: "127.0.0.1", port: 1, lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null });
    offline.on("error", () => {});
    const error = await getInfo(offline).catch((caught: unknown) => caught);
    offline.disconnect();
    expect(RedisMcpError.isInstance(error) && error.code).toBe("E_REDIS_UNAVAILABLE");
    expect((error as Error).message).toMatch(/^getInfo on 127\.0\.0\.1:1: Redis is unavailable/);
  });
});
