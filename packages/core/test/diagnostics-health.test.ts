import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type StandaloneRedis, startRedisServer } from "@redis-mcp/test-redis";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { masterNodes, nodeAddress, type RedisClient } from "../src/client/redis-client.js";
import type { HealthFinding } from "../src/diagnostics/health-finding.js";
import { healthReport } from "../src/diagnostics/health-report.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { BUSY_LUA } from "./busy-lua.js";
import { topologies } from "./topologies.js";

/** Polls `check` until it returns true; servers change state asynchronously (replication, BGSAVE). */
async function waitFor(description: string, check: () => Promise<boolean>, attempts = 200): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${description}`);
}

async function connect(server: StandaloneRedis): Promise<Redis> {
  const redis = new Redis(server.port, "127.0.0.1", { lazyConnect: true });
  // The replication test kills a server on purpose; its client's reconnect errors are expected.
  redis.on("error", () => {});
  await redis.connect();
  return redis;
}

function findingsWith(findings: HealthFinding[], id: string): HealthFinding[] {
  return findings.filter((finding) => finding.id === id);
}

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 };

describe.each(topologies)("healthReport on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("describes every master and counts its findings", async () => {
    const report = await healthReport(redis);
    const masters = masterNodes(redis).map(nodeAddress).sort();
    expect(report.nodes.map((node) => node.node).sort()).toEqual(masters);
    for (const node of report.nodes) {
      expect(node).toMatchObject({ reachable: true, role: "master", version: expect.stringMatching(/^\d+\.\d+/), maxmemory: 0, latencyMonitoring: false });
      expect(node.usedMemory).toBeGreaterThan(0);
      expect(node.connectedClients).toBeGreaterThanOrEqual(1);
    }
    // The shared test servers run without a memory limit: one info finding per master says so.
    expect(
      findingsWith(report.findings, "maxmemory-not-set")
        .map((finding) => finding.node)
        .sort(),
    ).toEqual(masters);
    expect(report.summary).toEqual({
      critical: report.findings.filter((finding) => finding.severity === "critical").length,
      warning: report.findings.filter((finding) => finding.severity === "warning").length,
      info: report.findings.filter((finding) => finding.severity === "info").length,
    });
    const ranks = report.findings.map((finding) => SEVERITY_RANK[finding.severity]);
    expect(ranks).toEqual([...ranks].sort((left, right) => left - right));
    expect(Date.parse(report.generatedAt)).not.toBeNaN();
  });

  it("reports slow commands on the node that ran them", async () => {
    const [first] = masterNodes(redis);
    if (!first) throw new Error("no master");
    await first.eval(BUSY_LUA, 0, "50000");
    const report = await healthReport(redis);
    const slow = findingsWith(report.findings, "slow-commands").find((finding) => finding.node === nodeAddress(first));
    // Other files share this server, so the slowest entry may be theirs; it is at least as slow as ours.
    expect(slow?.evidence.worstDurationMicros).toBeGreaterThanOrEqual(50_000);
    expect(slow?.evidence.entries).toBeGreaterThanOrEqual(1);
    expect(slow?.title).toMatch(/the slowest, [A-Z|]+, took/);
  });

  it("rejects bad options before sending anything", async () => {
    for (const options of [{ slowlogEntries: 0 }, { thresholds: { memoryWarningRatio: 2 } }, { thresholds: { bogus: 1 } as never }]) {
      const error = await healthReport(redis, options).catch((caught: unknown) => caught);
      expect(RedisMcpError.isInstance(error) && error.code).toBe("E_INVALID_ARGUMENT");
    }
  });
});

describe("healthReport fault findings on private servers", () => {
  const servers: StandaloneRedis[] = [];
  const clients: Redis[] = [];
  async function start(options: Parameters<typeof startRedisServer>[0]): Promise<{ server: StandaloneRedis; redis: Redis }> {
    const server = await startRedisServer(options);
    servers.push(server);
    const redis = await connect(server);
    clients.push(redis);
    return { server, redis };
  }
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await Promise.all(servers.map((server) => server.stop()));
  });

  it("reports evictions with the numbers behind them", async () => {
    const { redis } = await start({ args: ["--maxmemory", "2mb", "--maxmemory-policy", "allkeys-lru"] });
    const value = "e".repeat(1_024);
    for (let batch = 0; batch < 6; batch++) {
      const pipeline = redis.pipeline();
      for (let index = 0; index < 1_000; index++) pipeline.set(`fill:${batch}:${index}`, value);
      await pipeline.exec();
    }
    const report = await healthReport(redis);
    const [evicted] = findingsWith(report.findings, "keys-evicted");
    expect(evicted?.severity).toBe("warning");
    expect(evicted?.evidence).toMatchObject({ maxmemory: 2 * 1024 * 1024, maxmemory_policy: "allkeys-lru" });
    expect(evicted?.evidence.evicted_keys).toBeGreaterThan(0);
    // 6,000 keys were written; whatever is gone was evicted (the report may not see later evictions).
    expect(evicted?.evidence.evicted_keys).toBeLessThanOrEqual(6_000 - (await redis.dbsize()));
    // A full allkeys-lru cache is normal operation: a warning, not critical.
    expect(findingsWith(report.findings, "memory-near-limit")[0]?.severity).toBe("warning");
    expect(findingsWith(report.findings, "noeviction-with-maxmemory")).toEqual([]);
    expect(report.nodes[0]).toMatchObject({ maxmemory: 2 * 1024 * 1024, maxmemoryPolicy: "allkeys-lru" });
  });

  it("warns that writes fail when noeviction meets a memory limit", async () => {
    const { redis } = await start({ args: ["--maxmemory", "64mb", "--maxmemory-policy", "noeviction"] });
    const report = await healthReport(redis);
    const [noEviction] = findingsWith(report.findings, "noeviction-with-maxmemory");
    expect(noEviction).toMatchObject({ severity: "warning", evidence: { maxmemory: 64 * 1024 * 1024, maxmemory_policy: "noeviction" } });
    expect(findingsWith(report.findings, "memory-near-limit")).toEqual([]);
    expect(findingsWith(report.findings, "maxmemory-not-set")).toEqual([]);
  });

  it("names the slowest command in the slowlog", async () => {
    const { redis } = await start({ args: ["--slowlog-log-slower-than", "0"] });
    await redis.set("quick", "1");
    await redis.eval(BUSY_LUA, 0, "120000");
    const report = await healthReport(redis);
    const [slow] = findingsWith(report.findings, "slow-commands");
    expect(slow?.severity).toBe("warning");
    expect(slow?.title).toMatch(/the slowest, EVAL, took/);
    expect(slow?.evidence).toMatchObject({ worstCommand: expect.stringMatching(/^eval /i), "slowlog-log-slower-than": "0" });
    expect(slow?.evidence.entries).toBeGreaterThanOrEqual(2);
    expect(slow?.evidence.worstDurationMicros).toBeGreaterThanOrEqual(120_000);
  });

  it("reports a replica whose master went down", async () => {
    const master = await start({});
    const replica = await start({ args: ["--replicaof", "127.0.0.1", String(master.server.port)] });
    await waitFor("the replica to sync", async () => /master_link_status:up/.test(await replica.redis.info("replication")));
    // After a diskless sync the master marks the replica online only at its first ACK.
    await waitFor("the master to see the replica online", async () => /slave0:.*state=online/.test(await master.redis.info("replication")));
    await master.redis.set("replicated", "1");
    const healthy = await healthReport(replica.redis);
    expect(healthy.nodes[0]?.role).toBe("replica");
    expect(findingsWith(healthy.findings, "replication-link-down")).toEqual([]);
    const masterReport = await healthReport(master.redis);
    expect(masterReport.nodes[0]?.role).toBe("master");
    expect(masterReport.findings.filter((finding) => finding.id.startsWith("replica-"))).toEqual([]);

    await master.server.node.kill();
    await waitFor("the replica to notice", async () => /master_link_status:down/.test(await replica.redis.info("replication")));
    const report = await healthReport(replica.redis);
    const [down] = findingsWith(report.findings, "replication-link-down");
    expect(down).toMatchObject({
      severity: "critical",
      node: `127.0.0.1:${replica.server.port}`,
      title: `Replica lost its link to master 127.0.0.1:${master.server.port}`,
    });
    expect(down?.evidence).toMatchObject({ master: `127.0.0.1:${master.server.port}`, master_link_status: "down" });
    expect(report.findings[0]?.severity).toBe("critical");
    expect(report.summary.critical).toBeGreaterThanOrEqual(1);
  });

  it("reports a failed background save", async () => {
    // CONFIG SET dir is a protected config since Redis 7: allow it on this private server only.
    const { redis } = await start({ args: ["--enable-protected-configs", "yes"] });
    // Redis chdir()s into `dir`; once that directory is gone the BGSAVE child cannot create its file.
    // (Tests run as root, so permissions would not stop it.)
    const doomed = await mkdtemp(join(tmpdir(), "redis-diagnostics-bgsave-"));
    await redis.config("SET", "dir", doomed);
    await rm(doomed, { recursive: true, force: true });
    await redis.set("unsaved", "1");
    await redis.bgsave();
    await waitFor("the BGSAVE to fail", async () => {
      const persistence = await redis.info("persistence");
      return /rdb_bgsave_in_progress:0/.test(persistence) && /rdb_last_bgsave_status:err/.test(persistence);
    });
    const report = await healthReport(redis);
    const [failed] = findingsWith(report.findings, "rdb-save-failed");
    expect(failed).toMatchObject({ severity: "critical", evidence: { rdb_last_bgsave_status: "err" } });
    expect(failed?.evidence.rdb_changes_since_last_save).toBeGreaterThanOrEqual(1);
    expect(report.findings[0]?.id).toBe("rdb-save-failed");
  });
});

describe("healthReport failures", () => {
  it("throws E_REDIS_UNAVAILABLE when no node answers", async () => {
    const offline = new Redis({ host: "127.0.0.1", port: 1, lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null });
    offline.on("error", () => {});
    const error = await healthReport(offline).catch((caught: unknown) => caught);
    offline.disconnect();
    expect(RedisMcpError.isInstance(error) && error.code).toBe("E_REDIS_UNAVAILABLE");
    expect((error as Error).message).toContain("127.0.0.1:1");
  });
});
