import { type RedisCluster, redisBloomModulePath, type StandaloneRedis, startRedisCluster, startRedisServer } from "@redis-mcp/test-redis";
import { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnvironment, connectStdio, type StdioConnection, textOf } from "./support/server-process.js";

interface ModuleTarget {
  name: string;
  start(): Promise<{ environment: Record<string, string>; raw: Redis | Cluster; stop(): Promise<void> }>;
}

// Every key on every master, as it really is in Redis (no prefix applied).
async function allKeys(raw: Redis | Cluster): Promise<string[]> {
  const nodes = raw instanceof Cluster ? raw.nodes("master") : [raw];
  const keys: string[] = [];
  for (const node of nodes) {
    let cursor = "0";
    do {
      const [next, page] = await node.scan(cursor, "COUNT", 1000);
      keys.push(...page);
      cursor = next;
    } while (cursor !== "0");
  }
  return keys.sort();
}

const TARGETS: ModuleTarget[] = [
  {
    name: "standalone",
    async start() {
      const server: StandaloneRedis = await startRedisServer({ args: ["--loadmodule", redisBloomModulePath()] });
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
      const cluster: RedisCluster = await startRedisCluster({ args: ["--loadmodule", redisBloomModulePath()] });
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

describe.each(TARGETS)("RedisBloom under a key scope on $name", (target) => {
  let raw: Redis | Cluster;
  let stop: () => Promise<void>;
  let tenantA: StdioConnection;
  let tenantB: StdioConnection;
  let readerA: StdioConnection;
  beforeAll(async () => {
    const started = await target.start();
    raw = started.raw;
    stop = started.stop;
    const environment = cleanEnvironment(started.environment);
    [tenantA, tenantB, readerA] = await Promise.all([
      connectStdio(["--key-prefix", "tenantA:"], environment),
      connectStdio(["--key-prefix", "tenantB:"], environment),
      connectStdio(["--key-prefix", "tenantA:", "--read-only"], environment),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([tenantA, tenantB, readerA].map((connection) => connection?.close()));
    await stop?.();
  });

  it("bloom_add keeps the module's filter inside the tenant's prefix", async () => {
    const added = await tenantA.client.callTool({ name: "bloom_add", arguments: { name: "seen", items: ["alpha", "beta"] } });
    expect(added.structuredContent).toEqual({ name: "seen", implementation: "redisbloom", added: [true, true] });
    const keys = await allKeys(raw);
    expect(keys).toEqual(["tenantA:bloom:{seen}:filter", "tenantA:bloom:{seen}:parameters"]);
    expect(await raw.call("BF.MEXISTS", "tenantA:bloom:{seen}:filter", "alpha", "beta", "gamma")).toEqual([1, 1, 0]);
  });

  it("bloom_check finds the tenant's own items, and another tenant sees no filter at all", async () => {
    await tenantA.client.callTool({ name: "bloom_add", arguments: { name: "shared-name", items: ["alpha"] } });
    const own = await tenantA.client.callTool({ name: "bloom_check", arguments: { name: "shared-name", items: ["alpha", "omega"] } });
    expect(own.structuredContent).toEqual({ name: "shared-name", exists: true, present: [true, false] });
    const other = await tenantB.client.callTool({ name: "bloom_check", arguments: { name: "shared-name", items: ["alpha"] } });
    expect(other.structuredContent).toEqual({ name: "shared-name", exists: false, present: [false] });
    // Tenant B writing under the same name makes its own filter, and leaves A's alone.
    await tenantB.client.callTool({ name: "bloom_add", arguments: { name: "shared-name", items: ["zeta"] } });
    expect((await allKeys(raw)).filter((key) => key.includes("shared-name"))).toEqual([
      "tenantA:bloom:{shared-name}:filter",
      "tenantA:bloom:{shared-name}:parameters",
      "tenantB:bloom:{shared-name}:filter",
      "tenantB:bloom:{shared-name}:parameters",
    ]);
    expect((await tenantA.client.callTool({ name: "bloom_check", arguments: { name: "shared-name", items: ["zeta"] } })).structuredContent).toMatchObject({
      present: [false],
    });
  });

  it("a read-only tenant can check its filters but has no way to add", async () => {
    await tenantA.client.callTool({ name: "bloom_add", arguments: { name: "ro", items: ["x"] } });
    const checked = await readerA.client.callTool({ name: "bloom_check", arguments: { name: "ro", items: ["x"] } });
    expect(checked.structuredContent).toMatchObject({ exists: true, present: [true] });
    const refused = await readerA.client.callTool({ name: "bloom_add", arguments: { name: "ro", items: ["y"] } });
    expect(textOf(refused)).toMatch(/bloom_add not found/);
    expect(await raw.call("BF.EXISTS", "tenantA:bloom:{ro}:filter", "y")).toBe(0);
  });
});
