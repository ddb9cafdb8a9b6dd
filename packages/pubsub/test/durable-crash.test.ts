import type { RedisClient } from "@redis-mcp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDurableTopic, type DurableMessage } from "../src/index.js";
import { ChildConsumer } from "./support/child-consumer.js";
import { topologies } from "./support/topologies.js";
import { eventually, Inbox } from "./support/waiting.js";

describe.each(topologies)("durable consumer crash on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("a consumer process SIGKILLed mid-handler loses nothing: another consumer gets its messages after the visibility timeout", async () => {
    const settings = { topic: "crash", group: "workers", visibilityTimeoutMs: 1_000 };
    const topic = createDurableTopic(redis, { ...settings, consumer: "survivor" });
    const ids = [await topic.publish({ invoice: 1 }), await topic.publish({ invoice: 2 })];

    const doomed = new ChildConsumer({ ...settings, address: await topology.address(), consumer: "doomed", mode: "hang", concurrency: 2 });
    try {
      const events = await doomed.waitFor((seen) => seen.filter((event) => event.event === "taken").length === 2);
      expect(events.filter((event) => event.event === "taken").map((event) => [event.entryId, event.attempts])).toEqual([
        [ids[0], 1],
        [ids[1], 1],
      ]);
    } finally {
      expect(await doomed.kill()).toBe("SIGKILL");
    }
    // The dead consumer still holds both: only the visibility timeout gives them back.
    expect(await topic.stats()).toMatchObject({ pending: 2 });

    const inbox = new Inbox<DurableMessage>();
    const stop = await topic.consume(inbox.push, { concurrency: 2 });
    try {
      const received = await inbox.waitFor(2);
      expect(received.map((message) => [message.entryId, message.attempts, message.data]).sort()).toEqual([
        [ids[0], 2, { invoice: 1 }],
        [ids[1], 2, { invoice: 2 }],
      ]);
      await eventually(async () => expect(await topic.stats()).toMatchObject({ pending: 0, deadLetters: 0 }));
    } finally {
      await stop();
    }
  });
});
