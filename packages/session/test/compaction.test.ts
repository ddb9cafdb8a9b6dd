import type { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisSessionStore } from "../src/express/index.js";
import { createSessionStore } from "../src/index.js";
import { TEST_KEY } from "./support/keys.js";
import { rawKeysOf } from "./support/raw-keys.js";
import { topologies } from "./support/topologies.js";

/** The update overrides a session hash holds (`d:<name>` fields). */
async function overridesOf(redis: Redis | Cluster, key: string): Promise<string[]> {
  return (await redis.hkeys(key)).filter((field) => field.startsWith("d:")).sort();
}

describe.each(topologies)("base and overrides on $name", (topology) => {
  const clients: (Redis | Cluster)[] = [];
  let redis: Redis | Cluster;
  beforeAll(async () => {
    for (let index = 0; index < 2; index++) clients.push(await topology.connect());
    redis = clients[0] as Redis | Cluster;
  });
  afterAll(() => {
    for (const client of clients) client.disconnect();
  });

  it("writes a created session as one encrypted base and each update as an override", async () => {
    const store = createSessionStore(redis, { secret: TEST_KEY });
    const session = await store.create({ a: 1, b: 2 });
    const { session: key } = rawKeysOf(session.id);
    expect(await overridesOf(redis, key)).toEqual([]);
    await store.update(session.id, { b: 3, c: 4 });
    await store.update(session.id, { a: undefined });
    expect(await overridesOf(redis, key)).toEqual(["d:a", "d:b", "d:c"]);
    expect((await store.peek(session.id))?.data).toEqual({ b: 3, c: 4 });
  });

  it("folds piled-up overrides into a new base on a read, keeping every value", async () => {
    const store = createSessionStore(redis, { secret: TEST_KEY });
    const session = await store.create({ base: true });
    const { session: key } = rawKeysOf(session.id);
    for (let index = 0; index < 7; index++) await store.update(session.id, { [`field${index}`]: index });
    // The update that makes the eighth override reads it back and folds.
    const updated = await store.update(session.id, { field7: 7, base: undefined });
    expect(await overridesOf(redis, key)).toEqual([]);
    const expected = Object.fromEntries(Array.from({ length: 8 }, (_, index) => [`field${index}`, index]));
    expect(updated?.data).toEqual(expected);
    expect((await store.get(session.id))?.data).toEqual(expected);
    expect(Number(await redis.hget(key, "s"))).toBe(await redis.hstrlen(key, "m"));
  });

  it("loses no update while reads fold concurrently on another connection", async () => {
    const writer = createSessionStore(clients[0] as Redis | Cluster, { secret: TEST_KEY });
    const reader = createSessionStore(clients[1] as Redis | Cluster, { secret: TEST_KEY });
    const session = await writer.create({ base: true });
    const work: Promise<unknown>[] = [];
    for (let index = 0; index < 60; index++) {
      work.push(writer.update(session.id, { [`field${index}`]: index }));
      if (index % 3 === 0) work.push(reader.get(session.id));
    }
    await Promise.all(work);
    const data = (await reader.get(session.id))?.data ?? {};
    expect(Object.keys(data)).toHaveLength(61);
    for (let index = 0; index < 60; index++) expect(data[`field${index}`]).toBe(index);
  });

  it("makes room for an update by folding, when the folded session fits", async () => {
    const store = createSessionStore(redis, { secret: TEST_KEY, maxSessionBytes: 4_096 });
    const session = await store.create({ a: "x".repeat(1_500), b: "y".repeat(1_500) });
    // As stored, the base keeps b's bytes under its removal marker: 3 KB + 1.5 KB is over 4 KB.
    // Folded, the session is a and c: 3 KB.
    const updated = await store.update(session.id, { b: undefined, c: "z".repeat(1_500) });
    expect(Object.keys(updated?.data ?? {}).sort()).toEqual(["a", "c"]);
    expect(await overridesOf(redis, rawKeysOf(session.id).session)).toEqual([]);
  });

  it("lets express-session read a session changed through update (base and overrides)", async () => {
    const express = new RedisSessionStore(redis, { secret: TEST_KEY });
    const cookie = { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000).toISOString() };
    await express.set("express-id", { cookie, views: 1 } as never);
    expect(await express.get("express-id")).toEqual({ cookie, views: 1 });
    await express.sessions.update("express-id", { views: 2, flash: "saved" });
    expect(await express.get("express-id")).toEqual({ cookie, views: 2, flash: "saved" });
  });
});
