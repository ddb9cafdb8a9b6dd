import type { RedisClient } from "@redis-mcp/core";
import { useRedis, useRedisCluster } from "@redis-mcp/test-redis/vitest";
import { Cluster as Cluster5, Redis as Redis5 } from "ioredis-v5";
import { describe, expect, it } from "vitest";
import { createDurableTopic, createPubSub, type DurableMessage, type PubSubMessage } from "../src/index.js";
import { eventually, Inbox } from "./support/waiting.js";

const clients: { name: string; connect(): Promise<RedisClient> }[] = [
  {
    name: "standalone",
    async connect() {
      return new Redis5((await useRedis()).port) as unknown as RedisClient;
    },
  },
  {
    name: "cluster",
    async connect() {
      const cluster = new Cluster5((await useRedisCluster()).startupNodes, { lazyConnect: true });
      await cluster.connect();
      return cluster as unknown as RedisClient;
    },
  },
];

describe.each(clients)("a caller's ioredis 5 client ($name)", (kind) => {
  it("works for pub/sub (channels, patterns, sharded) and durable topics, and is never closed", async () => {
    const redis = await kind.connect();
    try {
      const pubsub = createPubSub(redis);
      const sharded = createPubSub(redis, { sharded: true });
      const channelInbox = new Inbox<PubSubMessage>();
      const patternInbox = new Inbox<PubSubMessage>();
      const shardInbox = new Inbox<PubSubMessage>();
      await pubsub.subscribe("v5:news", channelInbox.push);
      await pubsub.psubscribe("v5:*", patternInbox.push);
      await sharded.subscribe("v5:shard", shardInbox.push);
      await pubsub.publish("v5:news", { n: 1 });
      await sharded.publish("v5:shard", { n: 2 });
      expect((await channelInbox.waitFor(1)).map((message) => message.data)).toEqual([{ n: 1 }]);
      expect((await patternInbox.waitFor(1)).map((message) => message.channel)).toEqual(["v5:news"]);
      expect((await shardInbox.waitFor(1)).map((message) => message.data)).toEqual([{ n: 2 }]);
      await pubsub.close();
      await sharded.close();

      const topic = createDurableTopic(redis, { topic: "v5", group: "g", consumer: "c" });
      await topic.publish("durable");
      const durableInbox = new Inbox<DurableMessage>();
      const stop = await topic.consume(durableInbox.push);
      expect((await durableInbox.waitFor(1)).map((message) => message.data)).toEqual(["durable"]);
      await eventually(async () => expect(await topic.stats()).toMatchObject({ pending: 0 }));
      await stop();
      expect(redis.status).toBe("ready");
    } finally {
      redis.disconnect();
    }
  });
});
