import { useRedis, useRedisCluster } from "@redis-mcp/test-redis/vitest";
import { Cluster, Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { createDurableTopic } from "../src/index.js";
import { eventually, Inbox } from "./support/waiting.js";

/** A client with the prefix, and one without to look at the real key names. */
const prefixed = [
  {
    name: "standalone",
    async connect(keyPrefix: string) {
      return new Redis((await useRedis()).port, { keyPrefix });
    },
  },
  {
    name: "cluster",
    async connect(keyPrefix: string) {
      const cluster = new Cluster((await useRedisCluster()).startupNodes, { keyPrefix, lazyConnect: true });
      await cluster.connect();
      return cluster;
    },
  },
];

describe.each(prefixed)("durable topic on a client with a keyPrefix ($name)", (kind) => {
  it("keeps every key under the prefix: reads, acks, scripts and dead letters included", async () => {
    const redis = await kind.connect("app:");
    const plain = await kind.connect("");
    try {
      const topic = createDurableTopic(redis, { topic: "prefixed", group: "g", consumer: "c", maxAttempts: 1, onError: () => undefined });
      await topic.publish("ok");
      await topic.publish("fails");
      const inbox = new Inbox<unknown>();
      const stop = await topic.consume((message) => {
        inbox.push(message.data);
        if (message.data === "fails") throw new Error("no");
      });
      await inbox.waitFor(2);
      await eventually(async () => expect(await topic.stats()).toMatchObject({ length: 2, pending: 0, deadLetters: 1 }));
      await stop();
      expect((await topic.deadLetters()).map((dead) => dead.data)).toEqual(["fails"]);
      // The keys Redis holds carry the prefix: a client without it finds them by their full names.
      expect(await plain.exists(`app:${topic.keys.stream}`, `app:${topic.keys.deadLetter}`)).toBe(2);
      expect(await plain.exists(topic.keys.stream)).toBe(0);
    } finally {
      redis.disconnect();
      plain.disconnect();
    }
  });
});
