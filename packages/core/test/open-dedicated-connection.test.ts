import { startRedisServer } from "@redis-mcp/test-redis";
import { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDedicatedConnection } from "../src/client/open-dedicated-connection.js";
import { isCluster, keyPrefixOf, type RedisClient } from "../src/client/redis-client.js";
import { closeRedis } from "../src/connection/close-redis.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { eventually } from "./settles-within.js";
import { topologies } from "./topologies.js";

describe.each(topologies)("openDedicatedConnection on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("opens a ready duplicate of the same kind that the caller closes; the caller's client stays open", async () => {
    const dedicated = await openDedicatedConnection(redis, { overrides: isCluster(redis) ? { shardedSubscribers: true } : {} });
    expect(dedicated).not.toBe(redis);
    expect(isCluster(dedicated)).toBe(isCluster(redis));
    expect(dedicated.status).toBe("ready");
    expect(keyPrefixOf(dedicated)).toBe(keyPrefixOf(redis));
    await dedicated.set("{dedicated}:probe", "1");
    expect(await redis.get("{dedicated}:probe")).toBe("1");
    expect(await closeRedis(dedicated)).toBe(true);
    expect(redis.status).toBe("ready");
    expect(await redis.ping()).toBe("PONG");
  });
});

describe("openDedicatedConnection across a restart", () => {
  it("keeps reconnecting, and a subscription on it comes back (ioredis autoResubscribe)", async () => {
    const server = await startRedisServer();
    const redis = new Redis(server.port, { retryStrategy: () => 50 });
    const publisher = new Redis(server.port, { retryStrategy: () => 50 });
    try {
      const subscriber = await openDedicatedConnection(redis);
      const received: string[] = [];
      subscriber.on("message", (_channel: string, message: string) => received.push(message));
      await subscriber.subscribe("news");
      await server.node.restart();
      await eventually(async () => {
        await publisher.publish("news", "after restart");
        if (!received.includes("after restart")) throw new Error("not resubscribed yet");
      });
      expect(received).toContain("after restart");
      subscriber.disconnect();
    } finally {
      redis.disconnect();
      publisher.disconnect();
      await server.stop();
    }
  });

  it("fails with a coded error when Redis is unreachable and leaves nothing open", async () => {
    const server = await startRedisServer();
    const redis = new Redis(server.port, { lazyConnect: true, retryStrategy: () => 50 });
    await server.stop();
    const failure = await openDedicatedConnection(redis, { timeoutMs: 1_000 }).catch((error: unknown) => error);
    expect(RedisMcpError.isInstance(failure)).toBe(true);
    expect(["E_REDIS_UNAVAILABLE", "E_TIMEOUT"]).toContain((failure as RedisMcpError).code);
    redis.disconnect();
  });

  it("bounds a cluster connect that cannot finish", async () => {
    const server = await startRedisServer();
    const cluster = new Cluster([{ host: "127.0.0.1", port: server.port }], { lazyConnect: true });
    await server.stop();
    const failure = await openDedicatedConnection(cluster, { timeoutMs: 1_000 }).catch((error: unknown) => error);
    expect(RedisMcpError.isInstance(failure)).toBe(true);
    cluster.disconnect();
  });
});
