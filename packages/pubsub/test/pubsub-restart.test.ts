import { type RedisMcpError, slotOf } from "@redis-mcp/core";
import { startRedisCluster, startRedisServer } from "@redis-mcp/test-redis";
import { Cluster, Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { createPubSub, type PubSubMessage } from "../src/index.js";
import { eventually, Inbox } from "./support/waiting.js";

describe("subscriptions across a Redis restart", () => {
  it("come back on their own (channels and patterns), on the same single subscriber connection", async () => {
    const server = await startRedisServer();
    // The caller turned autoResubscribe off: the pub/sub connection must come back anyway.
    const redis = new Redis(server.port, { retryStrategy: () => 50, autoResubscribe: false });
    const errors: RedisMcpError[] = [];
    const pubsub = createPubSub(redis, { onError: (error) => errors.push(error) });
    try {
      const channelInbox = new Inbox<PubSubMessage>();
      const patternInbox = new Inbox<PubSubMessage>();
      await pubsub.subscribe("alerts", channelInbox.push);
      await pubsub.psubscribe("metrics.*", patternInbox.push);

      await server.node.kill();
      await server.node.start();

      // Messages published while nobody listened are gone (that is pub/sub); later ones arrive.
      await eventually(async () => {
        await pubsub.publish("alerts", "after restart");
        expect(channelInbox.items.length).toBeGreaterThan(0);
      });
      await eventually(async () => {
        await pubsub.publish("metrics.cpu", 0.5);
        expect(patternInbox.items.length).toBeGreaterThan(0);
      });
      expect(channelInbox.items[0]?.data).toBe("after restart");
      expect(patternInbox.items[0]).toMatchObject({ channel: "metrics.cpu", pattern: "metrics.*", data: 0.5 });
      expect(await pubsub.subscriberCounts("alerts")).toEqual({ alerts: 1 });
      expect(await pubsub.patternCount()).toBe(1);
      // The outage was reported once, coded, without the connection's details leaking anything secret.
      expect(errors.length).toBeGreaterThanOrEqual(1);
      expect(errors[0]?.code).toBe("E_REDIS_UNAVAILABLE");
    } finally {
      await pubsub.close();
      redis.disconnect();
      await server.stop();
    }
  });

  it("a subscribe made while Redis is down completes once it is back", async () => {
    const server = await startRedisServer();
    const redis = new Redis(server.port, { retryStrategy: () => 50 });
    const pubsub = createPubSub(redis, { onError: () => undefined });
    try {
      await pubsub.subscribe("warmup", () => undefined);
      await server.node.kill();
      const inbox = new Inbox<PubSubMessage>();
      const subscribing = pubsub.subscribe("late", inbox.push);
      await server.node.start();
      await subscribing;
      await eventually(async () => {
        await pubsub.publish("late", "hello");
        expect(inbox.items.length).toBeGreaterThan(0);
      });
      expect(await pubsub.subscriberCounts(["warmup", "late"])).toEqual({ warmup: 1, late: 1 });
    } finally {
      await pubsub.close();
      redis.disconnect();
      await server.stop();
    }
  });
});

describe("subscriptions across a cluster restart", () => {
  it("come back after every node was restarted in turn (the subscriber moves and resubscribes)", async () => {
    const cluster = await startRedisCluster();
    const redis = new Cluster(cluster.startupNodes, { clusterRetryStrategy: () => 100 });
    const pubsub = createPubSub(redis, { onError: () => undefined });
    try {
      const inbox = new Inbox<PubSubMessage>();
      await pubsub.subscribe("alerts", inbox.push);
      for (const node of cluster.nodes) {
        await node.kill();
        await node.start();
      }
      await eventually(async () => {
        await pubsub.publish("alerts", "after restarts");
        expect(inbox.items.length).toBeGreaterThan(0);
      }, 30_000);
      expect(inbox.items[0]?.data).toBe("after restarts");
    } finally {
      await pubsub.close();
      redis.disconnect();
      await cluster.stop();
    }
  });
});

describe("sharded subscriptions across a cluster restart", () => {
  it("come back after the master owning their shard channel was restarted (SSUBSCRIBE again)", async () => {
    const cluster = await startRedisCluster();
    const redis = new Cluster(cluster.startupNodes, { clusterRetryStrategy: () => 100 });
    const pubsub = createPubSub(redis, { sharded: true, onError: () => undefined });
    try {
      const inbox = new Inbox<PubSubMessage>();
      // Channels spread over the shards; some live on the master restarted below.
      const channels = Array.from({ length: 12 }, (_, index) => `sensor:${index}`);
      await pubsub.subscribe(channels, inbox.push);
      const restarted = cluster.masters[0];
      if (!restarted) throw new Error("the cluster has no master");
      const owned = channels.filter((channel) => redis.slots[slotOf(channel)]?.[0] === `${restarted.host}:${restarted.port}`);
      expect(owned.length).toBeGreaterThan(0);
      await restarted.kill();
      await restarted.start();

      // Every channel delivers again, the restarted master's included, with one subscription each.
      await eventually(async () => {
        for (const channel of channels) await pubsub.publish(channel, "after restart");
        const arrived = new Set(inbox.items.map((message) => message.channel));
        expect([...arrived].sort()).toEqual([...channels].sort());
      }, 20_000);
      expect(await pubsub.subscriberCounts(owned)).toEqual(Object.fromEntries(owned.map((channel) => [channel, 1])));
    } finally {
      await pubsub.close();
      redis.disconnect();
      await cluster.stop();
    }
  });
});
