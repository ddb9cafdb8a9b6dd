import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RedisCluster, RedisNode, type StandaloneRedis, startRedisCluster, startRedisServer } from "@redis-mcp/test-redis";
import { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { freePort } from "../src/local-server/index.js";
import { applyServerConfig } from "../src/server-config/apply-server-config.js";
import { parseServerConfig } from "../src/server-config/desired-server-config.js";
import { diffServerConfig } from "../src/server-config/diff-server-config.js";
import { topologies } from "./topologies.js";

async function configValue(client: Redis, parameter: string): Promise<string | undefined> {
  const reply = (await client.config("GET", parameter)) as string[];
  return reply[1];
}

describe.each(topologies)("diffServerConfig on $name (read-only)", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("compares each desired parameter with every master, in the file's order", async () => {
    const desired = parseServerConfig("maxmemory 0mb\nmaxmemory-policy volatile-ttl\nnot-a-parameter 1\nrequirepass s3cret\n");
    const nodes = await diffServerConfig(redis, desired);
    expect(nodes).toHaveLength(topology.name === "cluster" ? 3 : 1);
    for (const node of nodes) {
      expect(node.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(node.parameters).toEqual([
        { parameter: "maxmemory", current: "0", desired: "0mb", changed: false },
        { parameter: "maxmemory-policy", current: "noeviction", desired: "volatile-ttl", changed: true },
        { parameter: "not-a-parameter", current: null, desired: "1", changed: true },
        // Compared, but never shown.
        { parameter: "requirepass", current: "", desired: "********", changed: true },
      ]);
    }
    expect(JSON.stringify(nodes)).not.toContain("s3cret");
  });
});

describe("applyServerConfig on a standalone server", () => {
  let server: StandaloneRedis;
  let redis: Redis;
  beforeAll(async () => {
    server = await startRedisServer();
    redis = new Redis(server.port, "127.0.0.1", { lazyConnect: true });
    await redis.connect();
  });
  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  it("sets only what differs, then finds nothing to change", async () => {
    const desired = parseServerConfig("maxmemory 64mb\nmaxmemory-policy allkeys-lru\nsave 900 1\nsave 300 10\nappendonly no\n");
    const [node] = await applyServerConfig(redis, desired);
    expect(node).toMatchObject({ node: `127.0.0.1:${server.port}`, applied: true, rewritten: null });
    expect(node?.changed.map((change) => change.parameter)).toEqual(["maxmemory", "maxmemory-policy", "save"]);
    expect(await configValue(redis, "maxmemory")).toBe(String(64 * 1024 * 1024));
    expect(await configValue(redis, "maxmemory-policy")).toBe("allkeys-lru");
    expect(await configValue(redis, "save")).toBe("900 1 300 10");
    const [again] = await applyServerConfig(redis, desired);
    expect(again).toMatchObject({ applied: true, changed: [] });
  });

  it("changes nothing when one value is refused (one CONFIG SET, all or none) and says why", async () => {
    const [node] = await applyServerConfig(redis, { maxmemory: "32mb", "maxmemory-policy": "not-a-policy" });
    expect(node?.applied).toBe(false);
    expect(node?.error).toMatch(/maxmemory-policy/);
    expect(await configValue(redis, "maxmemory")).toBe(String(64 * 1024 * 1024));
  });

  it("refuses a parameter the server does not know before changing anything", async () => {
    const error = await applyServerConfig(redis, { maxmemory: "16mb", facility: "6379" }).catch((caught: unknown) => caught);
    expect(RedisMcpError.isInstance(error) && error.code).toBe("E_INVALID_ARGUMENT");
    expect(String(error)).toMatch(/does not know facility/);
    expect(await configValue(redis, "maxmemory")).toBe(String(64 * 1024 * 1024));
  });

  it("masks a secret value it sets", async () => {
    const [node] = await applyServerConfig(redis, { masterauth: "upstream-secret" });
    expect(node?.applied).toBe(true);
    expect(JSON.stringify(node)).not.toContain("upstream-secret");
    expect(await configValue(redis, "masterauth")).toBe("upstream-secret");
  });

  it("reports per node that CONFIG REWRITE failed when the server has no config file", async () => {
    const [node] = await applyServerConfig(redis, { timeout: "30" }, { rewrite: true });
    expect(node).toMatchObject({ applied: true, rewritten: false });
    expect(node?.rewriteError).toMatch(/without a config file/);
  });
});

describe("applyServerConfig with CONFIG REWRITE", () => {
  let directory: string;
  let node: RedisNode;
  let redis: Redis;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "redis-mcp-rewrite-"));
    const configFile = join(directory, "redis.conf");
    await writeFile(configFile, 'save ""\nappendonly no\n');
    const port = await freePort();
    node = new RedisNode({ port, dir: directory, configFile, args: ["--port", String(port), "--bind", "127.0.0.1", "--dir", directory] });
    await node.start();
    redis = new Redis(port, { lazyConnect: true });
    await redis.connect();
  });
  afterAll(async () => {
    redis.disconnect();
    await node.dispose();
    await rm(directory, { recursive: true, force: true });
  });

  it("saves the applied settings to the server's config file", async () => {
    const [result] = await applyServerConfig(redis, parseServerConfig("maxmemory-policy allkeys-lfu\n"), { rewrite: true });
    expect(result).toMatchObject({ applied: true, rewritten: true });
    expect(await readFile(join(directory, "redis.conf"), "utf8")).toMatch(/^maxmemory-policy allkeys-lfu$/m);
  });
});

describe("applyServerConfig on a cluster", () => {
  let cluster: RedisCluster;
  let client: Cluster;
  beforeAll(async () => {
    cluster = await startRedisCluster();
    client = new Cluster(cluster.startupNodes, { lazyConnect: true });
    await client.connect();
  }, 30_000);
  afterAll(async () => {
    client.disconnect();
    await cluster.stop();
  });

  it("applies to every master and reports each one", async () => {
    const nodes = await applyServerConfig(client, { "maxmemory-policy": "volatile-lru" }, { rewrite: true });
    expect(nodes.map((node) => node.node).sort()).toEqual(cluster.startupNodes.map((node) => `${node.host}:${node.port}`).sort());
    for (const node of nodes) {
      expect(node).toMatchObject({ applied: true, changed: [{ parameter: "maxmemory-policy", current: "noeviction", desired: "volatile-lru" }] });
      // The test cluster's nodes run without a config file: each says so.
      expect(node).toMatchObject({ rewritten: false });
    }
    for (const master of client.nodes("master")) expect(await configValue(master, "maxmemory-policy")).toBe("volatile-lru");
  });
});
