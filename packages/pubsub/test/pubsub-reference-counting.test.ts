import type { RedisClient } from "@redis-mcp/core";
import { type StandaloneRedis, startRedisServer } from "@redis-mcp/test-redis";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPubSub, type PubSubMessage } from "../src/index.js";
import { topologies } from "./support/topologies.js";
import { Inbox } from "./support/waiting.js";

/** How many times Redis ran a command (INFO commandstats), since the last CONFIG RESETSTAT. */
async function callsOf(admin: Redis, command: string): Promise<number> {
  const info = await admin.info("commandstats");
  return Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, "m").exec(info)?.[1] ?? 0);
}

/** Connections in pub/sub mode and how many channels each holds (CLIENT LIST TYPE pubsub). */
async function pubsubClients(admin: Redis): Promise<{ sub: number; psub: number }[]> {
  const list = String(await admin.call("client", ["LIST", "TYPE", "pubsub"]));
  return list
    .split("\n")
    .filter(Boolean)
    .map((line) => ({ sub: Number(/ sub=(\d+)/.exec(line)?.[1]), psub: Number(/ psub=(\d+)/.exec(line)?.[1]) }));
}

describe("reference counting against Redis's own counters", () => {
  let server: StandaloneRedis;
  let redis: Redis;
  let admin: Redis;
  beforeAll(async () => {
    server = await startRedisServer();
    redis = new Redis(server.port);
    admin = new Redis(server.port);
  });
  afterAll(async () => {
    redis.disconnect();
    admin.disconnect();
    await server.stop();
  });
  beforeEach(async () => {
    await admin.config("RESETSTAT");
  });

  it("sends one SUBSCRIBE for 1,000 concurrent handlers of a channel and one UNSUBSCRIBE when they all leave", async () => {
    const pubsub = createPubSub(redis);
    const inbox = new Inbox<number>();
    const unsubscribes = await Promise.all(Array.from({ length: 1_000 }, (_, index) => pubsub.subscribe("crowd", () => inbox.push(index))));
    expect(await callsOf(admin, "subscribe")).toBe(1);
    expect(await pubsubClients(admin)).toEqual([{ sub: 1, psub: 0 }]);
    await pubsub.publish("crowd", "hello");
    expect((await inbox.waitFor(1_000)).length).toBe(1_000);
    await Promise.all(unsubscribes.map((unsubscribe) => unsubscribe()));
    expect(await callsOf(admin, "unsubscribe")).toBe(1);
    expect(await pubsubClients(admin)).toEqual([]);
    expect(pubsub.localSubscriptions()).toEqual({ channels: [], patterns: [] });
    await pubsub.close();
  });

  it("1,000 subscribe/unsubscribe cycles leave no subscription, no handler and no extra connection", async () => {
    const pubsub = createPubSub(redis);
    const clientsBefore = Number(/connected_clients:(\d+)/.exec(await admin.info("clients"))?.[1]);
    for (let cycle = 0; cycle < 1_000; cycle++) {
      const unsubscribe = cycle % 2 === 0 ? await pubsub.subscribe("cycle", () => undefined) : await pubsub.psubscribe("cycle.*", () => undefined);
      await unsubscribe();
    }
    expect(await callsOf(admin, "subscribe")).toBe(500);
    expect(await callsOf(admin, "unsubscribe")).toBe(500);
    expect(await callsOf(admin, "psubscribe")).toBe(500);
    expect(await callsOf(admin, "punsubscribe")).toBe(500);
    expect(await pubsub.subscriberCounts("cycle")).toEqual({ cycle: 0 });
    expect(await pubsub.patternCount()).toBe(0);
    expect(pubsub.localSubscriptions()).toEqual({ channels: [], patterns: [] });
    // One dedicated subscriber connection was opened for all 1,000 cycles.
    expect(Number(/connected_clients:(\d+)/.exec(await admin.info("clients"))?.[1])).toBe(clientsBefore + 1);
    await pubsub.close();
  });
});

describe.each(topologies)("concurrent subscribe and unsubscribe on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());
  let pubsub: ReturnType<typeof createPubSub>;
  afterEach(async () => {
    await pubsub.close();
  });

  it("1,000 interleaved subscribe/unsubscribe pairs over 10 channels leak nothing, and live handlers still get messages", async () => {
    pubsub = createPubSub(redis);
    const channels = Array.from({ length: 10 }, (_, index) => `mix:${index}`);
    // Every pair runs without waiting for the others: subscribes and unsubscribes of one channel overlap.
    await Promise.all(
      Array.from({ length: 1_000 }, async (_, index) => {
        const unsubscribe = await pubsub.subscribe(channels[index % 10] as string, () => undefined);
        if (index % 3 === 0) await new Promise((resolve) => setImmediate(resolve));
        await unsubscribe();
      }),
    );
    expect(pubsub.localSubscriptions()).toEqual({ channels: [], patterns: [] });
    expect(Object.values(await pubsub.subscriberCounts(channels))).toEqual(Array(10).fill(0));
    expect(await pubsub.channels("mix:*")).toEqual([]);

    // The instance still works: a channel subscribed after the storm delivers.
    const inbox = new Inbox<PubSubMessage>();
    await pubsub.subscribe("mix:3", inbox.push);
    await pubsub.publish("mix:3", "after");
    expect((await inbox.waitFor(1)).map((message) => message.data)).toEqual(["after"]);
    expect(await pubsub.subscriberCounts(channels)).toMatchObject({ "mix:3": 1, "mix:4": 0 });
  });
});
