import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import { createQueue } from "../src/queue/queue.js";
import { topologies } from "./topologies.js";

const CONSUMERS = 5;
const JOBS = 500;

describe.each(topologies)("queue consumers on $name", (topology) => {
  let redis: RedisClient;
  const consumerClients: RedisClient[] = [];
  beforeAll(async () => {
    redis = await topology.connect();
    for (let consumer = 0; consumer < CONSUMERS; consumer++) consumerClients.push(await topology.connect());
  });
  afterAll(() => {
    redis.disconnect();
    for (const client of consumerClients) client.disconnect();
  });

  it("gives each of 500 jobs to exactly one of 5 concurrent consumers, each on its own connection", async () => {
    const producer = createQueue<{ index: number }>(redis, { name: "work" });
    const produced = new Set<string>();
    // Produce while the consumers already run, in batches and one by one.
    const producing = (async () => {
      for (let start = 0; start < JOBS; start += 50) {
        for (const id of await producer.enqueue(Array.from({ length: 25 }, (_, offset) => ({ index: start + offset })))) produced.add(id);
        for (let offset = 25; offset < 50; offset++) produced.add(await producer.enqueue({ index: start + offset }));
      }
    })();
    const deliveries: string[][] = Array.from({ length: CONSUMERS }, () => []);
    let acked = 0;
    await Promise.all(
      consumerClients.map(async (client, consumer) => {
        const queue = createQueue<{ index: number }>(client, { name: "work" });
        while (acked < JOBS) {
          const jobs = await queue.dequeue({ count: 1 + (consumer % 3) * 4, waitMs: 100 });
          for (const job of jobs) {
            deliveries[consumer]?.push(job.id);
            expect(job.attempts).toBe(1);
          }
          const flags = await queue.ack(jobs);
          acked += flags.filter(Boolean).length;
          expect(flags.every(Boolean)).toBe(true);
        }
      }),
    );
    await producing;
    const all = deliveries.flat();
    expect(all).toHaveLength(JOBS);
    expect(new Set(all)).toEqual(produced);
    expect(await producer.stats()).toEqual({ ready: 0, inFlight: 0, delayed: 0, deadLetter: 0 });
    // Everyone took part: 5 consumers polling the same list really competed for it.
    expect(deliveries.filter((ids) => ids.length > 0).length).toBeGreaterThan(1);
  });

  it("ends a bounded wait with an empty list when nothing arrives", async () => {
    const queue = createQueue(redis, { name: "quiet" });
    expect(await queue.dequeue({ waitMs: 200 })).toEqual([]);
    expect(await queue.dequeue({ waitMs: 0 })).toEqual([]);
  });

  it("delivers a job enqueued while a consumer waits", async () => {
    const consumer = createQueue(consumerClients[0] as RedisClient, { name: "arrival" });
    const producer = createQueue(redis, { name: "arrival" });
    const waiting = consumer.dequeue({ waitMs: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const id = await producer.enqueue({ hello: "world" });
    const jobs = await waiting;
    expect(jobs.map((job) => [job.id, job.payload])).toEqual([[id, { hello: "world" }]]);
  });

  it("ends a wait early when its signal aborts, taking nothing afterwards", async () => {
    const queue = createQueue(redis, { name: "aborted" });
    const controller = new AbortController();
    const waiting = queue.dequeue({ waitMs: 20_000, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    expect(await waiting).toEqual([]);
    await queue.enqueue("after abort");
    expect(await queue.dequeue({ signal: controller.signal })).toEqual([]);
    expect(await queue.stats()).toMatchObject({ ready: 1, inFlight: 0 });
  });
});
