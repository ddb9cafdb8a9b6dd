import { type StandaloneRedis, startRedisServer } from "@redis-mcp/test-redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import { closeRedis } from "../src/connection/close-redis.js";
import { createRedis } from "../src/connection/create-redis.js";
import { health } from "../src/connection/health.js";
import { withRedisErrors } from "../src/errors/map-redis-error.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { eventually, settlesWithin } from "./settles-within.js";

const FAST = { connectTimeoutMs: 500, commandTimeoutMs: 500, retry: { initialDelayMs: 20, maxDelayMs: 200 } };

function codeOf(error: unknown): string | undefined {
  return RedisMcpError.isInstance(error) ? error.code : undefined;
}

describe("Redis down and back", () => {
  let server: StandaloneRedis;
  const clients: RedisClient[] = [];
  beforeAll(async () => {
    server = await startRedisServer({ persistence: "aof" });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => closeRedis(client)));
    await server.stop();
  });

  it("fails to connect within bounded time when nothing listens", async () => {
    const error = await settlesWithin(
      createRedis({ port: 1, ...FAST }).catch((caught: unknown) => caught),
      5_000,
    );
    expect(codeOf(error)).toBe("E_REDIS_UNAVAILABLE");
    expect((error as Error).message).toContain("redis://127.0.0.1:1");
  });

  it("errors within bounded time while Redis is killed, then recovers on its own", async () => {
    const redis = await createRedis({ port: server.port, ...FAST });
    clients.push(redis);
    await redis.set("before", "1");
    await server.node.kill();
    const failure = await settlesWithin(
      withRedisErrors("GET before", () => redis.get("before")).catch((caught: unknown) => caught),
      5_000,
    );
    expect(["E_REDIS_UNAVAILABLE", "E_TIMEOUT"]).toContain(codeOf(failure));
    expect((await health(redis)).ok).toBe(false);
    await server.node.start();
    expect(await eventually(() => redis.get("before"))).toBe("1");
    expect((await health(redis)).ok).toBe(true);
  });

  it("starts without waiting when asked, fails fast, and works once Redis is up", async () => {
    await server.node.kill();
    const errors: string[] = [];
    const redis = await createRedis({ port: server.port, ...FAST }, { waitUntilReady: false, onError: (error) => errors.push(error.code) });
    clients.push(redis);
    const failure = await settlesWithin(
      withRedisErrors("PING", () => redis.ping()).catch((caught: unknown) => caught),
      5_000,
    );
    expect(["E_REDIS_UNAVAILABLE", "E_TIMEOUT"]).toContain(codeOf(failure));
    expect(errors).toContain("E_REDIS_UNAVAILABLE");
    await server.node.start();
    expect(await eventually(() => redis.ping())).toBe("PONG");
  });

  it("says where Redis is and that it keeps retrying, not ioredis's option text", async () => {
    const redis = await createRedis({ port: server.port, ...FAST, commandTimeoutMs: 5_000, maxRetriesPerRequest: 1 });
    clients.push(redis);
    await server.node.kill();
    const failure = await settlesWithin(
      withRedisErrors("GET k", () => redis.get("k")).catch((caught: unknown) => caught),
      5_000,
    );
    await server.node.start();
    expect(codeOf(failure)).toBe("E_REDIS_UNAVAILABLE");
    expect((failure as Error).message).toMatch(new RegExp(`^GET k: Redis at 127\\.0\\.0\\.1:${server.port} is unreachable; retrying\\. `));
    expect((failure as Error).message).not.toMatch(/maxRetriesPerRequest|max retries/i);
    expect(await eventually(() => redis.ping())).toBe("PONG");
  });

  it("bounds the offline queue: commands past the limit fail at once", async () => {
    const redis = await createRedis({ port: server.port, ...FAST, commandTimeoutMs: 3_000, maxRetriesPerRequest: 50, offlineQueue: { maxLength: 3 } });
    clients.push(redis);
    await server.node.kill();
    await eventually(async () => {
      if (redis.status === "ready") throw new Error("still connected");
    });
    const results = await settlesWithin(
      Promise.allSettled(Array.from({ length: 8 }, (_, index) => withRedisErrors("GET", () => redis.get(`k${index}`)))),
      10_000,
    );
    const reasons = results.map((result) => (result.status === "rejected" ? (result.reason as Error).message : "fulfilled"));
    expect(reasons.filter((reason) => reason.includes("offline queue is full"))).toHaveLength(5);
    expect(results.every((result) => result.status === "rejected")).toBe(true);
    await server.node.start();
    expect(await eventually(() => redis.ping())).toBe("PONG");
  });
});
