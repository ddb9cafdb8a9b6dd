import { type RedisCluster, type StandaloneRedis, startRedisCluster, startRedisServer } from "@redis-mcp/test-redis";
import { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import { healthReport } from "../src/diagnostics/health-report.js";
import { getSlowlog, resetSlowlog } from "../src/diagnostics/slowlog.js";

// Every command is logged (slowlog-log-slower-than 0), so the log holds both tenants' work.
const LOG_EVERYTHING = ["--slowlog-log-slower-than", "0", "--slowlog-max-len", "1024"];
const FOREIGN_VALUE = "tenant-b-private-value";

interface Setup {
  name: string;
  start(): Promise<{ raw: RedisClient; tenantA: RedisClient; stop(): Promise<void> }>;
}

const setups: Setup[] = [
  {
    name: "standalone",
    async start() {
      const server: StandaloneRedis = await startRedisServer({ args: LOG_EVERYTHING });
      const raw = new Redis(server.port);
      const tenantA = new Redis(server.port, { keyPrefix: "tenantA:" });
      return {
        raw,
        tenantA,
        async stop() {
          raw.disconnect();
          tenantA.disconnect();
          await server.stop();
        },
      };
    },
  },
  {
    name: "cluster",
    async start() {
      const cluster: RedisCluster = await startRedisCluster({ args: LOG_EVERYTHING });
      const raw = new Cluster(cluster.startupNodes);
      const tenantA = new Cluster(cluster.startupNodes, { keyPrefix: "tenantA:" });
      await Promise.all([raw.ping(), tenantA.ping()]);
      return {
        raw,
        tenantA,
        async stop() {
          raw.disconnect();
          tenantA.disconnect();
          await cluster.stop();
        },
      };
    },
  },
];

describe.each(setups)("diagnostics within a key prefix on $name", (setup) => {
  let raw: RedisClient;
  let tenantA: RedisClient;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ raw, tenantA, stop } = await setup.start());
  }, 60_000);
  afterAll(() => stop());
  beforeEach(async () => {
    await resetSlowlog(raw);
    // Another tenant's work, an unscoped admin's keyless commands, and a command that spans both.
    await raw.set("tenantB:secret", FOREIGN_VALUE);
    await raw.hset("tenantB:profile", "email", "b@example.com");
    await raw.call("CONFIG", "GET", "maxmemory");
    await raw.eval("return redis.call('GET', KEYS[1])", 1, "tenantB:secret");
    // Tenant A's own work: plain commands, a script, and a multi-key command within its prefix.
    await tenantA.set("mine", "a-value");
    await tenantA.eval("return redis.call('GET', KEYS[1])", 1, "mine");
    await tenantA.mset("{t}:x", "1", "{t}:y", "2");
  });

  it("getSlowlog shows only the prefix's entries, keys without it, no client addresses", async () => {
    const entries = await getSlowlog(tenantA, { count: 1000, withinKeyPrefix: true });
    const text = JSON.stringify(entries);
    expect(text).not.toContain("tenantB");
    expect(text).not.toContain(FOREIGN_VALUE);
    expect(text).not.toContain("tenantA:");
    expect(text).not.toMatch(/config|maxmemory/i);
    const commands = entries.map((entry) => entry.command.join(" ").toLowerCase());
    expect(commands).toContain("set mine a-value");
    expect(commands).toContain("mset {t}:x 1 {t}:y 2");
    expect(commands.some((command) => command.startsWith("eval") && command.endsWith(" 1 mine"))).toBe(true);
    expect(entries.every((entry) => entry.clientAddress === "" && entry.clientName === "")).toBe(true);
    // Without the option the same client sees everything, as before.
    expect(JSON.stringify(await getSlowlog(tenantA, { count: 1000 }))).toContain("tenantB:secret");
  });

  it("healthReport's slow-command finding names only the prefix's commands, and hides key totals", async () => {
    const report = await healthReport(tenantA, { withinKeyPrefix: true, slowlogEntries: 1000 });
    const text = JSON.stringify(report);
    expect(text).not.toContain("tenantB");
    expect(text).not.toContain(FOREIGN_VALUE);
    expect(report.nodes.every((node) => node.keys === null)).toBe(true);
    const slow = report.findings.filter((finding) => finding.id === "slow-commands");
    expect(slow.length).toBeGreaterThan(0);
    for (const finding of slow) {
      expect(String(finding.evidence.worstCommand)).not.toMatch(/tenantB|config/i);
      expect(finding.evidence.worstClient).toBeUndefined();
    }
    const unscoped = await healthReport(tenantA, { slowlogEntries: 1000 });
    expect(unscoped.nodes.some((node) => (node.keys ?? 0) > 0)).toBe(true);
  });
});
