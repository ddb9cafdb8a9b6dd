import { createQueue } from "@redis-mcp/core/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runJson, stable, type Target, targets } from "./support/cli.js";

describe.each(targets)("queue commands on $name", (target) => {
  let redis: Target;
  beforeAll(async () => {
    redis = await target.connect();
  });
  afterAll(() => redis.close());

  async function arrange() {
    const queue = createQueue(redis.client, { name: "orders", visibilityTimeoutMs: 1, maxAttempts: 2 });
    await queue.enqueue({ orderId: 1 }, { id: "order-1" });
    await queue.enqueue("plain text", { id: "order-2" });
    await queue.enqueue(Buffer.from([1, 2, 3]), { id: "order-3" });
    await queue.enqueue({ orderId: 9 }, { id: "order-9", delayMs: 60_000 });
    const [taken] = await queue.dequeue();
    return { queue, taken };
  }

  it("stats counts jobs by state", async () => {
    await arrange();
    const { json } = await runJson(["queue", "stats", "orders", ...redis.flags]);
    expect(json).toEqual({ queue: "orders", ready: 2, inFlight: 1, delayed: 1, deadLetter: 0 });
    expect((await runCli(["queue", "stats", "orders", ...redis.flags])).stdout).toBe(
      "QUEUE   READY  IN FLIGHT  DELAYED  DEAD\norders      2          1        1     0\n",
    );
  });

  it("peek shows ready, delayed and in-flight jobs without taking them", async () => {
    const { queue, taken } = await arrange();
    const ready = await runJson<{ total: number; jobs: { id: string; payload: unknown; dueAt: number | null }[] }>(["queue", "peek", "orders", ...redis.flags]);
    expect(ready.json.total).toBe(2);
    expect(ready.json.jobs.map((job) => [job.id, job.payload, job.dueAt])).toEqual([
      ["order-2", "plain text", null],
      ["order-3", { base64: "AQID" }, null],
    ]);
    const delayed = await runJson<{ jobs: { id: string; dueAt: number }[] }>(["queue", "peek", "orders", "--state", "delayed", ...redis.flags]);
    expect(delayed.json.jobs.map((job) => job.id)).toEqual(["order-9"]);
    const inFlight = await runJson<{ jobs: { id: string; dueAt: number }[] }>(["queue", "peek", "orders", "--state", "in-flight", ...redis.flags]);
    expect(inFlight.json.jobs).toEqual([expect.objectContaining({ id: taken?.id, dueAt: (taken?.deliveredAt ?? 0) + 1 })]);
    expect(await queue.stats()).toEqual({ ready: 2, inFlight: 1, delayed: 1, deadLetter: 0 });
    expect(stable((await runCli(["queue", "peek", "orders", ...redis.flags])).stdout)).toMatchSnapshot();
  });

  it("requeue-expired returns expired deliveries, or dead-letters them after --max-attempts", async () => {
    const { queue } = await arrange();
    // The visibility timeout is 1 ms: by now the delivery has expired.
    expect((await runJson(["queue", "requeue-expired", "orders", ...redis.flags])).json).toEqual({ queue: "orders", requeued: 1, deadLettered: 0 });
    await queue.dequeue({ count: 3 });
    const run = await runJson(["queue", "requeue-expired", "orders", "--max-attempts", "1", ...redis.flags]);
    expect(run.json).toEqual({ queue: "orders", requeued: 0, deadLettered: 3 });
    expect(await queue.stats()).toMatchObject({ inFlight: 0, deadLetter: 3 });
  });

  it("dead-letters lists the jobs that used every attempt", async () => {
    const queue = createQueue(redis.client, { name: "failing", maxAttempts: 1 });
    await queue.enqueue({ orderId: 1 }, { id: "order-1" });
    const [job] = await queue.dequeue();
    expect(await queue.nack(job ?? "order-1")).toBe("dead-lettered");
    const { json } = await runJson<{ total: number; jobs: { id: string; attempts: number; payload: unknown }[] }>([
      "queue",
      "dead-letters",
      "failing",
      ...redis.flags,
    ]);
    expect(json).toMatchObject({ queue: "failing", total: 1, jobs: [{ id: "order-1", attempts: 1, payload: { orderId: 1 } }] });
    expect((await runCli(["queue", "dead-letters", "failing", ...redis.flags])).stdout).toMatch(/^1 dead letter in failing\n\nID +ATTEMPTS/);
  });

  it("refuses a queue name with braces (exit 2)", async () => {
    const run = await runCli(["queue", "stats", "{bad}", ...redis.flags]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^redis-mcp: queue: name must be a non-empty string without braces/);
  });
});
