import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import { createQueue } from "../src/queue/queue.js";
import { topologies } from "./topologies.js";

describe.each(topologies)("queue retries on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("delivers a job again after its visibility timeout, counting the attempt", async () => {
    const queue = createQueue(redis, { name: "visibility" });
    const id = await queue.enqueue({ task: "resize" });
    const [first] = await queue.dequeue({ visibilityTimeoutMs: 100 });
    expect(first).toMatchObject({ id, attempts: 1 });
    const [second] = await queue.dequeue({ waitMs: 10_000 });
    expect(second).toMatchObject({ id, payload: { task: "resize" }, attempts: 2 });
    expect(second?.enqueuedAt).toBe(first?.enqueuedAt);
  });

  it("refuses the ack of an expired delivery once the job was delivered again", async () => {
    const queue = createQueue(redis, { name: "stale-ack" });
    await queue.enqueue("work");
    const [stale] = await queue.dequeue({ visibilityTimeoutMs: 50 });
    const [fresh] = await queue.dequeue({ waitMs: 10_000 });
    if (!stale || !fresh) throw new Error("expected two deliveries");
    expect(fresh.id).toBe(stale.id);
    expect(await queue.ack(stale)).toBe(false);
    expect(await queue.nack(stale)).toBe("not-in-flight");
    expect(await queue.stats()).toMatchObject({ inFlight: 1 });
    expect(await queue.ack(fresh)).toBe(true);
    expect(await queue.stats()).toEqual({ ready: 0, inFlight: 0, delayed: 0, deadLetter: 0 });
  });

  it("does not deliver a job twice while its visibility timeout runs", async () => {
    const queue = createQueue(redis, { name: "invisible", visibilityTimeoutMs: 60_000 });
    await queue.enqueue("once");
    expect(await queue.dequeue()).toHaveLength(1);
    expect(await queue.dequeue({ count: 10 })).toEqual([]);
    expect(await queue.requeueExpired()).toEqual({ requeued: 0, deadLettered: 0 });
  });

  it("counts attempts over nacks and dead-letters the job at maxAttempts", async () => {
    const queue = createQueue(redis, { name: "attempts", maxAttempts: 3 });
    const id = await queue.enqueue({ poison: true });
    const outcomes: string[] = [];
    const attempts: number[] = [];
    for (let round = 0; round < 3; round++) {
      const [job] = await queue.dequeue();
      if (!job) throw new Error(`no delivery in round ${round}`);
      attempts.push(job.attempts);
      outcomes.push(await queue.nack(job));
    }
    expect(attempts).toEqual([1, 2, 3]);
    expect(outcomes).toEqual(["requeued", "requeued", "dead-lettered"]);
    expect(await queue.dequeue()).toEqual([]);
    expect(await queue.stats()).toEqual({ ready: 0, inFlight: 0, delayed: 0, deadLetter: 1 });
    expect(await queue.deadLetters()).toEqual({ total: 1, jobs: [{ id, payload: { poison: true }, attempts: 3, enqueuedAt: expect.any(Number) }] });
  });

  it("puts a nacked job at the back of the ready list", async () => {
    const queue = createQueue(redis, { name: "back-of-line" });
    await queue.enqueue(["a", "b"]);
    const [a] = await queue.dequeue();
    if (!a) throw new Error("expected a job");
    await queue.nack(a);
    expect((await queue.dequeue({ count: 2 })).map((job) => job.payload)).toEqual(["b", "a"]);
  });

  it("dead-letters an expired job that used its last attempt", async () => {
    const queue = createQueue(redis, { name: "expire-dead", maxAttempts: 1, visibilityTimeoutMs: 50 });
    const id = await queue.enqueue("crashy");
    expect(await queue.dequeue()).toHaveLength(1);
    expect(await queue.dequeue({ waitMs: 500 })).toEqual([]);
    // The wait outlived the deadline, and every poll requeues expired jobs, but the 500 ms wait is
    // not a promise about time on a loaded machine: requeue explicitly until it has happened.
    while ((await queue.stats()).inFlight > 0) await queue.requeueExpired();
    expect(await queue.stats()).toEqual({ ready: 0, inFlight: 0, delayed: 0, deadLetter: 1 });
    expect((await queue.deadLetters()).jobs.map((job) => [job.id, job.attempts])).toEqual([[id, 1]]);
  });

  it("delays a nacked job by retryDelayMs", async () => {
    const queue = createQueue(redis, { name: "nack-delay" });
    const id = await queue.enqueue("retry me");
    const [first] = await queue.dequeue();
    if (!first) throw new Error("expected a job");
    expect(await queue.nack(first, { retryDelayMs: 60_000 })).toBe("delayed");
    expect(await queue.stats()).toEqual({ ready: 0, inFlight: 0, delayed: 1, deadLetter: 0 });
    expect(await queue.dequeue()).toEqual([]);
    await queue.purge();

    const soonId = await queue.enqueue("retry soon");
    const [again] = await queue.dequeue();
    if (!again) throw new Error("expected a job");
    expect(await queue.nack(again, { retryDelayMs: 50 })).toBe("delayed");
    const [redelivered] = await queue.dequeue({ waitMs: 10_000 });
    expect(redelivered).toMatchObject({ id: soonId, attempts: 2, payload: "retry soon" });
    expect(soonId).not.toBe(id);
  });

  it("returns expired deliveries with requeueExpired, ahead of jobs that wait", async () => {
    const queue = createQueue(redis, { name: "reaper" });
    await queue.enqueue(["a", "b", "c", "d"]);
    // The long delivery first: a dequeue after the short one could already requeue it.
    await queue.dequeue({ count: 1, visibilityTimeoutMs: 60_000 });
    await queue.dequeue({ count: 2, visibilityTimeoutMs: 1 });
    let moved = { requeued: 0, deadLettered: 0 };
    while (moved.requeued < 2) {
      const result = await queue.requeueExpired({ limit: 10 });
      moved = { requeued: moved.requeued + result.requeued, deadLettered: moved.deadLettered + result.deadLettered };
    }
    expect(moved).toEqual({ requeued: 2, deadLettered: 0 });
    expect(await queue.stats()).toEqual({ ready: 3, inFlight: 1, delayed: 0, deadLetter: 0 });
    const again = await queue.dequeue({ count: 5 });
    // b and c share a deadline, so their mutual order is not defined; both come before d.
    expect(
      again
        .slice(0, 2)
        .map((job) => [job.payload, job.attempts])
        .sort(),
    ).toEqual([
      ["b", 2],
      ["c", 2],
    ]);
    expect(again.slice(2).map((job) => [job.payload, job.attempts])).toEqual([["d", 1]]);
  });

  it("lists dead letters in windows and retries them with fresh attempts", async () => {
    const queue = createQueue<{ index: number }>(redis, { name: "graveyard", maxAttempts: 1 });
    await queue.enqueue(Array.from({ length: 5 }, (_, index) => ({ index })));
    for (const job of await queue.dequeue({ count: 5 })) expect(await queue.nack(job)).toBe("dead-lettered");
    const page = await queue.deadLetters({ offset: 1, limit: 2 });
    expect(page.total).toBe(5);
    expect(page.jobs.map((job) => job.payload.index)).toEqual([1, 2]);
    expect((await queue.deadLetters({ offset: 4, limit: 10 })).jobs.map((job) => job.payload.index)).toEqual([4]);
    expect((await queue.deadLetters({ offset: 9 })).jobs).toEqual([]);

    expect(await queue.retryDeadLetters({ limit: 2 })).toBe(2);
    expect(await queue.stats()).toEqual({ ready: 2, inFlight: 0, delayed: 0, deadLetter: 3 });
    const retried = await queue.dequeue({ count: 5 });
    expect(retried.map((job) => [job.payload.index, job.attempts])).toEqual([
      [0, 1],
      [1, 1],
    ]);
    expect(await queue.retryDeadLetters()).toBe(3);
    expect(await queue.retryDeadLetters()).toBe(0);
  });
});
