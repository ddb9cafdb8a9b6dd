import { useRedis } from "@redis-mcp/test-redis/vitest";
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RedisSessionStore } from "../src/express/index.js";
import { createSessionStore, type SessionStore } from "../src/index.js";
import { TEST_KEY } from "./support/keys.js";
import { roundTripsOf } from "./support/round-trips.js";

// Counted through Redis's own read counter, never timed: each user-visible operation is one
// round trip, except where the design says why (see the README).
describe("round trips per operation (standalone)", () => {
  let client: Redis;
  let raw: Redis;
  let store: SessionStore;
  let rolling: SessionStore;

  beforeAll(async () => {
    const server = await useRedis();
    client = new Redis(server.port);
    raw = new Redis(server.port);
    store = createSessionStore(client, { secret: TEST_KEY, rolling: false });
    rolling = createSessionStore(client, { secret: TEST_KEY, rolling: true });
  });
  beforeEach(async () => {
    await Promise.all([store.ready(), rolling.ready()]);
    // Scripts are sent in full (EVAL) once per connection; count the steady state.
    const warm = await rolling.create({ warm: true }, { userId: "warm" });
    await rolling.update(warm.id, { a: 1 });
    await rolling.touch(warm.id);
    await rolling.set(warm.id, { b: 1 }, { userId: "warm" });
    await rolling.listForUser("warm");
    await rolling.destroy(warm.id);
    await rolling.destroy((await rolling.create({})).id);
  });
  afterAll(() => {
    client.disconnect();
    raw.disconnect();
  });

  it("create: 1, with a user (index and session in one script): 1", async () => {
    expect(await roundTripsOf(raw, () => store.create({ a: 1 }))).toBe(1);
    expect(await roundTripsOf(raw, () => store.create({ a: 1 }, { userId: "ada", ip: "203.0.113.7" }))).toBe(1);
  });

  it("get with rolling expiry: 1 (reads, marks accessed, extends the TTL)", async () => {
    const session = await rolling.create({ a: 1 }, { userId: "ada" });
    expect(await roundTripsOf(raw, () => rolling.get(session.id))).toBe(1);
    expect(await roundTripsOf(raw, () => rolling.get("missing"))).toBe(1);
  });

  it("get with rolling expiry within touchAfterMs of its last extension: 1 (one HMGET, no write)", async () => {
    const lazy = createSessionStore(client, { secret: TEST_KEY, rolling: true, touchAfterMs: 60_000 });
    const session = await lazy.create({ a: 1 }, { userId: "ada" });
    expect(await roundTripsOf(raw, () => lazy.get(session.id))).toBe(1);
    expect(await roundTripsOf(raw, () => lazy.get(session.id))).toBe(1);
  });

  it("get with touchAfterMs of a session this store updated: 1 (the script, which also reads the update)", async () => {
    const lazy = createSessionStore(client, { secret: TEST_KEY, rolling: true, touchAfterMs: 60_000 });
    const session = await lazy.create({ a: 1 }, { userId: "ada" });
    await lazy.get(session.id);
    await lazy.update(session.id, { b: 2 });
    expect(await roundTripsOf(raw, () => lazy.get(session.id))).toBe(1);
    expect(await roundTripsOf(raw, () => lazy.get(session.id))).toBe(1);
    expect((await lazy.get(session.id))?.data).toEqual({ a: 1, b: 2 });
  });

  it("peek, update, touch: 1 each", async () => {
    const session = await rolling.create({ a: 1 }, { userId: "ada" });
    expect(await roundTripsOf(raw, () => rolling.peek(session.id))).toBe(1);
    expect(await roundTripsOf(raw, () => rolling.update(session.id, { b: 2 }))).toBe(1);
    expect(await roundTripsOf(raw, () => rolling.touch(session.id))).toBe(1);
  });

  it("set: 1; destroy: 1 without a user, 2 with one (the index is found through the session)", async () => {
    expect(await roundTripsOf(raw, () => store.set("given-id", { a: 1 }, { userId: "ada" }))).toBe(1);
    const anonymous = await store.create({});
    expect(await roundTripsOf(raw, () => store.destroy(anonymous.id))).toBe(1);
    expect(await roundTripsOf(raw, () => store.destroy("given-id"))).toBe(2);
  });

  it("listForUser: 2 (the index, then every session in one pipeline)", async () => {
    for (let index = 0; index < 5; index++) await store.create({ index }, { userId: "ada" });
    expect(await roundTripsOf(raw, () => store.listForUser("ada"))).toBe(2);
  });

  it("express-session's get: 1; its touch: 1, or 0 when the get of the same request saw the cookie's expiry stored", async () => {
    const express = new RedisSessionStore(client, { secret: TEST_KEY });
    const cookie = { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000) };
    await express.set("express-id", { cookie } as never);
    await express.get("express-id");
    await express.touch("express-id", { cookie: { ...cookie, expires: new Date(Date.now() + 90_000) } } as never);
    const moved = { cookie: { originalMaxAge: 60_000, expires: new Date(Date.now() + 120_000) } };
    expect(await roundTripsOf(raw, () => express.get("express-id"))).toBe(1);
    // express-session without rolling: the cookie's expiry is the one stored, so touch would change nothing.
    expect(await roundTripsOf(raw, () => express.touch("express-id", { cookie: { ...cookie, expires: new Date(Date.now() + 85_000) } } as never))).toBe(0);
    expect(await roundTripsOf(raw, () => express.get("express-id"))).toBe(1);
    expect(await roundTripsOf(raw, () => express.touch("express-id", moved as never))).toBe(1);
    // Without a get just before (another process read it), touch always goes to Redis.
    expect(await roundTripsOf(raw, () => express.touch("express-id", moved as never))).toBe(1);
  });
});
