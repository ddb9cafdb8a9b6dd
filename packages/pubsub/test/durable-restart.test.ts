import type { RedisMcpError } from "@redis-mcp/core";
import { startRedisServer } from "@redis-mcp/test-redis";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { createDurableTopic } from "../src/index.js";
import { eventually, pause } from "./support/waiting.js";

describe("durable topic across a Redis crash with AOF (appendfsync always)", () => {
  it("loses no acknowledged publish and drops no unacknowledged delivery", async () => {
    const server = await startRedisServer({ persistence: "aof" });
    const redis = new Redis(server.port, { retryStrategy: () => 50, maxRetriesPerRequest: 1 });
    redis.on("error", () => undefined);
    const errors: RedisMcpError[] = [];
    const topic = createDurableTopic<number>(redis, {
      topic: "aof",
      group: "g",
      consumer: "c",
      visibilityTimeoutMs: 1_000,
      retryDelayMs: 0,
      onError: (error) => errors.push(error),
    });
    const processed = new Map<string, number>();
    const stop = await topic.consume(
      async (message) => {
        // Slow enough that deliveries are in flight (pending, unacknowledged) when Redis dies.
        await pause(5);
        processed.set(message.entryId, (processed.get(message.entryId) ?? 0) + 1);
      },
      { concurrency: 8 },
    );
    const acknowledged: string[] = [];
    const publish = async (value: number) => {
      try {
        acknowledged.push(await topic.publish(value));
      } catch {
        // Redis was down: not acknowledged, so nothing is promised about it.
      }
    };
    try {
      for (let value = 0; value < 1_000; value++) await publish(value);
      await eventually(() => expect(processed.size).toBeGreaterThan(300));

      const pendingAtCrash = Number(((await redis.xpending(topic.keys.stream, "g")) as unknown[])[0]);
      await server.node.kill();
      expect(pendingAtCrash).toBeGreaterThan(0);
      // Publishing goes on while Redis is down; what fails was never acknowledged.
      for (let value = 1_000; value < 1_020; value++) await publish(value);
      await server.node.start();
      for (let value = 1_020; value < 1_520; value++) await publish(value);

      await eventually(() => expect(acknowledged.filter((entryId) => !processed.has(entryId))).toEqual([]), 60_000);
      await eventually(async () => expect(await topic.stats()).toMatchObject({ pending: 0, undelivered: 0, deadLetters: 0 }), 30_000);
      // Every acknowledged publish is in the stream after the crash (AOF); ambiguous ones may be too.
      expect((await topic.stats()).length).toBeGreaterThanOrEqual(acknowledged.length);
      expect(acknowledged.length).toBeGreaterThanOrEqual(1_500);
      const duplicates = [...processed.values()].reduce((sum, count) => sum + count - 1, 0);
      console.log(
        `AOF crash: ${pendingAtCrash} deliveries pending at the crash; ${acknowledged.length} acknowledged publishes, all processed; ${duplicates} duplicate deliveries; ${errors.length} errors reported`,
      );
    } finally {
      await stop();
      redis.disconnect();
      await pause(10);
      await server.stop();
    }
  });
});
