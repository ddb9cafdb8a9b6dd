import { LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { startRedisServer } from "@redis-mcp/test-redis";
import { useRedis } from "@redis-mcp/test-redis/vitest";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { cleanEnvironment, connectStdio, textOf } from "./support/server-process.js";

async function eventually<T>(attempt: () => Promise<T>, check: (value: T) => boolean, milliseconds = 15_000): Promise<T> {
  const deadline = Date.now() + milliseconds;
  for (;;) {
    const value = await attempt();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("MCP protocol features", () => {
  it("reports progress on long work when the client asks for it", async () => {
    const redis = await useRedis();
    const raw = new Redis(redis.port);
    const connection = await connectStdio([], cleanEnvironment({ REDIS_URL: redis.url }));
    try {
      await raw.set("user:1", "x");
      // Read what the server sends, not what the SDK client hands on: the client dispatches
      // notifications a microtask later but responses at once, so a progress notification read in
      // the same chunk as its response is dropped by the client (its handler is already gone).
      const received: { method?: string; id?: unknown; params?: { progressToken?: unknown; progress?: number } }[] = [];
      const transport = connection.client.transport;
      if (!transport) throw new Error("the client is not connected");
      const deliver = transport.onmessage;
      transport.onmessage = (message, extra) => {
        received.push(message as (typeof received)[number]);
        deliver?.(message, extra);
      };
      const result = await connection.client.callTool({ name: "keyspace_summary", arguments: { samples: 50 } }, undefined, { onprogress: () => undefined });
      expect(result.isError).toBeFalsy();
      const responseAt = received.findIndex((message) => message.id !== undefined && message.method === undefined);
      const progressAt = received.findIndex((message) => message.method === "notifications/progress" && message.params?.progress === 0);
      expect(progressAt).toBeGreaterThanOrEqual(0);
      expect(progressAt).toBeLessThan(responseAt);
      expect(received[progressAt]?.params?.progressToken).toBe(received[responseAt]?.id);
    } finally {
      raw.disconnect();
      await connection.close();
    }
  });

  it("stops a long pattern delete when the client cancels, and keeps serving", async () => {
    const redis = await useRedis();
    const raw = new Redis(redis.port);
    const connection = await connectStdio(["--tier", "destructive"], cleanEnvironment({ REDIS_URL: redis.url }));
    try {
      for (let batch = 0; batch < 10; batch++) {
        const pipeline = raw.pipeline();
        for (let index = 0; index < 10_000; index++) pipeline.set(`bulk:${batch}:${index}`, "x");
        await pipeline.exec();
      }
      const dry = await connection.client.callTool({ name: "delete_keys", arguments: { pattern: "bulk:*" } });
      const confirmationToken = (dry.structuredContent as { confirmationToken: string }).confirmationToken;
      const controller = new AbortController();
      const call = connection.client.callTool({ name: "delete_keys", arguments: { pattern: "bulk:*", dryRun: false, confirmationToken } }, undefined, {
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(), 50);
      await expect(call).rejects.toThrow(/abort/i);
      // Had the server kept going, the count would keep falling to zero.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const settled = await raw.dbsize();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled).toBeGreaterThan(0);
      expect(await raw.dbsize()).toBe(settled);
      expect((await connection.client.callTool({ name: "scan_keys", arguments: { limit: 1 } })).isError).toBeFalsy();
    } finally {
      raw.disconnect();
      await connection.close();
    }
  });

  it("sends log notifications for Redis failures, honouring logging/setLevel", async () => {
    const server = await startRedisServer();
    const connection = await connectStdio([], cleanEnvironment({ REDIS_URL: server.url, REDIS_COMMAND_TIMEOUT_MS: "300", REDIS_CONNECT_TIMEOUT_MS: "300" }));
    const messages: unknown[] = [];
    connection.client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
      messages.push(notification.params);
    });
    try {
      await server.node.kill();
      await connection.client.setLoggingLevel("critical");
      await connection.client.callTool({ name: "scan_keys", arguments: {} });
      expect(messages).toEqual([]);
      await connection.client.setLoggingLevel("warning");
      const failed = await connection.client.callTool({ name: "scan_keys", arguments: {} });
      expect(failed.isError).toBe(true);
      await eventually(
        async () => messages.length,
        (count) => count > 0,
        2_000,
      );
      expect(messages[0]).toMatchObject({ level: "warning", logger: "redis-mcp" });
      expect(JSON.stringify(messages[0])).toMatch(/scan_keys: E_(REDIS_UNAVAILABLE|TIMEOUT)/);
    } finally {
      await connection.close();
      await server.stop();
    }
  });

  it("survives Redis being killed and restarted mid-session", async () => {
    const server = await startRedisServer({ persistence: "aof" });
    const connection = await connectStdio([], cleanEnvironment({ REDIS_URL: server.url, REDIS_COMMAND_TIMEOUT_MS: "500", REDIS_CONNECT_TIMEOUT_MS: "500" }));
    try {
      await connection.client.callTool({ name: "queue_enqueue", arguments: { queue: "q", payloads: [1] } });
      await server.node.kill();
      const during = await connection.client.callTool({ name: "queue_stats", arguments: { queue: "q" } });
      expect(textOf(during)).toMatch(/^E_(REDIS_UNAVAILABLE|TIMEOUT)/);
      await server.node.start();
      const after = await eventually(
        () => connection.client.callTool({ name: "queue_stats", arguments: { queue: "q" } }),
        (result) => !result.isError,
      );
      expect(after.structuredContent).toMatchObject({ ready: 1 });
    } finally {
      await connection.close();
      await server.stop();
    }
  });
});
