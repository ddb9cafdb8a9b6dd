// Type-level tests: `pnpm typecheck` fails when the typed API stops inferring what it promises.
// Never run (vitest only picks up *.test.ts); every `@ts-expect-error` must be an error.
import type { RedisClient } from "@redis-mcp/core";
import { z } from "zod";
import { createDurableTopic, createPubSub } from "../src/index.js";

export async function typedChannels(redis: RedisClient): Promise<void> {
  const pubsub = createPubSub(redis, {
    channels: {
      prices: z.object({ sku: z.string(), cents: z.number().int() }),
      audit: { schema: z.object({ at: z.iso.datetime().transform((text) => new Date(text)) }), version: 2 },
    },
  });
  await pubsub.subscribe("prices", (message) => message.data.sku.toUpperCase() + message.data.cents.toFixed(0));
  await pubsub.subscribe("audit", (message) => message.data.at.getTime());
  await pubsub.publish("prices", { sku: "A-1", cents: 999 });
  await pubsub.publish("audit", { at: "2026-01-01T00:00:00Z" });
  // @ts-expect-error: cents must be a number
  await pubsub.publish("prices", { sku: "A-1", cents: "999" });
  // @ts-expect-error: not a typed channel
  await pubsub.publish("other", {});
  // @ts-expect-error: not a typed channel
  await pubsub.subscribe(["prices", "other"], () => undefined);
  await pubsub.psubscribe("*", (message) => {
    const channel: "prices" | "audit" = message.channel;
    return channel;
  });
}

export async function untypedChannels(redis: RedisClient): Promise<void> {
  const pubsub = createPubSub(redis);
  await pubsub.publish("anything", { any: ["thing"] });
  await pubsub.subscribe("anything", (message) => {
    const data: unknown = message.data;
    return data;
  });
}

export async function durableTopics(redis: RedisClient): Promise<void> {
  const orders = createDurableTopic<{ orderId: number }>(redis, { topic: "orders", group: "billing" });
  await orders.publish({ orderId: 7 });
  // @ts-expect-error: orderId must be a number
  await orders.publish({ orderId: "7" });
  await orders.consume((message) => message.data.orderId.toFixed(0) + message.attempts);
  const typed = createDurableTopic(redis, { topic: "t", group: "g", schema: z.object({ at: z.string().transform((text) => new Date(text)) }) });
  await typed.publish({ at: "2026-01-01" });
  await typed.consume((message) => message.data.at.getTime());
}
