import { slotOf } from "@redis-mcp/core";
import { useRedis, useRedisCluster } from "@redis-mcp/test-redis/vitest";
import { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionStore } from "../src/index.js";
import { TEST_KEY } from "./support/keys.js";
import { rawKeysOf } from "./support/raw-keys.js";
import { allKeys, topologies } from "./support/topologies.js";

describe.each(topologies)("key layout on $name", (topology) => {
  let redis: Redis | Cluster;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("names keys by hashes, with a session and its tombstone in one slot and the index under the user's tag", async () => {
    const store = createSessionStore(redis, { secret: TEST_KEY });
    const session = await store.create({ a: 1 }, { userId: "ada" });
    const keys = rawKeysOf(session.id, "ada");
    expect(await allKeys(redis)).toEqual([keys.session, keys.index].sort());
    expect(keys.session).toMatch(/^sess:\{[A-Za-z0-9_-]{43}\}$/);
    expect(keys.index).toMatch(/^sess:user:\{[A-Za-z0-9_-]{43}\}$/);
    expect(slotOf(keys.tombstone)).toBe(slotOf(keys.session));
    expect(await redis.zrange(keys.index, "0", "-1")).toEqual([keys.member]);
    await store.destroy(session.id);
    expect(await allKeys(redis)).toEqual([keys.tombstone]);
  });

  it("keeps stores with different prefixes apart", async () => {
    const left = createSessionStore(redis, { secret: TEST_KEY, prefix: "app-a:sess:" });
    const right = createSessionStore(redis, { secret: TEST_KEY, prefix: "app-b:sess:" });
    const mine = await left.create({ side: "left" }, { userId: "ada" });
    await right.create({ side: "right" }, { userId: "ada" });
    expect(await left.count()).toBe(1);
    expect((await left.listForUser("ada")).map((session) => session.id)).toEqual([mine.id]);
    expect(await right.get(mine.id)).toBeNull();
    expect(await left.clear()).toBe(1);
    expect(await right.count()).toBe(1);
  });
});

describe("ioredis keyPrefix", () => {
  const clients: (Redis | Cluster)[] = [];
  afterAll(() => {
    for (const client of clients) client.disconnect();
  });

  it("works under a client keyPrefix on a standalone server and a cluster", async () => {
    const server = await useRedis();
    const cluster = await useRedisCluster();
    const prefixed = [new Redis(server.port, { keyPrefix: "tenant-7:" }), new Cluster(cluster.startupNodes, { keyPrefix: "tenant-7:" })];
    const plain = [new Redis(server.port), new Cluster(cluster.startupNodes)];
    clients.push(...prefixed, ...plain);
    for (const [index, client] of prefixed.entries()) {
      const store = createSessionStore(client, { secret: TEST_KEY });
      const session = await store.create({ a: 1 }, { userId: "ada" });
      expect((await store.get(session.id))?.data).toEqual({ a: 1 });
      expect(await store.count()).toBe(1);
      expect((await store.listForUser("ada")).map((listed) => listed.id)).toEqual([session.id]);
      const raw = plain[index] as Redis | Cluster;
      expect(await raw.exists(`tenant-7:${rawKeysOf(session.id).session}`)).toBe(1);
      expect(await store.destroyAllForUser("ada")).toBe(1);
      expect(await store.clear()).toBe(0);
    }
  });
});
