import { type StandaloneRedis, startRedisServer } from "@redis-mcp/test-redis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cleanEnvironment, connectStdio, type StdioConnection, textOf } from "./support/server-process.js";

describe("the application toolsets while Redis is down", () => {
  let redis: StandaloneRedis;
  let connection: StdioConnection;
  beforeAll(async () => {
    redis = await startRedisServer();
    connection = await connectStdio([], cleanEnvironment({ REDIS_URL: redis.url, REDIS_MCP_SESSION_SECRET: "outage-session-secret-0123456789" }));
  });
  afterAll(async () => {
    await connection.close();
    await redis.stop();
  });
  const call = (name: string, args: Record<string, unknown>) => connection.client.callTool({ name, arguments: args });

  it("say so instead of reporting a miss or an empty result, and recover", async () => {
    expect((await call("cache_set", { key: "k", value: 1, ttlMs: 60_000 })).isError).toBeFalsy();
    await redis.node.kill();
    // The cache absorbs Redis failures for an application; a tool must not call that a miss.
    const missed = await call("cache_get", { key: "k" });
    expect(missed.isError).toBe(true);
    expect(textOf(missed)).toMatch(/E_REDIS_UNAVAILABLE/);
    for (const [name, args] of [
      ["pubsub_publish", { channel: "c", data: 1 }],
      ["metrics_summary", {}],
      ["session_get", { sessionId: "abc" }],
    ] as const) {
      const result = await call(name, args);
      expect(result.isError, name).toBe(true);
      expect(textOf(result), name).toMatch(/E_REDIS_UNAVAILABLE|E_TIMEOUT/);
    }
    await redis.node.restart();
    // The client reconnects with backoff: calls work again once it has.
    await vi.waitFor(async () => expect((await call("pubsub_publish", { channel: "c", data: 1 })).isError).toBeFalsy(), { timeout: 20_000, interval: 250 });
    await vi.waitFor(async () => expect((await call("cache_get", { key: "missing" })).structuredContent).toEqual({ found: false, value: null }), {
      timeout: 20_000,
      interval: 250,
    });
  });
});
