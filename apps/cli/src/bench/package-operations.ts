import { randomBytes } from "node:crypto";
import type { RedisClient } from "@redis-mcp/core";
import { type Cache, createCache } from "@redis-mcp/core/cache";
import { type Counter, createMetrics, type Histogram, type Metrics } from "@redis-mcp/metrics";
import { createPubSub, type PubSub } from "@redis-mcp/pubsub";
import { createSessionStore, type SessionStore } from "@redis-mcp/session";
import type { BenchOperationFactory } from "./bench-operation.js";

/** Keys (and sessions) the operations cycle through. */
const KEYS = 200;
/** About 100 bytes of JSON, a typical small cached object or session. */
const PAYLOAD = { user: 12345, name: "Ada Lovelace", roles: ["admin", "ops"], theme: "dark", locale: "en-GB", cart: [1, 2, 3] };
const PAYLOAD_TEXT = JSON.stringify(PAYLOAD);

/** Something an operation opened in `setup`, available to its variants once set up. */
function slot<T>(): { value: T | undefined; get(): T } {
  return {
    value: undefined,
    get() {
      if (this.value === undefined) throw new Error("bench: an operation ran before its setup");
      return this.value;
    },
  };
}

/** The baselines' keys, each written on its own (on a cluster they live on every master; ioredis routes each command). */
async function writePlain(redis: RedisClient, keyOf: (index: number) => string): Promise<void> {
  await Promise.all(Array.from({ length: KEYS }, (_, index) => redis.set(keyOf(index), PAYLOAD_TEXT, "PX", 600_000)));
}

/**
 * @redis-mcp/core's cache (Redis tier only, so every read is a round trip) against plain GET/SET
 * of the same JSON.
 */
export const cacheOperations: BenchOperationFactory = (prefix) => {
  const cache = slot<Cache>();
  const key = (index: number) => `k${index % KEYS}`;
  const plainKey = (index: number) => `${prefix}plain:${index % KEYS}`;
  const open = (redis: RedisClient) => {
    cache.value ??= createCache(redis, { namespace: `${prefix}cache`, ttlMs: 600_000, l1: false, bus: false, l2: { timeoutMs: 5000 } });
    return cache.get();
  };
  return [
    {
      group: "cache",
      name: "cache get (hit, 100 B JSON)",
      baseline: "ioredis get + JSON.parse",
      setup: async (redis) => {
        const entries = Array.from({ length: KEYS }, (_, index): [string, unknown] => [key(index), PAYLOAD]);
        await open(redis).setMany(entries);
        await writePlain(redis, plainKey);
      },
      variants: [
        { name: "cache.get", run: (_redis, index) => cache.get().get(key(index)) },
        { name: "ioredis get + JSON.parse", run: async (redis, index) => JSON.parse((await redis.get(plainKey(index))) ?? "null") },
      ],
    },
    {
      group: "cache",
      name: "cache set (100 B JSON, TTL)",
      baseline: "ioredis set PX",
      variants: [
        { name: "cache.set", run: (redis, index) => open(redis).set(key(index), PAYLOAD) },
        { name: "ioredis set PX", run: (redis, index) => redis.set(plainKey(index), JSON.stringify(PAYLOAD), "PX", 600_000) },
      ],
      teardown: async () => {
        await cache.value?.close();
      },
    },
  ];
};

