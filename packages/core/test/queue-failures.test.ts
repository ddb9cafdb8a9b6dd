import { type StandaloneRedis, startRedisServer } from "@redis-mcp/test-redis";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { createQueue } from "../src/queue/queue.js";

async function codeOf(work: Promise<unknown>): Promise<string | undefined> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return RedisMcpError.isInstance(error) ? error.code : String(error);
}

describe("queue when Redis goes away", () => {
  let server: StandaloneRedis;
  let redis: Redis;
  beforeAll(async () => {
    server = await startRedisServer();
    // What a production client should have: no endless offline queue, so a down server is an error, not a wait.
    redis = new Redis(server.port, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: () => 50 });
    redis.on("error", () => {});
    await redis.connect();
  });
  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  it("fails with E_REDIS_UNAVAILABLE instead of hanging, also in a waiting dequeue, and works again after a restart", async () => {
    const queue = createQueue(redis, { name: "fragile" });
    const id = await queue.enqueue("before the outage");
    await server.node.kill();
    expect(await codeOf(queue.dequeue({ waitMs: 60_000 }))).toBe("E_REDIS_UNAVAILABLE");
    expect(await codeOf(queue.enqueue("during the outage"))).toBe("E_REDIS_UNAVAILABLE");
    expect(await codeOf(queue.ack(id))).toBe("E_REDIS_UNAVAILABLE");
    expect(await codeOf(queue.stats())).toBe("E_REDIS_UNAVAILABLE");
    expect(await codeOf(queue.purge())).toBe("E_REDIS_UNAVAILABLE");
    await server.node.start();
    // Wait for the reconnect (not for time): poll until the client is ready again.
    while (redis.status !== "ready") await new Promise((resolve) => setTimeout(resolve, 20));
    await queue.purge();
    await queue.enqueue("after the outage");
    expect((await queue.dequeue({ waitMs: 5_000 })).map((job) => job.payload)).toEqual(["after the outage"]);
  });
});
