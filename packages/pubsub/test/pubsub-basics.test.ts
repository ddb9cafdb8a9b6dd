import { deserialize, serialize } from "node:v8";
import { type RedisClient, type RedisMcpError, RedisMcpError as RedisMcpErrorClass } from "@redis-mcp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPubSub, type EnvelopeCodec, type PubSubMessage } from "../src/index.js";
import { topologies } from "./support/topologies.js";
import { eventually, Inbox } from "./support/waiting.js";

describe.each(topologies)("createPubSub on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("delivers the envelope ({ id, timestamp, data, channel }) to every handler of a channel", async () => {
    const pubsub = createPubSub(redis);
    const first = new Inbox<PubSubMessage>();
    const second = new Inbox<PubSubMessage>();
    await pubsub.subscribe("orders", first.push);
    await pubsub.subscribe(["orders", "invoices"], second.push);
    const before = Date.now();
    const receivers = await pubsub.publish("orders", { orderId: 7 });
    // On a cluster PUBLISH counts only the receivers connected to the node that took the message.
    if (topology.name === "standalone") expect(receivers).toBe(1);
    await pubsub.publish("invoices", [1, "two", null]);
    const [message] = await first.waitFor(1);
    expect(message).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), timestamp: expect.any(Number), data: { orderId: 7 }, channel: "orders" });
    expect(message?.timestamp).toBeGreaterThanOrEqual(before);
    const received = await second.waitFor(2);
    // Order holds per channel; across channels (other nodes on a cluster) it may not.
    const byChannel = Object.fromEntries(received.map((item) => [item.channel, item]));
    expect(byChannel.orders?.data).toEqual({ orderId: 7 });
    expect(byChannel.invoices?.data).toEqual([1, "two", null]);
    // Both handlers got the same envelope id: one message, one delivery, fanned out locally.
    expect(byChannel.orders?.id).toBe(message?.id);
    await pubsub.close();
  });

  it("shares one Redis subscription per channel among handlers and unsubscribes with the last one", async () => {
    const pubsub = createPubSub(redis);
    const unsubscribes = await Promise.all([1, 2, 3].map(() => pubsub.subscribe("shared", () => undefined)));
    expect(await pubsub.subscriberCounts(["shared"])).toEqual({ shared: 1 });
    expect(pubsub.localSubscriptions().channels).toEqual([{ name: "shared", handlers: 3 }]);
    await unsubscribes[0]?.();
    await unsubscribes[1]?.();
    expect(await pubsub.subscriberCounts("shared")).toEqual({ shared: 1 });
    await unsubscribes[2]?.();
    expect(await pubsub.subscriberCounts("shared")).toEqual({ shared: 0 });
    expect(pubsub.localSubscriptions()).toEqual({ channels: [], patterns: [] });
    await pubsub.close();
  });

  it("stops calling a handler as soon as it unsubscribes, while others on the channel keep getting messages", async () => {
    const pubsub = createPubSub(redis);
    const leaving = new Inbox<unknown>();
    const staying = new Inbox<unknown>();
    const unsubscribe = await pubsub.subscribe("news", (message) => leaving.push(message.data));
    await pubsub.subscribe("news", (message) => staying.push(message.data));
    await pubsub.publish("news", 1);
    await leaving.waitFor(1);
    await unsubscribe();
    await unsubscribe(); // twice is harmless
    await pubsub.publish("news", 2);
    await staying.waitFor(2);
    expect(leaving.items).toEqual([1]);
    await pubsub.close();
  });

  it("delivers pattern messages with the pattern, and counts pattern subscriptions", async () => {
    const pubsub = createPubSub(redis);
    const inbox = new Inbox<PubSubMessage>();
    const unsubscribe = await pubsub.psubscribe("sensor.*", inbox.push);
    expect(await pubsub.patternCount()).toBe(1);
    await pubsub.publish("sensor.kitchen", { celsius: 21 });
    const [message] = await inbox.waitFor(1);
    expect(message).toMatchObject({ channel: "sensor.kitchen", pattern: "sensor.*", data: { celsius: 21 } });
    await unsubscribe();
    expect(await pubsub.patternCount()).toBe(0);
    await pubsub.close();
  });

  it("publishes to every subscribed channel matching a pattern (PUBSUB CHANNELS on every node)", async () => {
    const pubsub = createPubSub(redis);
    const inbox = new Inbox<PubSubMessage>();
    await pubsub.subscribe(["room:1", "room:2", "lobby"], inbox.push);
    expect(await pubsub.channels("room:*")).toEqual(["room:1", "room:2"]);
    expect(await pubsub.channels()).toEqual(expect.arrayContaining(["lobby", "room:1", "room:2"]));
    const result = await pubsub.publishToPattern("room:*", { text: "closing soon" });
    expect(result.channels).toEqual(["room:1", "room:2"]);
    if (topology.name === "standalone") expect(result.receivers).toBe(2);
    const received = await inbox.waitFor(2);
    expect(received.map((message) => message.channel).sort()).toEqual(["room:1", "room:2"]);
    expect(await pubsub.publishToPattern("nobody:*", 1)).toEqual({ channels: [], receivers: 0 });
    await pubsub.close();
  });

  it("round-trips binary payloads byte for byte", async () => {
    const pubsub = createPubSub(redis);
    const inbox = new Inbox<PubSubMessage>();
    await pubsub.subscribe("bytes", inbox.push);
    const bytes = Buffer.from([0x00, 0xff, 0xc3, 0x28, 0x80, 0x0a]);
    await pubsub.publish("bytes", bytes);
    const [message] = await inbox.waitFor(1);
    expect(Buffer.isBuffer(message?.data)).toBe(true);
    expect(Buffer.from(message?.data as Buffer).equals(bytes)).toBe(true);
    await pubsub.close();
  });

  it("uses a pluggable codec, binary on the wire (node:v8 serialize)", async () => {
    const v8Codec: EnvelopeCodec = { name: "v8", encode: (envelope) => serialize(envelope), decode: (bytes) => deserialize(bytes) };
    const pubsub = createPubSub(redis, { codec: v8Codec });
    const inbox = new Inbox<PubSubMessage>();
    await pubsub.subscribe("v8", inbox.push);
    const data = { when: new Date("2026-01-01T00:00:00Z"), tags: new Set(["a"]), blob: Buffer.from([0, 255]) };
    await pubsub.publish("v8", data);
    const [message] = await inbox.waitFor(1);
    const received = message?.data as typeof data;
    expect(received.when).toEqual(data.when);
    expect(received.tags).toEqual(data.tags);
    expect(Buffer.from(received.blob).equals(data.blob)).toBe(true);
    await pubsub.close();
  });

  it("reports a throwing or rejecting handler to onError and keeps delivering to the others", async () => {
    const errors: RedisMcpError[] = [];
    const pubsub = createPubSub(redis, { onError: (error) => errors.push(error) });
    const inbox = new Inbox<unknown>();
    await pubsub.subscribe("jobs", () => {
      throw new Error("sync failure");
    });
    await pubsub.subscribe("jobs", async () => {
      throw new Error("async failure");
    });
    await pubsub.subscribe("jobs", (message) => inbox.push(message.data));
    await pubsub.publish("jobs", 1);
    await pubsub.publish("jobs", 2);
    expect(await inbox.waitFor(2)).toEqual([1, 2]);
    await eventually(() => expect(errors).toHaveLength(4));
    expect(errors.map((error) => error.code)).toEqual(Array(4).fill("E_PUBSUB_HANDLER"));
    expect(errors.map((error) => (error.cause as Error).message).sort()).toEqual(["async failure", "async failure", "sync failure", "sync failure"]);
    await pubsub.close();
  });

  it("closes only its own connection: the caller's client stays open and the instance refuses further use", async () => {
    const pubsub = createPubSub(redis);
    const unsubscribe = await pubsub.subscribe("closing", () => undefined);
    expect(await pubsub.subscriberCounts("closing")).toEqual({ closing: 1 });
    await pubsub.close();
    await pubsub.close();
    await eventually(async () => expect(await pubsub.subscriberCounts("closing")).toEqual({ closing: 0 }));
    expect(redis.status).toBe("ready");
    expect(await redis.ping()).toBe("PONG");
    await unsubscribe(); // after close: nothing to do, no error
    for (const call of [
      () => pubsub.publish("closing", 1),
      () => pubsub.subscribe("closing", () => undefined),
      () => pubsub.psubscribe("c*", () => undefined),
    ]) {
      const error = await call().catch((caught: unknown) => caught);
      expect(RedisMcpErrorClass.isInstance(error) && error.code).toBe("E_PUBSUB_CLOSED");
    }
  });

  it("rejects bad input with E_PUBSUB_INVALID before sending anything", async () => {
    const pubsub = createPubSub(redis);
    const attempts = [
      () => pubsub.publish("", 1),
      () => pubsub.publish("x", undefined),
      () => pubsub.publish("x", { big: 1n }),
      () => pubsub.subscribe([], () => undefined),
      () => pubsub.subscribe("", () => undefined),
      () => pubsub.subscribe("x", "not a function" as never),
      () => pubsub.psubscribe([""], () => undefined),
      () => pubsub.publishToPattern("", 1),
      () => pubsub.subscriberCounts([]),
    ];
    for (const attempt of attempts) {
      const error = await attempt().catch((caught: unknown) => caught);
      expect(RedisMcpErrorClass.isInstance(error) && error.code, String(attempt)).toBe("E_PUBSUB_INVALID");
    }
    expect(pubsub.localSubscriptions()).toEqual({ channels: [], patterns: [] });
    expect(() => createPubSub(redis, { codec: {} as never })).toThrow(expect.objectContaining({ code: "E_PUBSUB_INVALID" }));
    expect(() => createPubSub({} as never)).toThrow(expect.objectContaining({ code: "E_INVALID_ARGUMENT" }));
    await pubsub.close();
  });
});