/** @redis-mcp/session (AES-256-GCM, rolling expiry in one script) against plain unencrypted reads and writes. */
export const sessionOperations: BenchOperationFactory = (prefix) => {
  const store = slot<SessionStore>();
  const ids: string[] = [];
  const plainKey = (index: number) => `${prefix}plain-session:${index % KEYS}`;
  return [
    {
      group: "session",
      name: "session get (rolling expiry)",
      baseline: "ioredis get + pexpire",
      setup: async (redis) => {
        // Random key material: no passphrase stretching in the measured process.
        store.value = createSessionStore(redis, { secret: randomBytes(32), prefix: `${prefix}sess:`, ttlMs: 600_000 });
        for (let index = 0; index < KEYS; index++) ids.push((await store.get().create(PAYLOAD, { userId: `user-${index % 10}` })).id);
        await writePlain(redis, plainKey);
      },
      variants: [
        { name: "store.get", run: (_redis, index) => store.get().get(ids[index % ids.length] as string) },
        {
          name: "ioredis get + pexpire",
          run: async (redis, index) => {
            const replies = await redis.pipeline().get(plainKey(index)).pexpire(plainKey(index), 600_000).exec();
            return JSON.parse(String(replies?.[0]?.[1] ?? "null"));
          },
        },
      ],
    },
    {
      group: "session",
      name: "session create (user-indexed)",
      baseline: "ioredis set PX",
      variants: [
        { name: "store.create", run: (_redis, index) => store.get().create(PAYLOAD, { userId: `user-${index % 10}` }) },
        { name: "ioredis set PX", run: (redis, index) => redis.set(`${prefix}plain-created:${index}`, JSON.stringify(PAYLOAD), "PX", 600_000) },
      ],
    },
  ];
};

/** @redis-mcp/metrics writes (series, value and per-minute rollups in one script) against a bare INCRBYFLOAT. */
export const metricsOperations: BenchOperationFactory = (prefix) => {
  const metrics = slot<Metrics>();
  const counter = slot<Counter<"route">>();
  const histogram = slot<Histogram<"route">>();
  const route = (index: number) => `/route/${index % 10}`;
  return [
    {
      group: "metrics",
      name: "counter inc (labelled)",
      baseline: "ioredis incrbyfloat",
      setup: async (redis) => {
        metrics.value = createMetrics(redis, { prefix: `${prefix}metrics` });
        counter.value = metrics.get().counter({ name: "bench_requests_total", help: "Bench requests", labelNames: ["route"] });
        histogram.value = metrics.get().histogram({ name: "bench_latency_seconds", help: "Bench latency", labelNames: ["route"] });
        await metrics.get().flush();
      },
      variants: [
        { name: "counter.inc", run: (_redis, index) => counter.get().inc({ route: route(index) }) },
        { name: "ioredis incrbyfloat", run: (redis, index) => redis.incrbyfloat(`${prefix}plain-counter:${route(index)}`, 1) },
      ],
    },
    {
      group: "metrics",
      name: "histogram observe (labelled)",
      baseline: "ioredis incrbyfloat",
      variants: [
        { name: "histogram.observe", run: (_redis, index) => histogram.get().observe({ route: route(index) }, (index % 100) / 100) },
        { name: "ioredis incrbyfloat", run: (redis, index) => redis.incrbyfloat(`${prefix}plain-histogram:${route(index)}`, (index % 100) / 100) },
      ],
      teardown: async () => {
        await metrics.value?.close();
      },
    },
  ];
};

/** @redis-mcp/pubsub's envelopes (id, timestamp, JSON) against PUBLISH of the bare JSON, to one subscribed channel. */
export const pubsubOperations: BenchOperationFactory = (prefix) => {
  const pubsub = slot<PubSub>();
  const channel = `${prefix}channel`;
  return [
    {
      group: "pubsub",
      name: "publish (100 B JSON, 1 subscriber)",
      baseline: "ioredis publish",
      setup: async (redis) => {
        pubsub.value = createPubSub(redis, { onError: () => {} });
        await pubsub.get().subscribe(channel, () => {});
      },
      variants: [
        { name: "pubsub.publish", run: () => pubsub.get().publish(channel, PAYLOAD) },
        { name: "ioredis publish", run: (redis) => redis.publish(channel, JSON.stringify(PAYLOAD)) },
      ],
      teardown: async () => {
        await pubsub.value?.close();
      },
    },
  ];
};
