import type { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionStore } from "../src/index.js";
import { pause, TEST_KEY } from "./support/keys.js";
import { rawKeysOf } from "./support/raw-keys.js";
import { topologies } from "./support/topologies.js";

describe.each(topologies)("rolling expiry on $name", (topology) => {
  let redis: Redis | Cluster;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("extends the key's TTL when the session is read, and only then", async () => {
    const store = createSessionStore(redis, { secret: TEST_KEY, ttlMs: 10_000, rolling: true });
    const session = await store.create({ a: 1 }, { userId: "ada" });
    const { session: key } = rawKeysOf(session.id);
    expect(await redis.pexpiretime(key)).toBe(session.expiresAt);
    await pause(250);
    // Looking at a session is not using it: peek, listing, counting and walking leave the TTL alone.
    await store.peek(session.id);
    await store.listForUser("ada");
    await store.count();
    for await (const _ of store.sessions());
    expect(await redis.pexpiretime(key)).toBe(session.expiresAt);
    const read = await store.get(session.id);
    expect(read?.expiresAt).toBeGreaterThanOrEqual(session.expiresAt + 250);
    expect(read?.expiresAt).toBe((read?.lastAccessed ?? 0) + 10_000);
    expect(await redis.pexpiretime(key)).toBe(read?.expiresAt);
    expect(Number(await redis.hget(key, "e"))).toBe(read?.expiresAt);
  });

  it("extends on update and touch as well", async () => {
    const store = createSessionStore(redis, { secret: TEST_KEY, ttlMs: 10_000, rolling: true });
    const session = await store.create({ a: 1 });
    const { session: key } = rawKeysOf(session.id);
    await pause(250);
    const updated = await store.update(session.id, { b: 2 });
    expect(updated?.expiresAt).toBeGreaterThanOrEqual(session.expiresAt + 250);
    expect(await redis.pexpiretime(key)).toBe(updated?.expiresAt);
    await pause(250);
    await store.touch(session.id);
    expect(await redis.pexpiretime(key)).toBeGreaterThanOrEqual((updated?.expiresAt ?? 0) + 250);
  });

  it("keeps the TTL on reads and updates without rolling expiry; touch still extends", async () => {
    const store = createSessionStore(redis, { secret: TEST_KEY, ttlMs: 10_000, rolling: false });
    const session = await store.create({ a: 1 });
    const { session: key } = rawKeysOf(session.id);
    await pause(250);
    expect((await store.get(session.id))?.expiresAt).toBe(session.expiresAt);
    expect((await store.update(session.id, { b: 2 }))?.expiresAt).toBe(session.expiresAt);
    expect(await redis.pexpiretime(key)).toBe(session.expiresAt);
    await store.touch(session.id);
    expect(await redis.pexpiretime(key)).toBeGreaterThanOrEqual(session.expiresAt + 250);
  });

  it("keeps a session in use alive past its first index bound, still listed and destroyable", async () => {
    const store = createSessionStore(redis, { secret: TEST_KEY, ttlMs: 500, rolling: true });
    const session = await store.create({ a: 1 }, { userId: "ada" });
    const keys = rawKeysOf(session.id, "ada");
    const firstBound = Number(await redis.zscore(keys.index, keys.member));
    expect(firstBound).toBe(Number(await redis.hget(keys.session, "b")));
    // Two idle periods from the index's clock (on a cluster, another node's, read a moment earlier).
    expect(Math.abs(firstBound - (session.createdAt + 1_000))).toBeLessThan(100);
    // Over two idle periods of steady use (the first bound): it must be raised, index first, more than once.
    for (let step = 0; step < 30; step++) {
      await pause(40);
      expect(await store.get(session.id)).not.toBeNull();
      const [expiry, bound] = (await redis.hmget(keys.session, "e", "b")).map(Number);
      // The invariant that makes pruning safe: expiry <= the session's bound <= its index score.
      expect(expiry).toBeLessThanOrEqual(bound as number);
      expect(bound).toBeLessThanOrEqual(Number(await redis.zscore(keys.index, keys.member)));
    }
    expect(Number(await redis.zscore(keys.index, keys.member))).toBeGreaterThan(firstBound);
    expect((await store.listForUser("ada")).map((listed) => listed.id)).toEqual([session.id]);
    expect(await store.destroyAllForUser("ada")).toBe(1);
    expect(await store.get(session.id)).toBeNull();
  });

  it("never extends past maxLifetimeMs, however active", async () => {
    const store = createSessionStore(redis, { secret: TEST_KEY, ttlMs: 10_000, maxLifetimeMs: 1_000, rolling: true });
    const session = await store.create({ a: 1 }, { userId: "ada" });
    expect(session.expiresAt).toBe(session.createdAt + 1_000);
    for (let step = 0; step < 4; step++) {
      await pause(40);
      const read = await store.get(session.id);
      expect(read?.expiresAt).toBe(session.createdAt + 1_000);
    }
    await pause(1_000);
    expect(await store.get(session.id)).toBeNull();
    expect(await store.listForUser("ada")).toEqual([]);
  });
});

describe.each(topologies)("expiry on $name", (topology) => {
  let redis: Redis | Cluster;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("removes an expired session from Redis and prunes it from its user's index", async () => {
    const store = createSessionStore(redis, { secret: TEST_KEY, ttlMs: 200 });
    const expiring = await store.create({ a: 1 }, { userId: "ada" });
    const lasting = await store.create({ b: 2 }, { userId: "ada", ttlMs: 60_000 });
    const keys = rawKeysOf(expiring.id, "ada");
    expect(await redis.zcard(keys.index)).toBe(2);
    await pause(500);
    expect(await redis.exists(keys.session)).toBe(0);
    expect((await store.listForUser("ada")).map((session) => session.id)).toEqual([lasting.id]);
    expect(await redis.zscore(keys.index, keys.member)).toBeNull();
    expect(await redis.zcard(keys.index)).toBe(1);
  });

  it("lets the index key itself expire with its last session", async () => {
    const store = createSessionStore(redis, { secret: TEST_KEY, ttlMs: 150 });
    const session = await store.create({ a: 1 }, { userId: "ada" });
    const keys = rawKeysOf(session.id, "ada");
    expect(await redis.pttl(keys.index)).toBeGreaterThan(0);
    await pause(450);
    expect(await redis.exists(keys.session, keys.tombstone)).toBe(0);
    expect(await redis.exists(keys.index)).toBe(0);
  });

  it("keeps a destroyed id dead for one idle TTL, then forgets it", async () => {
    const store = createSessionStore(redis, { secret: TEST_KEY, ttlMs: 200 });
    await store.set("reused-id", { a: 1 });
    await store.destroy("reused-id");
    const { tombstone } = rawKeysOf("reused-id");
    expect(await redis.pttl(tombstone)).toBeGreaterThan(100);
    expect(await store.set("reused-id", { a: 2 })).toBe(false);
    await pause(300);
    expect(await redis.exists(tombstone)).toBe(0);
    expect(await store.set("reused-id", { a: 3 })).toBe(true);
  });
});
