import { type RedisCluster, type StandaloneRedis, startRedisCluster, startRedisServer } from "@redis-mcp/test-redis";
import { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cleanEnvironment, connectStdio, type StdioConnection, textOf } from "./support/server-process.js";

// Every command is logged, so the slowlog holds the other tenant's commands and values too.
const LOG_EVERYTHING = ["--slowlog-log-slower-than", "0", "--slowlog-max-len", "1024"];
const FOREIGN_VALUE = "tenant-b-card-4111111111111111";

interface Target {
  name: string;
  start(): Promise<{ environment: Record<string, string>; raw: Redis | Cluster; stop(): Promise<void> }>;
}

const TARGETS: Target[] = [
  {
    name: "standalone",
    async start() {
      const server: StandaloneRedis = await startRedisServer({ args: LOG_EVERYTHING });
      const raw = new Redis(server.port);
      return {
        environment: { REDIS_URL: server.url },
        raw,
        async stop() {
          raw.disconnect();
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
      await raw.ping();
      return {
        environment: { REDIS_CLUSTER_NODES: cluster.startupNodes.map((node) => `${node.host}:${node.port}`).join(",") },
        raw,
        async stop() {
          raw.disconnect();
          await cluster.stop();
        },
      };
    },
  },
];

describe.each(TARGETS)("diagnostics under a key scope on $name", (target) => {
  let raw: Redis | Cluster;
  let stop: () => Promise<void>;
  let scoped: StdioConnection;
  let unscoped: StdioConnection;
  beforeAll(async () => {
    const started = await target.start();
    raw = started.raw;
    stop = started.stop;
    const environment = cleanEnvironment(started.environment);
    [scoped, unscoped] = await Promise.all([connectStdio(["--key-prefix", "tenantA:"], environment), connectStdio([], environment)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([scoped, unscoped].map((connection) => connection?.close()));
    await stop?.();
  });
  beforeEach(async () => {
    // The other tenant's work, straight to Redis, and the scoped tenant's own through the server.
    await raw.set("tenantB:card", FOREIGN_VALUE);
    await raw.hset("tenantB:profile", "email", "b@example.com");
    await raw.get("tenantB:card");
    await scoped.client.callTool({ name: "string_set", arguments: { key: "mine", value: "a-value" } });
    await scoped.client.callTool({ name: "string_get", arguments: { key: "mine" } });
  });

  const call = async (connection: StdioConnection, name: string, args: Record<string, unknown> = {}) => {
    const result = await connection.client.callTool({ name, arguments: args });
    return { result, text: JSON.stringify(result) };
  };

  it("slowlog_get shows only commands on the scope's keys, keys without the prefix", async () => {
    const { result, text } = await call(scoped, "slowlog_get", { count: 500 });
    expect(result.isError).toBeFalsy();
    expect(text).not.toContain("tenantB");
    expect(text).not.toContain(FOREIGN_VALUE);
    expect(text).not.toContain("tenantA:");
    const entries = (result.structuredContent as { entries: { command: string[]; clientAddress: string | null }[] }).entries;
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.some((entry) => entry.command.includes("mine"))).toBe(true);
    expect(entries.every((entry) => entry.clientAddress === null)).toBe(true);
    // The same log, unscoped, does hold the other tenant's commands: the filter is what hides them.
    expect((await call(unscoped, "slowlog_get", { count: 500 })).text).toContain(FOREIGN_VALUE);
  });

  it("health_check names no other tenant's command or key count", async () => {
    const { result, text } = await call(scoped, "health_check");
    expect(result.isError).toBeFalsy();
    expect(text).not.toContain("tenantB");
    expect(text).not.toContain(FOREIGN_VALUE);
    const report = result.structuredContent as { nodes: { keys: number | null }[] };
    expect(report.nodes.every((node) => node.keys === null)).toBe(true);
  });

  it("server_info leaves out the sections that describe every tenant, and refuses to show them", async () => {
    const { result } = await call(scoped, "server_info");
    const info = result.structuredContent as { nodes: { info: Record<string, unknown> }[]; omittedSections: string[] };
    for (const node of info.nodes) {
      expect(Object.keys(node.info)).toContain("memory");
      for (const section of ["keyspace", "clients", "errorstats"]) expect(Object.keys(node.info)).not.toContain(section);
    }
    expect(info.omittedSections).toEqual(expect.arrayContaining(["clients", "keyspace"]));
    for (const section of ["keyspace", "clients", "commandstats", "errorstats"]) {
      const refused = await call(scoped, "server_info", { section });
      expect(refused.result.isError, section).toBe(true);
      expect(textOf(refused.result)).toMatch(new RegExp(`^E_SCOPE: the ${section} section describes every tenant of this Redis`));
      expect(refused.text).not.toContain("db0:");
    }
    // Unscoped, the sections are there.
    const whole = (await call(unscoped, "server_info", { section: "keyspace" })).result.structuredContent as { nodes: { info: Record<string, unknown> }[] };
    expect(whole.nodes.some((node) => node.info.keyspace !== undefined)).toBe(true);
  });
});
