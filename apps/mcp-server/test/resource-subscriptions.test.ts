import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { type ReadResourceResult, ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { type RedisCluster, type StandaloneRedis, startRedisCluster, startRedisServer } from "@redis-mcp/test-redis";
import { useRedis } from "@redis-mcp/test-redis/vitest";
import { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cleanEnvironment, connectHttp, connectStdio, startHttpServer } from "./support/server-process.js";

const execFileAsync = promisify(execFile);

function jsonOf(result: ReadResourceResult): Record<string, unknown> {
  const first = result.contents[0];
  return JSON.parse(first && "text" in first ? first.text : "null");
}

/** Every resources/updated URI the client receives, in order. */
function collectUpdates(client: Client): string[] {
  const updates: string[] = [];
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
    updates.push(notification.params.uri);
  });
  return updates;
}

describe("redis://info and redis://keyspace", () => {
  it("are listed and read through the diagnostics tools, inside the key scope", async () => {
    const redis = await useRedis();
    const raw = new Redis(redis.port);
    for (let index = 0; index < 40; index++) await raw.set(`app:user:${index}:profile`, "x");
    await raw.set("other:secret", "x");
    const open = await connectStdio([], cleanEnvironment({ REDIS_URL: redis.url }));
    const scoped = await connectStdio(["--key-prefix", "app:"], cleanEnvironment({ REDIS_URL: redis.url }));
    try {
      const uris = (await open.client.listResources()).resources.map((resource) => resource.uri).sort();
      expect(uris).toEqual(["redis://info", "redis://keyspace"]);
      const info = jsonOf(await open.client.readResource({ uri: "redis://info" })) as { nodes: { info: Record<string, unknown> }[] };
      expect(info.nodes[0]?.info).toHaveProperty("memory");
      expect(info.nodes[0]?.info).toHaveProperty("keyspace");
      const scopedInfo = jsonOf(await scoped.client.readResource({ uri: "redis://info" })) as {
        nodes: { info: Record<string, unknown> }[];
        omittedSections: string[];
      };
      expect(scopedInfo.nodes[0]?.info).not.toHaveProperty("keyspace");
      expect(scopedInfo.omittedSections).toContain("keyspace");
      const keyspace = jsonOf(await scoped.client.readResource({ uri: "redis://keyspace" })) as { namespaces: { pattern: string }[] };
      expect(keyspace.namespaces.map((namespace) => namespace.pattern)).toEqual(["user:{id}:profile"]);
      expect(JSON.stringify(keyspace)).not.toContain("secret");
    } finally {
      raw.disconnect();
      await open.close();
      await scoped.close();
    }
  });
});

describe("resources/subscribe on key resources, standalone", () => {
  let redis: StandaloneRedis;
  let raw: Redis;
  beforeAll(async () => {
    redis = await startRedisServer();
    raw = new Redis(redis.port);
  });
  afterAll(async () => {
    raw?.disconnect();
    await redis?.stop();
  });

  it("says when keyspace notifications are off and how to turn them on", async () => {
    await raw.config("SET", "notify-keyspace-events", "");
    const connection = await connectStdio([], cleanEnvironment({ REDIS_URL: redis.url }));
    try {
      expect(connection.client.getServerCapabilities()?.resources).toMatchObject({ subscribe: true });
      await expect(connection.client.subscribeResource({ uri: "redis://key/user%3A1" })).rejects.toThrow(
        /notifications are off.*config_set.*notify-keyspace-events.*KA/,
      );
      await expect(connection.client.subscribeResource({ uri: "redis://info" })).rejects.toThrow(/Only key resources/);
    } finally {
      await connection.close();
    }
  });

  it("sends resources/updated when redis-cli changes the key, inside the scope only, until unsubscribed", async () => {
    await raw.config("SET", "notify-keyspace-events", "KA");
    const connection = await connectStdio(["--key-prefix", "app:"], cleanEnvironment({ REDIS_URL: redis.url }));
    const updates = collectUpdates(connection.client);
    try {
      await connection.client.subscribeResource({ uri: "redis://key/user%3A1" });
      await connection.client.subscribeResource({ uri: "redis://key/user%3A1/field/email" });
      // The same name outside the scope is another tenant's key: no announcement for it.
      await execFileAsync("redis-cli", ["-p", String(redis.port), "SET", "user:1", "foreign"]);
      await execFileAsync("redis-cli", ["-p", String(redis.port), "HSET", "app:user:1", "email", "ada@example.com"]);
      await vi.waitFor(() => expect(updates.sort()).toEqual(["redis://key/user%3A1", "redis://key/user%3A1/field/email"]));
      await connection.client.unsubscribeResource({ uri: "redis://key/user%3A1" });
      await connection.client.unsubscribeResource({ uri: "redis://key/user%3A1/field/email" });
      await connection.client.subscribeResource({ uri: "redis://key/marker" });
      await execFileAsync("redis-cli", ["-p", String(redis.port), "DEL", "app:user:1"]);
      await execFileAsync("redis-cli", ["-p", String(redis.port), "SET", "app:marker", "1"]);
      // The marker's announcement comes after the delete's would have: the unsubscribed key stayed quiet.
      await vi.waitFor(() => expect(updates).toContain("redis://key/marker"));
      expect(updates.filter((uri) => uri === "redis://key/user%3A1")).toHaveLength(1);
    } finally {
      await connection.close();
    }
  });

  it("announces changes over Streamable HTTP too", async () => {
    await raw.config("SET", "notify-keyspace-events", "KA");
    const http = await startHttpServer([], cleanEnvironment({ REDIS_URL: redis.url }));
    try {
      const client = await connectHttp(http.url);
      const updates = collectUpdates(client);
      await client.subscribeResource({ uri: "redis://key/counter" });
      await raw.incr("counter");
      await vi.waitFor(() => expect(updates).toEqual(["redis://key/counter"]));
      await client.close();
    } finally {
      await http.stop();
    }
  });
});

describe("resources/subscribe on a cluster", () => {
  let cluster: RedisCluster;
  let raw: Cluster;
  beforeAll(async () => {
    cluster = await startRedisCluster({ args: ["--notify-keyspace-events", "KA"] });
    raw = new Cluster(cluster.startupNodes);
  });
  afterAll(async () => {
    raw?.disconnect();
    await cluster?.stop();
  });

  it("hears a key's change on whichever master holds it", async () => {
    const nodes = cluster.startupNodes.map((node) => `${node.host}:${node.port}`).join(",");
    const connection = await connectStdio([], cleanEnvironment({ REDIS_CLUSTER_NODES: nodes }));
    const updates = collectUpdates(connection.client);
    try {
      const keys = ["a", "b", "c", "d", "e", "f"];
      for (const key of keys) await connection.client.subscribeResource({ uri: `redis://key/${key}` });
      for (const key of keys) await raw.set(key, "1");
      await vi.waitFor(() => expect([...updates].sort()).toEqual(keys.map((key) => `redis://key/${key}`)));
    } finally {
      await connection.close();
    }
  });
});
