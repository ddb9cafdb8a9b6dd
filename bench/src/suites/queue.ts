import { setMaxListeners } from "node:events";
import { createQueue } from "@redis-mcp/core/queue";
import { startRedisServer } from "@redis-mcp/test-redis";
import { Queue as BullQueue, Worker as BullWorker } from "bullmq";
import { Redis } from "ioredis";
import { compare } from "../harness.js";
import type { Suite } from "../suite.js";

/** Jobs a consumer works on at once: our dequeue batch, BullMQ's Worker concurrency. */
const IN_FLIGHT = 16;

/** The same ~100-byte JSON payload for both libraries. */
function payload(index: number): { orderId: number; customer: string; items: string[] } {
  return { orderId: index, customer: "customer-000042", items: ["sku-0001", "sku-0002", "sku-0003", "sku-0004"] };
}

/** Simulated work: yields once, as an async handler does. */
const work = async (_payload: unknown): Promise<void> => {};

/** 0 .. count - 1. */
function indices(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}

/**
 * Reliable-queue throughput end to end, against BullMQ on the same spawned server. One operation is
 * one job produced, delivered, processed and completed; a run ends when all N jobs are completed
 * and the queue is checked empty (so rounds start clean). Fairness:
 * - equal ~100-byte JSON payloads, a no-op async handler on both sides;
 * - producers make one add call per job (`enqueue(payload)` / `Queue.add`), all N issued at once;
 *   our queue object merges the calls of one tick into one Lua call (a library feature any caller
 *   gets), BullMQ runs one script per add;
 * - at most IN_FLIGHT jobs in flight: BullMQ's Worker concurrency, our batch size (or IN_FLIGHT
 *   single-job loops). Our consumer sends the ack and its next dequeue together, ack first on the
 *   same connection, as BullMQ's Worker completes a job and fetches the next in one call;
 * - completed jobs are deleted on both sides (our ack, BullMQ removeOnComplete);
 * - producer and consumer have their own connections on both sides.
 */
export const suite: Suite = {
  name: "queue",
  description: `reliable queue enqueue -> dequeue -> ack vs BullMQ add -> Worker (${IN_FLIGHT} in flight), jobs completed per second`,
  async run() {
    const server = await startRedisServer();
    const connection = { host: server.host, port: server.port };
    const producerClient = new Redis(server.port);
    const consumerClient = new Redis(server.port);
    const producer = createQueue(producerClient, { name: "bench" });
    const consumer = createQueue(consumerClient, { name: "bench" });

    const bullQueue = new BullQueue("bench", { connection, defaultJobOptions: { removeOnComplete: true, removeOnFail: true } });
    let bullCompleted = 0;
    let bullTarget = 0;
    let bullDone: (() => void) | undefined;
    const bullWorker = new BullWorker("bench", (job) => work(job.data), { connection: { ...connection, maxRetriesPerRequest: null }, concurrency: IN_FLIGHT });
    bullWorker.on("completed", () => {
      bullCompleted += 1;
      if (bullCompleted === bullTarget) bullDone?.();
    });
    await bullWorker.waitUntilReady();

    try {
      const result = await compare({
        title: `reliable queue vs BullMQ: jobs produced, processed and completed per second (${IN_FLIGHT} in flight)`,
        baseline: "BullMQ Queue.add -> Worker",
        variants: [
          {
            name: "redis-mcp queue (batch dequeue + batch ack)",
            async run(operations) {
              const producing = Promise.all(indices(operations).map((index) => producer.enqueue(payload(index))));
              let completed = 0;
              let jobs = await consumer.dequeue({ count: IN_FLIGHT, waitMs: 1_000 });
              while (completed < operations) {
                await Promise.all(jobs.map((job) => work(job.payload)));
                // Ack and the next dequeue go out together, ack first on the same connection: one
                // round trip, and Redis never has more than IN_FLIGHT jobs in flight.
                const last = completed + jobs.length >= operations;
                const [flags, next] = await Promise.all([consumer.ack(jobs), last ? [] : consumer.dequeue({ count: IN_FLIGHT, waitMs: 1_000 })]);
                completed += flags.filter(Boolean).length;
                jobs = next;
              }
              await producing;
              await assertEmpty(await consumer.stats());
            },
          },
          {
            name: `redis-mcp queue (${IN_FLIGHT} loops: dequeue 1, ack 1)`,
            async run(operations) {
              const producing = Promise.all(indices(operations).map((index) => producer.enqueue(payload(index))));
              let completed = 0;
              const finished = new AbortController();
              setMaxListeners(IN_FLIGHT + 1, finished.signal);
              await Promise.all(
                indices(IN_FLIGHT).map(async () => {
                  const take = async () => (await consumer.dequeue({ waitMs: 1_000, signal: finished.signal }))[0];
                  let job = await take();
                  while (completed < operations) {
                    if (!job) {
                      job = await take();
                      continue;
                    }
                    await work(job.payload);
                    // Counted as soon as it lands, so the last ack ends every other loop's wait at once.
                    const acking = consumer.ack(job).then((acked) => {
                      if (acked) completed += 1;
                      if (completed === operations) finished.abort();
                    });
                    [, job] = await Promise.all([acking, take()]);
                  }
                  // A job taken after the last one was done cannot exist: all were produced and acked.
                  if (job) throw new Error(`job ${job.id} delivered after all ${operations} were completed`);
                }),
              );
              await producing;
              await assertEmpty(await consumer.stats());
            },
          },
          {
            name: "BullMQ Queue.add -> Worker",
            async run(operations) {
              bullCompleted = 0;
              bullTarget = operations;
              const allCompleted = new Promise<void>((resolve) => {
                bullDone = resolve;
              });
              await Promise.all(indices(operations).map((index) => bullQueue.add("job", payload(index))));
              await allCompleted;
              const counts = await bullQueue.getJobCounts("wait", "active", "delayed", "failed", "completed");
              await assertEmpty({
                ready: counts.wait ?? 0,
                inFlight: counts.active ?? 0,
                delayed: counts.delayed ?? 0,
                deadLetter: (counts.failed ?? 0) + (counts.completed ?? 0),
              });
            },
          },
        ],
      });
      return [result];
    } finally {
      await bullWorker.close();
      await bullQueue.close();
      producerClient.disconnect();
      consumerClient.disconnect();
      await server.stop();
    }
  },
};

/** Every round must leave the queue empty, or the next round would measure leftovers. */
async function assertEmpty(counts: { ready: number; inFlight: number; delayed: number; deadLetter: number }): Promise<void> {
  if (Object.values(counts).some((count) => count !== 0)) throw new Error(`queue not empty after a round: ${JSON.stringify(counts)}`);
}
