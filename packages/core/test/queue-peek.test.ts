import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { peekQueue } from "../src/queue/peek-queue.js";
import { createQueue } from "../src/queue/queue.js";
import { topologies } from "./topologies.js";

describe.each(topologies)("peekQueue on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("shows ready jobs in delivery order with their payloads, and takes none", async () => {
    const queue = createQueue(redis, { name: "peeked" });
    const ids = await queue.enqueue([{ order: 1 }, "text", Buffer.from([1, 2, 3])]);
    const window = await peekQueue(redis, "peeked", { limit: 2 });
    expect(window).toMatchObject({ state: "ready", total: 3 });
    expect(window.jobs.map((job) => [job.id, job.payload, job.attempts, job.dueAt])).toEqual([
      [ids[0], { order: 1 }, 0, null],
      [ids[1], "text", 0, null],
    ]);
    expect((await peekQueue(redis, "peeked", { offset: 2 })).jobs[0]?.payload).toEqual(Buffer.from([1, 2, 3]));
    expect(await queue.stats()).toEqual({ ready: 3, inFlight: 0, delayed: 0, deadLetter: 0 });
  });

  it("shows delayed jobs with their due time and jobs in flight with their deadline", async () => {
    const queue = createQueue(redis, { name: "timed", visibilityTimeoutMs: 60_000 });
    await queue.enqueue("later", { delayMs: 30_000, id: "later" });
    await queue.enqueue("now", { id: "now" });
    const [taken] = await queue.dequeue();
    const delayed = await peekQueue(redis, "timed", { state: "delayed" });
    expect(delayed.jobs.map((job) => job.id)).toEqual(["later"]);
    expect(delayed.jobs[0]?.dueAt).toBeGreaterThan((delayed.jobs[0]?.enqueuedAt ?? 0) + 29_000);
    const inFlight = await peekQueue(redis, "timed", { state: "in-flight" });
    expect(inFlight).toMatchObject({ total: 1, jobs: [{ id: "now", attempts: 1 }] });
    expect(inFlight.jobs[0]?.dueAt).toBe((taken?.deliveredAt ?? 0) + 60_000);
  });

  it("refuses a bad state, limit or name before sending anything", async () => {
    for (const [name, options] of [
      ["q", { state: "gone" }],
      ["q", { limit: 0 }],
      ["{q}", {}],
    ] as const) {
      const error = await peekQueue(redis, name, options as never).catch((caught: unknown) => caught);
      expect(RedisMcpError.isInstance(error) && error.code).toBe("E_INVALID_ARGUMENT");
    }
  });
});
