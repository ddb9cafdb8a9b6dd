import { masterNodes, type RedisClient, RedisMcpError, slotOf } from "@redis-mcp/core";
import { useRedisCluster } from "@redis-mcp/test-redis/vitest";
import { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPubSub, type PubSubMessage } from "../src/index.js";
import { topologies } from "./support/topologies.js";
import { Inbox } from "./support/waiting.js";

describe.each(topologies)("sharded pub/sub on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("delivers SPUBLISH messages to SSUBSCRIBE handlers, on channels spread over every shard", async () => {
    const pubsub = createPubSub(redis, { sharded: true });
    const classic = createPubSub(redis);
    const channels = Array.from({ length: 24 }, (_, index) => `shard:${index}`);
    if (topology.name === "cluster") {
      // The channels really are spread: every master owns some of their slots.
      const owners = new Set(channels.map((channel) => (redis as Cluster).slots[slotOf(channel)]?.[0]));
      expect(owners.size).toBe(masterNodes(redis).length);
    }
    const inbox = new Inbox<PubSubMessage>();
    const classicInbox = new Inbox<PubSubMessage>();
    const unsubscribe = await pubsub.subscribe(channels, inbox.push);
    await classic.subscribe(channels, classicInbox.push);
    for (const [index, channel] of channels.entries()) await pubsub.publish(channel, { index });
    const received = await inbox.waitFor(channels.length);
    expect(received.map((message) => message.channel).sort()).toEqual([...channels].sort());
    for (const message of received) expect(message.data).toEqual({ index: channels.indexOf(message.channel) });

    expect(await pubsub.channels("shard:*")).toEqual([...channels].sort());
    expect(await pubsub.subscriberCounts(["shard:0", "shard:1", "other"])).toEqual({ "shard:0": 1, "shard:1": 1, other: 0 });
    // Sharded and classic channels are separate namespaces: the classic handler heard nothing.
    await classic.publish("shard:0", "classic");
    expect((await classicInbox.waitFor(1)).map((message) => message.data)).toEqual(["classic"]);

    await unsubscribe();
    expect(await pubsub.channels("shard:*")).toEqual([]);
    expect(await pubsub.subscriberCounts(["shard:0"])).toEqual({ "shard:0": 0 });
    await pubsub.close();
    await classic.close();
  });

  it("refuses pattern subscriptions with E_UNSUPPORTED", async () => {
    const pubsub = createPubSub(redis, { sharded: true });
    const error = await pubsub.psubscribe("shard:*", () => undefined).catch((caught: unknown) => caught);
    expect(RedisMcpError.isInstance(error) && error.code).toBe("E_UNSUPPORTED");
    await pubsub.close();
  });
});

describe("sharded pub/sub with a key prefix on the client", () => {
  it("shows and takes channel names without the prefix ioredis adds to SPUBLISH/SSUBSCRIBE", async () => {
    const cluster = await useRedisCluster();
    const redis = new Cluster(cluster.startupNodes, { keyPrefix: "app:", lazyConnect: true });
    await redis.connect();
    const pubsub = createPubSub(redis, { sharded: true });
    try {
      const inbox = new Inbox<PubSubMessage>();
      await pubsub.subscribe("events", inbox.push);
      await pubsub.publish("events", 1);
      expect((await inbox.waitFor(1)).map((message) => message.channel)).toEqual(["events"]);
      expect(await pubsub.channels()).toEqual(["events"]);
      expect(await pubsub.subscriberCounts("events")).toEqual({ events: 1 });
      expect(pubsub.localSubscriptions().channels).toEqual([{ name: "events", handlers: 1 }]);
    } finally {
      await pubsub.close();
      redis.disconnect();
    }
  });
});
