import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import { slotOf } from "../src/cluster/slots.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { createQueue } from "../src/queue/queue.js";
import { topologies } from "./topologies.js";

async function codeOf(work: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  const error = await (async () => (typeof work === "function" ? work() : work))().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return RedisMcpError.isInstance(error) ? error.code : String(error);
}

describe.each(topologies)("queue basics on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("delivers jobs in FIFO order with their payload, attempts and timestamps", async () => {
    const queue = createQueue<{ step: number }>(redis, { name: "fifo" });
    const ids = await queue.enqueue(Array.from({ length: 20 }, (_, step) => ({ step })));
    const single = await queue.enqueue({ step: 20 });
    expect(new Set([...ids, single]).size).toBe(21);
    const first = await queue.dequeue();
    const rest = await queue.dequeue({ count: 50 });
    const delivered = [...first, ...rest];
    expect(delivered.map((job) => job.payload.step)).toEqual(Array.from({ length: 21 }, (_, step) => step));
    expect(delivered.map((job) => job.id)).toEqual([...ids, single]);
    for (const job of delivered) {
      expect(job.attempts).toBe(1);
      expect(job.enqueuedAt).toBeGreaterThan(1_600_000_000_000);
      expect(job.deliveredAt).toBeGreaterThanOrEqual(job.enqueuedAt);
    }
    expect(await queue.dequeue()).toEqual([]);
  });

  it("sends the enqueues and acks of one tick together, keeping call order and each call's own outcome", async () => {
    const queue = createQueue<number>(redis, { name: "same-tick" });
    const calls = Array.from({ length: 300 }, (_, index) => queue.enqueue(index));
    const rejected = queue.enqueue(undefined as unknown as number).catch((error: unknown) => error);
    const duplicate = [queue.enqueue(-1, { id: "twice" }), queue.enqueue(-2, { id: "twice" })];
    // Not awaited: stats must still see every enqueue called before it.
    const counted = queue.stats();
    const ids = await Promise.all(calls);
    expect(String(await rejected)).toMatch(/cannot be stored/);
    expect(await Promise.all(duplicate)).toEqual(["twice", "twice"]);
    expect(await counted).toMatchObject({ ready: 301 });
    const jobs = await queue.dequeue({ count: 301 });
    expect(jobs.map((job) => job.payload)).toEqual([...Array.from({ length: 300 }, (_, index) => index), -1]);
    expect(jobs.slice(0, 300).map((job) => job.id)).toEqual(ids);

    // ack of "twice" then a new "twice" in the same tick: the ack goes first, so the new job exists.
    const twice = jobs.at(-1);
    if (!twice) throw new Error("expected the job named twice");
    const [acked, again] = await Promise.all([queue.ack(twice), queue.enqueue(-3, { id: "twice" }), queue.ack(jobs.slice(0, 300))]);
    expect([acked, again]).toEqual([true, "twice"]);
    expect((await queue.dequeue()).map((job) => [job.id, job.payload])).toEqual([["twice", -3]]);
  });

  it("keeps strings, bytes and JSON apart", async () => {
    const queue = createQueue<unknown>(redis, { name: "kinds" });
    const bytes = Buffer.from([0x00, 0xff, 0xc3, 0x28]);
    await queue.enqueue(["text", bytes, { nested: [1, null] }, 5, null]);
    const payloads = (await queue.dequeue({ count: 5 })).map((job) => job.payload);
    expect(payloads[0]).toBe("text");
    expect(Buffer.isBuffer(payloads[1]) && (payloads[1] as Buffer).equals(bytes)).toBe(true);
    expect(payloads.slice(2)).toEqual([{ nested: [1, null] }, 5, null]);
  });

  it("uses a given id once: enqueueing it again adds nothing", async () => {
    const queue = createQueue(redis, { name: "idempotent" });
    expect(await queue.enqueue("first", { id: "order-7" })).toBe("order-7");
    expect(await queue.enqueue("second", { id: "order-7" })).toBe("order-7");
    const jobs = await queue.dequeue({ count: 10 });
    expect(jobs.map((job) => [job.id, job.payload])).toEqual([["order-7", "first"]]);
  });

  it("acks a delivery once; unknown ids and second acks are false", async () => {
    const queue = createQueue(redis, { name: "acks" });
    await queue.enqueue(["a", "b", "c"]);
    const [a, b, c] = await queue.dequeue({ count: 3 });
    if (!a || !b || !c) throw new Error("expected three jobs");
    expect(await queue.ack(a)).toBe(true);
    expect(await queue.ack(a)).toBe(false);
    expect(await queue.ack("no-such-job")).toBe(false);
    expect(await queue.ack([b, c.id, "no-such-job"])).toEqual([true, true, false]);
    expect(await queue.ack([])).toEqual([]);
    expect(await queue.stats()).toEqual({ ready: 0, inFlight: 0, delayed: 0, deadLetter: 0 });
    expect(await redis.hlen(queue.keys.jobs)).toBe(0);
  });

  it("holds a delayed job back until it is due", async () => {
    const queue = createQueue(redis, { name: "delayed" });
    await queue.enqueue("later", { delayMs: 60_000 });
    const [soonId] = await queue.enqueue(["soon"], { delayMs: 50 });
    expect(await queue.stats()).toEqual({ ready: 0, inFlight: 0, delayed: 2, deadLetter: 0 });
    const [job] = await queue.dequeue({ waitMs: 10_000 });
    expect(job?.id).toBe(soonId);
    expect(job?.payload).toBe("soon");
    expect(await queue.dequeue()).toEqual([]);
    expect(await queue.stats()).toEqual({ ready: 0, inFlight: 1, delayed: 1, deadLetter: 0 });
  });

  it("counts every state in stats and purges them all", async () => {
    const queue = createQueue(redis, { name: "counted", maxAttempts: 1 });
    await queue.enqueue(["a", "b", "c", "d"]);
    await queue.enqueue("e", { delayMs: 60_000 });
    const [first, second] = await queue.dequeue({ count: 2 });
    if (!first || !second) throw new Error("expected two jobs");
    expect(await queue.nack(first)).toBe("dead-lettered");
    expect(await queue.stats()).toEqual({ ready: 2, inFlight: 1, delayed: 1, deadLetter: 1 });
    await queue.purge();
    expect(await queue.stats()).toEqual({ ready: 0, inFlight: 0, delayed: 0, deadLetter: 0 });
    expect(await redis.exists(...Object.values(queue.keys))).toBe(0);
  });

  it("keeps every key of a queue in one cluster slot", async () => {
    const queue = createQueue(redis, { name: "tagged" });
    await queue.enqueue("x");
    expect(new Set(Object.values(queue.keys).map(slotOf)).size).toBe(1);
    expect(queue.keys.ready).toBe("queue:{tagged}:ready");
  });

  it("rejects bad input before sending anything", async () => {
    expect(await codeOf(() => createQueue(redis, { name: "" }))).toBe("E_INVALID_ARGUMENT");
    expect(await codeOf(() => createQueue(redis, { name: "q", visibilityTimeoutMs: 0 }))).toBe("E_INVALID_ARGUMENT");
    expect(await codeOf(() => createQueue(redis, { name: "q", maxAttempts: 1.5 }))).toBe("E_INVALID_ARGUMENT");
    const queue = createQueue(redis, { name: "strict" });
    expect(await codeOf(queue.enqueue(undefined))).toBe("E_INVALID_ARGUMENT");
    expect(await codeOf(queue.enqueue(["ok", () => 1]))).toBe("E_INVALID_ARGUMENT");
    expect(await codeOf(queue.enqueue("x", { delayMs: -1 }))).toBe("E_INVALID_ARGUMENT");
    expect(await codeOf(queue.enqueue("x", { id: "" }))).toBe("E_INVALID_ARGUMENT");
    await expect(queue.enqueue(["a"], { id: "named" } as object)).rejects.toThrow(/id names one job/);
    await expect(queue.enqueue(Array.from({ length: 10_001 }, () => 1))).rejects.toThrow(/number of payloads must be an integer from 0 to 10000/);
    expect(await codeOf(queue.dequeue({ count: 0 }))).toBe("E_INVALID_ARGUMENT");
    expect(await codeOf(queue.dequeue({ waitMs: Number.POSITIVE_INFINITY }))).toBe("E_INVALID_ARGUMENT");
    expect(await codeOf(queue.ack({ id: "x", attempts: 0 }))).toBe("E_INVALID_ARGUMENT");
    expect(await codeOf(queue.nack("x", { retryDelayMs: -5 }))).toBe("E_INVALID_ARGUMENT");
    expect(await codeOf(queue.deadLetters({ limit: 0 }))).toBe("E_INVALID_ARGUMENT");
    expect(await codeOf(queue.retryDeadLetters({ limit: 10_001 }))).toBe("E_INVALID_ARGUMENT");
    expect(await queue.stats()).toEqual({ ready: 0, inFlight: 0, delayed: 0, deadLetter: 0 });
  });
});
