import type { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionStore, type SessionDecryptError } from "../src/index.js";
import { OTHER_KEY, TEST_KEY } from "./support/keys.js";
import { rawKeysOf } from "./support/raw-keys.js";
import { allKeys, topologies } from "./support/topologies.js";

/** The key id a stored value names (format byte, id length, id). */
function keyIdIn(stored: Buffer): string {
  return stored.toString("ascii", 2, 2 + (stored[1] as number));
}

describe.each(topologies)("encryption on $name", (topology) => {
  let redis: Redis | Cluster;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  function storeReporting(errors: SessionDecryptError[], options: Partial<Parameters<typeof createSessionStore>[1]> = {}) {
    return createSessionStore(redis, { secret: TEST_KEY, onDecryptError: (error) => errors.push(error), ...options });
  }

  it("keeps data, user id, ip, user agent and the session id out of Redis in clear", async () => {
    const store = createSessionStore(redis, { secret: TEST_KEY });
    const session = await store.create(
      { creditCardLast4: "4242", nested: { email: "ada@example.com" } },
      { userId: "user-ada-lovelace", ip: "203.0.113.77", userAgent: "Mozilla/5.0 SecretBrowser" },
    );
    const dump: string[] = [];
    for (const key of await allKeys(redis)) {
      dump.push(key);
      const type = await redis.type(key);
      if (type === "hash") for (const value of Object.values(await redis.hgetallBuffer(key))) dump.push(value.toString("latin1"));
      if (type === "zset") dump.push(...(await redis.zrange(key, "0", "-1")));
    }
    const text = dump.join("\n");
    for (const secret of ["4242", "ada@example.com", "user-ada-lovelace", "203.0.113.77", "SecretBrowser", session.id]) {
      expect(text.includes(secret)).toBe(false);
    }
  });

  it("reads a tampered session as no session, reports E_SESSION_DECRYPT, and never crashes", async () => {
    const errors: SessionDecryptError[] = [];
    const store = storeReporting(errors);
    const session = await store.create({ role: "user" }, { userId: "ada" });
    const { session: key } = rawKeysOf(session.id);
    const stored = (await redis.hgetBuffer(key, "m")) as Buffer;
    const tampered = Buffer.from(stored);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 0x01;
    await redis.hset(key, "m", tampered);
    expect(await store.get(session.id)).toBeNull();
    expect(await store.peek(session.id)).toBeNull();
    expect(await store.update(session.id, { other: 1 })).toBeNull();
    expect(await store.listForUser("ada")).toEqual([]);
    expect(errors.length).toBeGreaterThanOrEqual(4);
    expect(errors.every((error) => error.code === "E_SESSION_DECRYPT")).toBe(true);
    expect(errors[0]?.message).toMatch(/"m" failed authentication/);
    // Destroying it still works: the user can log out and in again.
    expect(await store.destroy(session.id)).toBe(true);
  });

  it("reads a session with a tampered update as no session", async () => {
    const errors: SessionDecryptError[] = [];
    const store = storeReporting(errors);
    const session = await store.create({ role: "user" });
    await store.update(session.id, { role: "editor" });
    const { session: key } = rawKeysOf(session.id);
    const stored = Buffer.from((await redis.hgetBuffer(key, "d:role")) as Buffer);
    stored[20] = (stored[20] as number) ^ 0x80;
    await redis.hset(key, "d:role", stored);
    expect(await store.get(session.id)).toBeNull();
    expect(errors[0]?.message).toMatch(/"d:role" failed authentication/);
  });

  it("refuses a value copied from another session (the session is part of the authenticated data)", async () => {
    const errors: SessionDecryptError[] = [];
    const store = storeReporting(errors);
    const admin = await store.create({ role: "admin" });
    const user = await store.create({ role: "user" });
    await redis.hset(rawKeysOf(user.id).session, "m", (await redis.hgetBuffer(rawKeysOf(admin.id).session, "m")) as Buffer);
    expect(await store.get(user.id)).toBeNull();
    expect(errors.map((error) => error.code)).toEqual(["E_SESSION_DECRYPT"]);
  });

  it("refuses a value moved to another field of the same session", async () => {
    const store = storeReporting([]);
    const session = await store.create({});
    await store.update(session.id, { role: "user", nickname: "admin" });
    const { session: key } = rawKeysOf(session.id);
    await redis.hset(key, "d:role", (await redis.hgetBuffer(key, "d:nickname")) as Buffer);
    expect(await store.get(session.id)).toBeNull();
  });

  it("reads sessions of a store with another key, and foreign data, as no session", async () => {
    const errors: SessionDecryptError[] = [];
    const mine = storeReporting(errors);
    const theirs = createSessionStore(redis, { secret: OTHER_KEY });
    const foreign = await theirs.create({ a: 1 });
    expect(await mine.get(foreign.id)).toBeNull();
    expect(errors[0]?.message).toMatch(/failed authentication/);
    // A hash another library wrote under our prefix: no meta field, plain JSON values.
    await redis.hset(rawKeysOf("planted").session, { m: '{"id":"planted","data":{"role":"admin"}}', c: 0, a: 0, e: 0, t: 1000, x: 0, b: 0, u: "", s: 7 });
    expect(await mine.get("planted")).toBeNull();
    expect(errors.at(-1)?.code).toBe("E_SESSION_DECRYPT");
  });

  it("rotates keys without logging anyone out: the new primary encrypts, old keys still decrypt, reads re-encrypt", async () => {
    const original = createSessionStore(redis, { keys: [{ id: "2025-01", secret: TEST_KEY }] });
    const session = await original.create({ cart: [1] }, { userId: "ada" });
    await original.update(session.id, { theme: "dark" });
    const untouched = await original.create({ cart: [2] });
    const { session: key } = rawKeysOf(session.id);
    expect(keyIdIn((await redis.hgetBuffer(key, "m")) as Buffer)).toBe("2025-01");
    expect(keyIdIn((await redis.hgetBuffer(key, "d:theme")) as Buffer)).toBe("2025-01");

    // Step 1: deploy the new key as primary, the old one still in the ring.
    const rotated = createSessionStore(redis, {
      keys: [
        { id: "2025-07", secret: OTHER_KEY },
        { id: "2025-01", secret: TEST_KEY },
      ],
    });
    expect((await rotated.get(session.id))?.data).toEqual({ cart: [1], theme: "dark" });
    // The read re-encrypted every field with the primary.
    expect(keyIdIn((await redis.hgetBuffer(key, "m")) as Buffer)).toBe("2025-07");
    expect(keyIdIn((await redis.hgetBuffer(key, "d:theme")) as Buffer)).toBe("2025-07");
    const fresh = await rotated.create({ cart: [3] });
    expect(keyIdIn((await redis.hgetBuffer(rawKeysOf(fresh.id).session, "m")) as Buffer)).toBe("2025-07");

    // Step 2: once old sessions have expired, drop the old key. What was re-encrypted still reads.
    const errors: SessionDecryptError[] = [];
    const newOnly = createSessionStore(redis, { keys: [{ id: "2025-07", secret: OTHER_KEY }], onDecryptError: (error) => errors.push(error) });
    expect((await newOnly.get(session.id))?.data).toEqual({ cart: [1], theme: "dark" });
    expect((await newOnly.get(fresh.id))?.data).toEqual({ cart: [3] });
    expect((await newOnly.listForUser("ada")).map((listed) => listed.id)).toEqual([session.id]);
    // A session nobody used during the rotation is still under the dropped key: unreadable.
    expect(await newOnly.get(untouched.id)).toBeNull();
    expect(errors[0]?.message).toMatch(/key id "2025-01", which is not in the key ring/);
  });

  it("derives the key of a passphrase once per store, and every store with it reads the others' sessions", async () => {
    const passphrase = "a long passphrase shared by every app server, 40+ bytes";
    const first = createSessionStore(redis, { secret: passphrase });
    const second = createSessionStore(redis, { secret: passphrase });
    await Promise.all([first.ready(), second.ready()]);
    const session = await first.create({ a: 1 });
    expect((await second.get(session.id))?.data).toEqual({ a: 1 });
  });
});
