import { type RedisClient, type RedisMcpError, RedisMcpError as RedisMcpErrorClass } from "@redis-mcp/core";
import { streamPending } from "@redis-mcp/core/data";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createDurableTopic, type DurableMessage, type DurableTopic, type StopConsuming } from "../src/index.js";
import { topologies } from "./support/topologies.js";
import { eventually, Inbox, pause, settlesWithin } from "./support/waiting.js";

describe.each(topologies)("durable topic on $name", (topology) => {
  let redis: RedisClient;
  const stops: StopConsuming[] = [];
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
  });
  afterAll(() => redis.disconnect());

  /** Starts a consumer and stops it after the test. */
  async function consume<T>(topic: DurableTopic<unknown, T>, handler: (message: DurableMessage<T>) => unknown, concurrency = 1) {
    const stop = await topic.consume(handler, { concurrency });
    stops.push(stop);
    return stop;
  }

  it("delivers published messages in order with their envelope, acknowledges them and keeps them in the stream", async () => {
    const topic = createDurableTopic<{ orderId: number }>(redis, { topic: "orders", group: "billing", consumer: "billing-1" });
    const ids = [await topic.publish({ orderId: 1 }), await topic.publish({ orderId: 2 })];
    const inbox = new Inbox<DurableMessage<{ orderId: number }>>();
    await consume(topic, inbox.push);
    const received = await inbox.waitFor(2);
    expect(received.map((message) => message.entryId)).toEqual(ids);
    expect(received[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      entryId: ids[0],
      timestamp: expect.any(Number),
      data: { orderId: 1 },
      topic: "orders",
      attempts: 1,
    });
    await eventually(async () => expect(await topic.stats()).toEqual({ length: 2, pending: 0, undelivered: 0, consumers: 1, deadLetters: 0 }));
  });

  it("gives every group every message, and shares a group's messages among its consumers", async () => {
    const billing = [
      createDurableTopic(redis, { topic: "events", group: "billing", consumer: "b1" }),
      createDurableTopic(redis, { topic: "events", group: "billing", consumer: "b2" }),
    ];
    const audit = createDurableTopic(redis, { topic: "events", group: "audit", consumer: "a1" });
    const billed = new Inbox<string>();
    const audited = new Inbox<string>();
    for (const topic of billing) await consume(topic, (message) => billed.push(message.id), 2);
    await consume(audit, (message) => audited.push(message.id));
    for (let index = 0; index < 20; index++) await audit.publish(index);
    await billed.waitFor(20);
    await audited.waitFor(20);
    await pause(100);
    expect(new Set(billed.items).size).toBe(20);
    expect(billed.items).toHaveLength(20);
    expect(audited.items).toHaveLength(20);
  });

  it("retries a failing handler, counting attempts, until it succeeds", async () => {
    const errors: RedisMcpError[] = [];
    const topic = createDurableTopic(redis, {
      topic: "flaky",
      group: "g",
      consumer: "c",
      visibilityTimeoutMs: 200,
      retryDelayMs: 0,
      maxAttempts: 3,
      onError: (error) => errors.push(error),
    });
    await topic.publish("work");
    const attempts = new Inbox<number>();
    await consume(topic, (message) => {
      attempts.push(message.attempts);
      if (message.attempts < 3) throw new Error(`attempt ${message.attempts} failed`);
    });
    expect(await attempts.waitFor(3)).toEqual([1, 2, 3]);
    await eventually(async () => expect(await topic.stats()).toMatchObject({ pending: 0, deadLetters: 0 }));
    expect(errors.map((error) => error.code)).toEqual(["E_PUBSUB_HANDLER", "E_PUBSUB_HANDLER"]);
  });

  it("keeps a failed message's retry delay when a renewal runs while its hand-back is on the way", async () => {
    // The consumer renews every third of the visibility timeout; the spy hands the test that timer's
    // callback, so the renewal runs exactly when the test says instead of when the clock does.
    const timers = vi.spyOn(globalThis, "setInterval");
    try {
      const visibilityTimeoutMs = 60_000;
      const retryDelayMs = 100;
      let renewedDuringHandBack!: () => void;
      const handBackStarted = new Promise<void>((resolve) => {
        renewedDuringHandBack = resolve;
      });
      const topic = createDurableTopic(redis, {
        topic: "renewed-retry",
        group: "g",
        consumer: "c",
        visibilityTimeoutMs,
        retryDelayMs,
        onError: (error) => {
          if (error.code !== "E_PUBSUB_HANDLER") return;
          // Reported just before the hand-back script goes out; a microtask later it has been sent
          // and its reply cannot have been read yet (no I/O runs between microtasks).
          queueMicrotask(() => {
            const renew = timers.mock.calls.find(([, delay]) => delay === visibilityTimeoutMs / 3)?.[0] as (() => void) | undefined;
            renew?.();
            renewedDuringHandBack();
          });
        },
      });
      await topic.publish("work");
      const attempts = new Inbox<number>();
      await consume(topic, (message) => {
        attempts.push(message.attempts);
        if (message.attempts === 1) throw new Error("first attempt fails");
      });
      expect(timers.mock.calls.some(([, delay]) => delay === visibilityTimeoutMs / 3)).toBe(true);
      await handBackStarted;
      // Sent on the consumer's client after the hand-back and the renewal, so Redis answers it after both.
      const pending = (await redis.xpending(topic.keys.stream, "g", "-", "+", 10)) as [string, string, number, number][];
      expect(pending).toHaveLength(1);
      const [, owner, idleMs, deliveries] = pending[0] as [string, string, number, number];
      expect(owner).toBe("c");
      expect(deliveries).toBe(1);
      // Handed back: claimable retryDelayMs from now. A renewal landing after the hand-back would have reset it to about 0.
      expect(idleMs).toBeGreaterThanOrEqual(visibilityTimeoutMs - retryDelayMs);
      expect(await attempts.waitFor(2)).toEqual([1, 2]);
      await eventually(async () => expect(await topic.stats()).toMatchObject({ pending: 0, deadLetters: 0 }));
    } finally {
      timers.mockRestore();
    }
  });

  it("moves a message to the dead letters after maxAttempts, atomically with its ack, and can send it back", async () => {
    const errors: RedisMcpError[] = [];
    const topic = createDurableTopic(redis, {
      topic: "poison",
      group: "g",
      consumer: "c",
      visibilityTimeoutMs: 200,
      retryDelayMs: 0,
      maxAttempts: 2,
      onError: (error) => errors.push(error),
    });
    const entryId = await topic.publish({ invoice: 9 });
    const attempts = new Inbox<number>();
    const stop = await consume(topic, (message) => {
      attempts.push(message.attempts);
      throw new Error("card declined");
    });
    expect(await attempts.waitFor(2)).toEqual([1, 2]);
    await eventually(async () => expect(await topic.stats()).toMatchObject({ pending: 0, deadLetters: 1 }));
    const [dead] = await topic.deadLetters();
    expect(dead).toMatchObject({ entryId, data: { invoice: 9 }, attempts: 2, group: "g", consumer: "c", error: "Error: card declined" });
    await eventually(() => expect(errors.map((error) => error.code)).toEqual(["E_PUBSUB_HANDLER", "E_PUBSUB_HANDLER", "E_PUBSUB_DEAD_LETTERED"]));
    await stop();
    await pause(300);
    expect(attempts.items).toEqual([1, 2]);

    // Sent back: a new entry, delivered afresh.
    expect(await topic.retryDeadLetters()).toBe(1);
    expect(await topic.stats()).toMatchObject({ deadLetters: 0, length: 2 });
    const retried = new Inbox<DurableMessage>();
    await consume(topic, retried.push);
    const [again] = await retried.waitFor(1);
    expect(again).toMatchObject({ data: { invoice: 9 }, attempts: 1, id: dead?.id });
  });

  it("dead-letters at once what cannot be decoded or fails the schema, without running the handler", async () => {
    const errors: RedisMcpError[] = [];
    const topic = createDurableTopic(redis, {
      topic: "typed",
      group: "g",
      consumer: "c",
      schema: z.object({ amount: z.number() }),
      onError: (error) => errors.push(error),
    });
    const untyped = createDurableTopic(redis, { topic: "typed" });
    await redis.xadd(topic.keys.stream, "*", "message", "not json");
    await untyped.publish({ amount: "ten" });
    await topic.publish({ amount: 10 });
    const inbox = new Inbox<unknown>();
    await consume(topic, (message) => inbox.push(message.data));
    expect(await inbox.waitFor(1)).toEqual([{ amount: 10 }]);
    await eventually(async () => expect(await topic.stats()).toMatchObject({ pending: 0, deadLetters: 2 }));
    const dead = await topic.deadLetters();
    expect(dead.map((entry) => entry.attempts)).toEqual([1, 1]);
    expect(dead[0]?.error).toMatch(/undeliverable: the json codec could not decode it/);
    expect(dead[0]?.raw?.toString()).toBe("not json");
    expect(dead[1]?.error).toMatch(/schema: amount/);
    expect(dead[1]?.data).toEqual({ amount: "ten" });
    expect(inbox.items).toEqual([{ amount: 10 }]);
    // Paging through dead letters.
    expect((await topic.deadLetters({ after: dead[0]?.deadLetterId as string })).map((entry) => entry.deadLetterId)).toEqual([dead[1]?.deadLetterId]);
  });

  it("never has more messages in flight than its concurrency, counted by Redis's pending list", async () => {
    const topic = createDurableTopic(redis, { topic: "bounded", group: "g", consumer: "c" });
    for (let index = 0; index < 12; index++) await topic.publish(index);
    let running = 0;
    let mostRunning = 0;
    const gates: (() => void)[] = [];
    const done = new Inbox<unknown>();
    await consume(
      topic,
      async (message) => {
        running += 1;
        mostRunning = Math.max(mostRunning, running);
        await new Promise<void>((resolve) => gates.push(resolve));
        running -= 1;
        done.push(message.data);
      },
      3,
    );
    await eventually(() => expect(gates).toHaveLength(3));
    await pause(200);
    expect(gates).toHaveLength(3);
    // Redis agrees: this consumer was handed exactly 3 entries, not the 12 available.
    expect((await streamPending(redis, topic.keys.stream, "g")).count).toBe(3);
    while (done.items.length < 12) {
      for (const open of gates.splice(0)) open();
      await pause(20);
    }
    expect(mostRunning).toBe(3);
    expect(done.items).toHaveLength(12);
  });

  it("stops promptly while blocked waiting for messages, and waits for running handlers and their acks", async () => {
    const idle = createDurableTopic(redis, { topic: "idle", group: "g", consumer: "c" });
    const stopIdle = await idle.consume(() => undefined, { blockMs: 60_000 });
    await pause(100);
    await settlesWithin(stopIdle(), 5_000);

    const busy = createDurableTopic(redis, { topic: "busy", group: "g", consumer: "c" });
    await busy.publish("slow");
    let finished = false;
    const started = new Inbox<unknown>();
    const stopBusy = await busy.consume(async () => {
      started.push(1);
      await pause(300);
      finished = true;
    });
    await started.waitFor(1);
    await stopBusy();
    expect(finished).toBe(true);
    expect(await busy.stats()).toMatchObject({ pending: 0 });
  });

  it("resumes after a restart: a consumer first takes back its own pending messages, with the delivery counted", async () => {
    const topic = createDurableTopic(redis, { topic: "resume", group: "g", consumer: "worker-1", visibilityTimeoutMs: 600_000 });
    await topic.publish("a");
    await topic.publish("b");
    // A previous run of worker-1 read both and died before acknowledging (the visibility timeout is far away).
    await redis.xgroup("CREATE", topic.keys.stream, "g", "0");
    await redis.xreadgroup("GROUP", "g", "worker-1", "COUNT", 10, "STREAMS", topic.keys.stream, ">");
    const other = createDurableTopic(redis, { topic: "resume", group: "g", consumer: "worker-2", visibilityTimeoutMs: 600_000 });
    const otherInbox = new Inbox<unknown>();
    await consume(other, otherInbox.push);
    const inbox = new Inbox<DurableMessage>();
    await consume(topic, inbox.push);
    const received = await inbox.waitFor(2);
    expect(received.map((message) => [message.data, message.attempts])).toEqual([
      ["a", 2],
      ["b", 2],
    ]);
    await eventually(async () => expect(await topic.stats()).toMatchObject({ pending: 0 }));
    expect(otherInbox.items).toEqual([]);
  });

  it("recovers a dead consumer's messages after the visibility timeout (XAUTOCLAIM)", async () => {
    const topic = createDurableTopic(redis, { topic: "orphans", group: "g", consumer: "survivor", visibilityTimeoutMs: 300 });
    await topic.publish("orphan");
    await redis.xgroup("CREATE", topic.keys.stream, "g", "0");
    await redis.xreadgroup("GROUP", "g", "crashed", "COUNT", 10, "STREAMS", topic.keys.stream, ">");
    const inbox = new Inbox<DurableMessage>();
    await consume(topic, inbox.push);
    const [message] = await inbox.waitFor(1);
    expect(message).toMatchObject({ data: "orphan", attempts: 2 });
    await eventually(async () => expect(await topic.stats()).toMatchObject({ pending: 0 }));
  });

  it("renews running handlers, so a handler slower than the visibility timeout is not handed to another consumer", async () => {
    const settings = { topic: "long", group: "g", visibilityTimeoutMs: 500 };
    const first = createDurableTopic(redis, { ...settings, consumer: "first" });
    const second = createDurableTopic(redis, { ...settings, consumer: "second" });
    await first.publish("long job");
    const deliveries = new Inbox<string>();
    await consume(first, async () => {
      deliveries.push("first");
      await pause(2_000);
    });
    await deliveries.waitFor(1);
    await consume(second, () => deliveries.push("second"));
    await eventually(async () => expect(await first.stats()).toMatchObject({ pending: 0 }), 10_000);
    expect(deliveries.items).toEqual(["first"]);
  });

  it("creates its group again when the stream was deleted under it", async () => {
    const errors: RedisMcpError[] = [];
    const topic = createDurableTopic(redis, { topic: "vanishing", group: "g", consumer: "c", onError: (error) => errors.push(error) });
    const inbox = new Inbox<unknown>();
    await topic.publish("before");
    await consume(topic, (message) => inbox.push(message.data));
    await inbox.waitFor(1);
    await redis.del(topic.keys.stream);
    await eventually(async () => {
      await topic.publish("after");
      expect(inbox.items).toContain("after");
    });
    // Reported once (Redis 7 ends the blocked read: "the stream key no longer exists"; later reads: NOGROUP).
    expect(errors.map((error) => error.message)).toEqual([expect.stringMatching(/no longer exists|NOGROUP/)]);
  });

  it("starts a new group at the latest message when asked", async () => {
    const topic = createDurableTopic(redis, { topic: "late", group: "g", consumer: "c", startFrom: "latest" });
    await topic.publish("before");
    const inbox = new Inbox<unknown>();
    await consume(topic, (message) => inbox.push(message.data));
    await topic.publish("after");
    expect(await inbox.waitFor(1)).toEqual(["after"]);
  });

  it("trims the stream by length or age when publishing", async () => {
    const byLength = createDurableTopic(redis, { topic: "trim-length", maxLength: 10 });
    const byAge = createDurableTopic(redis, { topic: "trim-age", maxAgeMs: 1 });
    for (let index = 0; index < 1_000; index++) {
      await byLength.publish(index);
      await byAge.publish(index);
    }
    const length = (await byLength.stats()).length;
    expect(length).toBeGreaterThanOrEqual(10);
    expect(length).toBeLessThan(1_000);
    expect((await byAge.stats()).length).toBeLessThan(1_000);
  });

  it("trims by age (MINID): entries older than maxAgeMs go, recent ones stay", async () => {
    const maxAgeMs = 60_000;
    const topic = createDurableTopic(redis, { topic: "trim-minid", maxAgeMs });
    const now = Date.now();
    // 500 entries an hour old, then one 30 s old (inside the window), then three published now.
    const old = Array.from({ length: 500 }, (_, index) => `${now - 3_600_000}-${index + 1}`);
    const pipeline = redis.pipeline();
    for (const id of old) pipeline.xadd(topic.keys.stream, id, "message", "old");
    await pipeline.exec();
    const recent = [await redis.xadd(topic.keys.stream, `${now - 30_000}-0`, "message", "recent")];
    for (let index = 0; index < 3; index++) recent.push(await topic.publish(index));

    const ids = (await redis.xrange(topic.keys.stream, "-", "+")).map(([id]) => id);
    // Every recent entry is kept, in order, at the end.
    expect(ids.slice(-recent.length)).toEqual(recent);
    // Trimming is approximate ("~"): Redis drops whole stream nodes older than the threshold, so
    // only the old node the recent entries were appended to may survive, and it is the newest old ones.
    const oldLeft = ids.slice(0, -recent.length);
    const [, nodeEntries] = (await redis.config("GET", "stream-node-max-entries")) as [string, string];
    expect(oldLeft.length).toBeLessThan(Number(nodeEntries));
    expect(oldLeft).toEqual(old.slice(old.length - oldLeft.length));
  });

  it("round-trips binary payloads", async () => {
    const topic = createDurableTopic(redis, { topic: "bytes", group: "g", consumer: "c" });
    const bytes = Buffer.from([0x00, 0xff, 0xc3, 0x28, 0x0a]);
    await topic.publish(bytes);
    const inbox = new Inbox<unknown>();
    await consume(topic, (message) => inbox.push(message.data));
    const [data] = await inbox.waitFor(1);
    expect(Buffer.isBuffer(data) && data.equals(bytes)).toBe(true);
  });

  it("rejects bad input with E_PUBSUB_INVALID and writes nothing", async () => {
    const typed = createDurableTopic(redis, { topic: "strict", group: "g", schema: z.object({ amount: z.number() }) });
    const noGroup = createDurableTopic(redis, { topic: "strict" });
    const attempts = [
      () => typed.publish({ amount: "x" } as never),
      () => typed.publish(undefined as never),
      () => noGroup.consume(() => undefined),
      () => typed.consume(() => undefined, { concurrency: 0 }),
      () => typed.consume("handler" as never),
      () => typed.deadLetters({ after: "yesterday" }),
      () => typed.retryDeadLetters({ limit: -1 }),
    ];
    for (const attempt of attempts) {
      const error = await attempt().catch((caught: unknown) => caught);
      expect(RedisMcpErrorClass.isInstance(error) && error.code, String(attempt)).toBe("E_PUBSUB_INVALID");
    }
    expect(await typed.stats()).toMatchObject({ length: 0 });
    expect(() => createDurableTopic(redis, { topic: "{bad}" })).toThrow(expect.objectContaining({ code: "E_PUBSUB_INVALID" }));
  });
});
