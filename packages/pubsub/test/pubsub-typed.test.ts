import { type RedisClient, type RedisMcpError, RedisMcpError as RedisMcpErrorClass } from "@redis-mcp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createPubSub, type InvalidMessageError, type PubSubMessage, type Schema } from "../src/index.js";
import { topologies } from "./support/topologies.js";
import { eventually, Inbox } from "./support/waiting.js";

const channels = {
  orders: z.object({ orderId: z.number().int(), placedAt: z.iso.datetime().transform((text) => new Date(text)) }),
  audit: { schema: z.object({ action: z.string() }), version: 2 },
};

describe.each(topologies)("typed channels on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("validates on receipt and hands handlers the schema's output, with the version stamped", async () => {
    const pubsub = createPubSub(redis, { channels });
    const orders = new Inbox<PubSubMessage<{ orderId: number; placedAt: Date }>>();
    const audit = new Inbox<PubSubMessage<{ action: string }>>();
    await pubsub.subscribe("orders", orders.push);
    await pubsub.subscribe("audit", audit.push);
    await pubsub.publish("orders", { orderId: 7, placedAt: "2026-03-01T10:00:00Z" });
    await pubsub.publish("audit", { action: "login" });
    const [order] = await orders.waitFor(1);
    expect(order?.data.placedAt).toEqual(new Date("2026-03-01T10:00:00Z"));
    const [entry] = await audit.waitFor(1);
    expect(entry).toMatchObject({ data: { action: "login" }, v: 2 });
    await pubsub.close();
  });

  it("rejects a payload its schema refuses with E_PUBSUB_INVALID and sends nothing", async () => {
    const pubsub = createPubSub(redis, { channels });
    const watcher = createPubSub(redis);
    const seen = new Inbox<unknown>();
    await watcher.subscribe("orders", (message) => seen.push(message.data));
    const error = await pubsub.publish("orders", { orderId: 1.5, placedAt: "yesterday" } as never).catch((caught: unknown) => caught);
    expect(RedisMcpErrorClass.isInstance(error) && error.code).toBe("E_PUBSUB_INVALID");
    expect((error as Error).message).toMatch(/orderId: .*placedAt: /s);
    // A valid message sent afterwards is the first one the watcher sees: nothing was published before it.
    await pubsub.publish("orders", { orderId: 2, placedAt: "2026-03-01T10:00:00Z" });
    expect(await seen.waitFor(1)).toEqual([{ orderId: 2, placedAt: "2026-03-01T10:00:00Z" }]);
    await pubsub.close();
    await watcher.close();
  });

  it("refuses channels it does not define with E_PUBSUB_UNKNOWN_CHANNEL", async () => {
    const pubsub = createPubSub(redis, { channels });
    for (const attempt of [() => pubsub.publish("invoices" as never, {} as never), () => pubsub.subscribe(["orders", "invoices" as never], () => undefined)]) {
      const error = await attempt().catch((caught: unknown) => caught);
      expect(RedisMcpErrorClass.isInstance(error) && error.code).toBe("E_PUBSUB_UNKNOWN_CHANNEL");
    }
    expect(pubsub.localSubscriptions().channels).toEqual([]);
    await pubsub.close();
  });

  it("sends invalid incoming messages to onError with the raw bytes, never to handlers, and keeps delivering", async () => {
    const errors: RedisMcpError[] = [];
    const pubsub = createPubSub(redis, { channels, onError: (error) => errors.push(error) });
    const inbox = new Inbox<unknown>();
    await pubsub.subscribe("orders", (message) => inbox.push(message.data.orderId));
    const foreign = createPubSub(redis);
    await foreign.publish("orders", { orderId: "seven" });
    await redis.publish("orders", "not json at all");
    await redis.publish("orders", JSON.stringify({ orderId: 7 }));
    await pubsub.publish("orders", { orderId: 8, placedAt: "2026-03-01T10:00:00Z" });
    expect(await inbox.waitFor(1)).toEqual([8]);
    await eventually(() => expect(errors).toHaveLength(3));
    expect(errors.map((error) => error.code)).toEqual(["E_PUBSUB_INVALID_MESSAGE", "E_PUBSUB_INVALID_MESSAGE", "E_PUBSUB_INVALID_MESSAGE"]);
    // On a cluster the raw publishes take other paths than ours: find each error by what it says.
    const find = (pattern: RegExp) => (errors as InvalidMessageError[]).find((error) => pattern.test(error.message));
    expect(find(/does not match the channel's schema: orderId/)).toBeDefined();
    expect(find(/json codec could not decode it/)?.raw?.toString()).toBe("not json at all");
    expect(find(/not an envelope/)?.channel).toBe("orders");
    expect(inbox.items).toEqual([8]);
    await pubsub.close();
    await foreign.close();
  });

  it("reports pattern messages on channels it does not define instead of delivering them", async () => {
    const errors: RedisMcpError[] = [];
    const pubsub = createPubSub(redis, { channels: { "zone.a": z.object({ action: z.string() }) }, onError: (error) => errors.push(error) });
    const inbox = new Inbox<string>();
    await pubsub.psubscribe("zone.*", (message) => inbox.push(message.channel));
    const untyped = createPubSub(redis);
    await untyped.publish("zone.b", { anything: true });
    await pubsub.publish("zone.a", { action: "logout" });
    expect(await inbox.waitFor(1)).toEqual(["zone.a"]);
    await eventually(() => expect(errors.map((error) => error.message)).toEqual([expect.stringMatching(/"zone.b", which is not one of the typed channels/)]));
    expect((errors[0] as InvalidMessageError).pattern).toBe("zone.*");
    await pubsub.close();
    await untyped.close();
  });

  it("takes any Standard Schema, not only zod: a hand-written one validates on publish and on receipt", async () => {
    const seen: unknown[] = [];
    // Only the Standard Schema interface (what valibot and arktype implement too): `~standard.validate`.
    const reading: Schema<{ celsius: number }, { celsius: number; fahrenheit: number }> = {
      "~standard": {
        version: 1,
        vendor: "hand-written",
        validate(value) {
          seen.push(value);
          const celsius = (value as { celsius?: unknown } | null)?.celsius;
          return typeof celsius === "number"
            ? { value: { celsius, fahrenheit: celsius * 1.8 + 32 } }
            : { issues: [{ message: "expected a number", path: ["celsius"] }] };
        },
      },
    };
    const errors: RedisMcpError[] = [];
    const pubsub = createPubSub(redis, { channels: { readings: reading }, onError: (error) => errors.push(error) });
    const inbox = new Inbox<PubSubMessage<{ celsius: number; fahrenheit: number }>>();
    await pubsub.subscribe("readings", inbox.push);

    // On publish: refused with the schema's issue, nothing sent.
    const error = await pubsub.publish("readings", { celsius: "hot" } as never).catch((caught: unknown) => caught);
    expect(RedisMcpErrorClass.isInstance(error) && error.code).toBe("E_PUBSUB_INVALID");
    expect((error as Error).message).toMatch(/celsius: expected a number/);
    // On receipt: a foreign message the schema refuses goes to onError, never to the handler.
    const untyped = createPubSub(redis);
    await untyped.publish("readings", { celsius: null });
    await pubsub.publish("readings", { celsius: 100 });
    // The handler gets the schema's output (its transform ran on receipt).
    expect((await inbox.waitFor(1)).map((message) => message.data)).toEqual([{ celsius: 100, fahrenheit: 212 }]);
    await eventually(() =>
      expect(errors.map((error) => error.message)).toEqual([expect.stringMatching(/does not match the channel's schema: celsius: expected a number/)]),
    );
    // Called on each publish and on each receipt (receipts and publishes interleave: compare sorted).
    const sorted = (values: unknown[]) => values.map((value) => JSON.stringify(value)).sort();
    expect(sorted(seen)).toEqual(sorted([{ celsius: "hot" }, { celsius: 100 }, { celsius: null }, { celsius: 100 }]));
    expect(inbox.items).toHaveLength(1);
    await pubsub.close();
    await untyped.close();
  });

  it("keeps message order on a channel whose schema is asynchronous", async () => {
    const slowFirst = z.object({ n: z.number() }).refine(async (value) => {
      await new Promise((resolve) => setTimeout(resolve, value.n === 0 ? 30 : 0));
      return true;
    });
    const pubsub = createPubSub(redis, { channels: { ordered: slowFirst } });
    const inbox = new Inbox<number>();
    await pubsub.subscribe("ordered", (message) => inbox.push(message.data.n));
    for (let n = 0; n < 5; n++) await pubsub.publish("ordered", { n });
    expect(await inbox.waitFor(5)).toEqual([0, 1, 2, 3, 4]);
    await pubsub.close();
  });
});
