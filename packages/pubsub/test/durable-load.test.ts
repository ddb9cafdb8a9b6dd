import { useRedis } from "@redis-mcp/test-redis/vitest";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { createDurableTopic } from "../src/index.js";
import { ChildConsumer } from "./support/child-consumer.js";
import { eventually } from "./support/waiting.js";

const MESSAGES = 10_000;

describe("10,000 messages through 4 consumer processes", () => {
  it("processes each at least once, even when one process is SIGKILLed midway, and reports the duplicates", async () => {
    const server = await useRedis();
    const redis = new Redis(server.port);
    const settings = { topic: "load", group: "workers", visibilityTimeoutMs: 2_000 };
    const countsKey = "{load}:counts";
    const topic = createDurableTopic(redis, settings);
    const children = Array.from(
      { length: 4 },
      (_, index) => new ChildConsumer({ ...settings, address: { port: server.port }, consumer: `worker-${index}`, mode: "count", countsKey, concurrency: 16 }),
    );
    try {
      await Promise.all(children.map((child) => child.waitFor((events) => events.some((event) => event.event === "ready"))));
      const ids: string[] = [];
      for (let start = 0; start < MESSAGES; start += 500) {
        const batch = Array.from({ length: 500 }, (_, offset) => topic.publish({ n: start + offset }));
        ids.push(...(await Promise.all(batch)));
      }
      await eventually(async () => expect(await redis.hlen(countsKey)).toBeGreaterThan(2_500), 60_000);
      expect(await children[0]?.kill()).toBe("SIGKILL");

      await eventually(async () => expect(await redis.hlen(countsKey)).toBe(MESSAGES), 120_000);
      await eventually(async () => expect(await topic.stats()).toMatchObject({ length: MESSAGES, pending: 0, undelivered: 0, deadLetters: 0 }), 60_000);
      const counts = await redis.hvals(countsKey);
      expect(counts).toHaveLength(MESSAGES);
      const deliveries = counts.reduce((sum, count) => sum + Number(count), 0);
      expect(deliveries).toBeGreaterThanOrEqual(MESSAGES);
      const perWorker = children.map((child) => child.events.filter((event) => event.event === "taken").length);
      console.log(
        `10,000 messages, 4 consumer processes (one SIGKILLed midway): ${deliveries - MESSAGES} duplicate deliveries; handler starts per worker ${perWorker.join(", ")}`,
      );
      expect(new Set(ids).size).toBe(MESSAGES);
    } finally {
      await Promise.all(children.slice(1).map((child) => child.stop()));
      await children[0]?.kill();
      redis.disconnect();
    }
  });
});
