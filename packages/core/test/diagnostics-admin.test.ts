import { type RedisCluster, type StandaloneRedis, startRedisCluster, startRedisServer } from "@redis-mcp/test-redis";
import { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { masterNodes, nodeAddress, type RedisClient } from "../src/client/redis-client.js";
import { databaseSizes, flushDatabase } from "../src/diagnostics/flush-database.js";
import { backgroundSave } from "../src/diagnostics/persistence.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { keyspaceNotificationStatus, watchKeyChanges } from "../src/keyspace/key-change-watcher.js";
import { topologies } from "./topologies.js";

describe.each(topologies)("databaseSizes, flushDatabase and backgroundSave on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("counts and flushes the keys of every master, one entry per node", async () => {
    for (let index = 0; index < 40; index++) await redis.set(`k:${index}`, "v");
    const sizes = await databaseSizes(redis);
    expect(sizes.map((size) => size.node).sort()).toEqual(masterNodes(redis).map(nodeAddress).sort());
    expect(sizes.reduce((sum, size) => sum + size.keys, 0)).toBe(40);
    const flushed = await flushDatabase(redis, { async: true });
    expect(flushed.reduce((sum, size) => sum + size.keys, 0)).toBe(40);
    expect((await databaseSizes(redis)).every((size) => size.keys === 0)).toBe(true);
  });

  it("refuses to flush through a client with a keyPrefix, deleting nothing", async () => {
    await redis.set("other:tenant", "v");
    const prefixed: RedisClient = redis instanceof Cluster ? redis.duplicate([], { keyPrefix: "app:" }) : redis.duplicate({ keyPrefix: "app:" });
    try {
      const error = await flushDatabase(prefixed).catch((caught: unknown) => caught);
      expect(RedisMcpError.isInstance(error) && error.code).toBe("E_INVALID_ARGUMENT");
      expect(await redis.exists("other:tenant")).toBe(1);
    } finally {
      prefixed.disconnect();
    }
  });

  it("reports LASTSAVE without saving, and starts BGSAVE on every master", async () => {
    const status = await backgroundSave(redis, { statusOnly: true });
    expect(status).toHaveLength(masterNodes(redis).length);
    for (const node of status) expect(node).toMatchObject({ started: false, message: "status only", lastStatus: "ok" });
    const saved = await backgroundSave(redis);
    for (const node of saved) expect(node.started || /in progress/i.test(node.message), node.message).toBe(true);
    expect(saved.every((node) => node.lastSave > 0)).toBe(true);
  });
});

describe("watchKeyChanges", () => {
  let server: StandaloneRedis;
  let raw: Redis;
  beforeAll(async () => {
    server = await startRedisServer();
    raw = new Redis(server.port);
  });
  afterAll(async () => {
    raw?.disconnect();
    await server?.stop();
  });

  it("says whether notifications are on, and hears watched keys inside the prefix only", async () => {
    await raw.config("SET", "notify-keyspace-events", "");
    expect(await keyspaceNotificationStatus(raw)).toMatchObject({ enabled: false });
    await raw.config("SET", "notify-keyspace-events", "KA");
    expect(await keyspaceNotificationStatus(raw)).toMatchObject({ enabled: true });
    const scoped = new Redis(server.port, { keyPrefix: "app:" });
    const heard: string[] = [];
    const watcher = await watchKeyChanges(scoped, (key, event) => heard.push(`${key} ${event}`));
    try {
      await watcher.watch("user:1");
      await raw.set("user:1", "foreign");
      await raw.hset("app:user:1", "name", "Ada");
      await raw.del("app:user:1");
      await vi.waitFor(() => expect(heard).toEqual(["user:1 hset", "user:1 del"]));
      await watcher.unwatch("user:1");
      await watcher.watch("marker");
      await raw.set("app:user:1", "again");
      await raw.set("app:marker", "1");
      await vi.waitFor(() => expect(heard).toContain("marker set"));
      expect(heard).toHaveLength(3);
    } finally {
      watcher.close();
      scoped.disconnect();
    }
  });
});

describe("watchKeyChanges on a cluster", () => {
  let cluster: RedisCluster;
  let client: Cluster;
  beforeAll(async () => {
    cluster = await startRedisCluster({ args: ["--notify-keyspace-events", "KA"] });
    client = new Cluster(cluster.startupNodes, { lazyConnect: true });
    await client.connect();
  });
  afterAll(async () => {
    client?.disconnect();
    await cluster?.stop();
  });

  it("hears keys on every master", async () => {
    expect((await keyspaceNotificationStatus(client)).enabled).toBe(true);
    const heard = new Set<string>();
    const watcher = await watchKeyChanges(client, (key) => heard.add(key));
    try {
      const keys = ["a", "b", "c", "d", "e", "f", "g"];
      for (const key of keys) await watcher.watch(key);
      for (const key of keys) await client.set(key, "1");
      await vi.waitFor(() => expect([...heard].sort()).toEqual(keys));
    } finally {
      watcher.close();
    }
  });
});
