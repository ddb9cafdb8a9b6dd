import type { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionStore } from "../src/index.js";
import { pause, TEST_KEY } from "./support/keys.js";
import { rawKeysOf } from "./support/raw-keys.js";
import { topologies } from "./support/topologies.js";

describe.each(topologies)("rolling reads with touchAfterMs on $name", (topology) => {
  let redis: Redis | Cluster;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("by default every get extends the session", async () => {
    const store = createSessionStore(redis, { secret: TEST_KEY, ttlMs: 10_000 });
    const session = await store.create({ a: 1 });
    const first = await store.get(session.id);
    await pause(150);
    const second = await store.get(session.id);
    expect(second?.lastAccessed).toBeGreaterThanOrEqual((first?.lastAccessed ?? 0) + 150);
    expect(await redis.pexpiretime(rawKeysOf(session.id).session)).toBe(second?.expiresAt);
  });

  it("writes nothing on a get within touchAfterMs of its last extension, and extends again after", async () => {
    const store = createSessionStore(redis, { secret: TEST_KEY, ttlMs: 10_000, touchAfterMs: 2_000 });
    const session = await store.create({ cart: [1, 2] });
    const { session: key } = rawKeysOf(session.id);
    const extended = await store.get(session.id);
    await pause(50);
    const within = await store.get(session.id);
    expect(within?.data).toEqual({ cart: [1, 2] });
    expect(within?.lastAccessed).toBe(extended?.lastAccessed);
    expect(within?.expiresAt).toBe(extended?.expiresAt);
    expect(await redis.pexpiretime(key)).toBe(extended?.expiresAt);
    await pause(2_000);
    const after = await store.get(session.id);
    expect(after?.expiresAt).toBeGreaterThanOrEqual((extended?.expiresAt ?? 0) + 2_000);
    expect(await redis.pexpiretime(key)).toBe(after?.expiresAt);
  });

  it("sees what another process did within the window: a destroy, an update, a rewrite", async () => {
    const store = createSessionStore(redis, { secret: TEST_KEY, ttlMs: 10_000, touchAfterMs: 60_000 });
    const elsewhere = createSessionStore(redis, { secret: TEST_KEY, ttlMs: 10_000 });
    const updated = await store.create({ a: 1 });
    await store.get(updated.id);
    await elsewhere.update(updated.id, { b: 2 });
    expect((await store.get(updated.id))?.data).toEqual({ a: 1, b: 2 });
    const rewritten = await store.create({ a: 1 });
    await store.get(rewritten.id);
    await elsewhere.set(rewritten.id, { c: 3 });
    expect((await store.get(rewritten.id))?.data).toEqual({ c: 3 });
    const destroyed = await store.create({ a: 1 });
    await store.get(destroyed.id);
    await elsewhere.destroy(destroyed.id);
    expect(await store.get(destroyed.id)).toBeNull();
    expect(await redis.exists(rawKeysOf(destroyed.id).session)).toBe(0);
  });
});
