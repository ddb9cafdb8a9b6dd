import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { type ReadResourceResult, ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { type RedisCluster, type StandaloneRedis, startRedisCluster, startRedisServer } from "@redis-mcp/test-redis";
import { useRedis } from "@redis-mcp/test-redis/vitest";
import { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cleanEnvironment, connectHttp, connectStdio, SERVER_BIN, startHttpServer } from "./support/server-process.js";

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

  it("refuses a subscription past --max-subscriptions with E_SUBSCRIPTION_LIMIT, and frees a place on unsubscribe", async () => {
    await raw.config("SET", "notify-keyspace-events", "KA");
    const connection = await connectStdio(["--max-subscriptions", "2"], cleanEnvironment({ REDIS_URL: redis.url }));
    const updates = collectUpdates(connection.client);
    const watchers = async (key: string) => Number((await raw.pubsub("NUMSUB", `__keyspace@0__:${key}`))[1]);
    try {
      await connection.client.subscribeResource({ uri: "redis://key/a" });
      await connection.client.subscribeResource({ uri: "redis://key/b" });
      // Subscribing again to a URI it holds is not a new subscription.
      await connection.client.subscribeResource({ uri: "redis://key/a" });
      await expect(connection.client.subscribeResource({ uri: "redis://key/c" })).rejects.toMatchObject({
        code: -32600,
        message: expect.stringMatching(
          /E_SUBSCRIPTION_LIMIT: this session holds 2 resource subscriptions, the server's limit \(--max-subscriptions\)\. Nothing was subscribed/,
        ),
        data: { code: "E_SUBSCRIPTION_LIMIT", limit: 2 },
      });
      expect(await watchers("c")).toBe(0);
      await raw.set("c", "1");
      await raw.set("a", "1");
      // a's announcement comes after c's would have: the refused key stayed quiet.
      await vi.waitFor(() => expect(updates).toContain("redis://key/a"));
      expect(updates).not.toContain("redis://key/c");

      await connection.client.unsubscribeResource({ uri: "redis://key/b" });
      await connection.client.subscribeResource({ uri: "redis://key/c" });
      expect(await watchers("c")).toBe(1);
      await raw.set("c", "2");
      await vi.waitFor(() => expect(updates).toContain("redis://key/c"));
    } finally {
      await connection.close();
    }
  });

  it("takes the limit from REDIS_MCP_MAX_SUBSCRIPTIONS and refuses one that is not a positive whole number", async () => {
    const printed = await execFileAsync(process.execPath, [SERVER_BIN, "--print-config"], { env: cleanEnvironment({ REDIS_MCP_MAX_SUBSCRIPTIONS: "7" }) });
    expect(JSON.parse(printed.stdout).server).toMatchObject({ maxSubscriptions: 7 });
    const refused = await execFileAsync(process.execPath, [SERVER_BIN, "--print-config", "--max-subscriptions", "0"], { env: cleanEnvironment() }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused).toMatchObject({
      code: expect.any(Number),
      stderr: expect.stringMatching(/E_CONFIG_INVALID: .*--max-subscriptions = "0": use a whole number from 1/),
    });
    expect((refused as { code: number }).code).not.toBe(0);
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
