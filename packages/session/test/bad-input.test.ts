import { RedisMcpError } from "@redis-mcp/core";
import type { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisSessionStore } from "../src/express/index.js";
import { createSessionStore, type SessionStoreOptions } from "../src/index.js";
import { TEST_KEY } from "./support/keys.js";
import { rawKeysOf } from "./support/raw-keys.js";
import { allKeys, topologies } from "./support/topologies.js";

function thrown(work: () => unknown): { code: string; message: string } {
  try {
    work();
  } catch (error) {
    if (RedisMcpError.isInstance(error)) return { code: error.code, message: error.message };
    throw error;
  }
  return { code: "none", message: "" };
}

async function rejected(work: () => Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await work();
  } catch (error) {
    if (RedisMcpError.isInstance(error)) return { code: error.code, message: error.message };
    throw error;
  }
  return { code: "none", message: "" };
}

describe.each(topologies)("bad input on $name: a coded error, and nothing changes", (topology) => {
  let redis: Redis | Cluster;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("refuses a missing or short secret when the store is created", async () => {
    const shortSecret = "too-short-secret";
    expect(thrown(() => createSessionStore(redis, {} as SessionStoreOptions)).code).toBe("E_SESSION_KEY");
    const short = thrown(() => createSessionStore(redis, { secret: shortSecret }));
    expect(short.code).toBe("E_SESSION_KEY");
    expect(short.message).not.toContain(shortSecret);
    expect(thrown(() => createSessionStore(redis, { secret: Buffer.alloc(31) })).code).toBe("E_SESSION_KEY");
    expect(thrown(() => new RedisSessionStore(redis, { secret: "" })).code).toBe("E_SESSION_KEY");
    expect(await allKeys(redis)).toEqual([]);
  });

  it("refuses bad options with E_INVALID_ARGUMENT", () => {
    const cases: Partial<SessionStoreOptions>[] = [
      { ttlMs: 0 },
      { ttlMs: 1.5 },
      { prefix: "a{b}:" },
      { prefix: "" },
      { maxSessionBytes: 10 },
      { rolling: "yes" as unknown as boolean },
      { onDecryptError: "log" as unknown as () => void },
      { maxLifetimeMs: -1 },
      { touchAfterMs: -1 },
      { touchAfterMs: 0.5 },
      { decryptionCacheBytes: -1 },
      { decryptionCacheBytes: "8MB" as unknown as number },
    ];
    for (const options of cases) expect(thrown(() => createSessionStore(redis, { secret: TEST_KEY, ...options })).code).toBe("E_INVALID_ARGUMENT");
    expect(thrown(() => createSessionStore({} as Redis, { secret: TEST_KEY })).code).toBe("E_INVALID_ARGUMENT");
  });

  it("writes nothing for data that cannot be stored", async () => {
    const store = createSessionStore(redis, { secret: TEST_KEY });
    const error = await rejected(() => store.create({ ok: 1, handler: () => "x" }, { userId: "ada" }));
    expect(error.code).toBe("E_SESSION_INVALID");
    expect(error.message).toMatch(/data\.handler cannot be stored: it is a function/);
    expect((await rejected(() => store.set("given", { when: new WeakMap() as unknown }))).code).toBe("E_SESSION_INVALID");
    expect(await allKeys(redis)).toEqual([]);
  });

  it("leaves a session byte for byte as it was after a refused update", async () => {
    const store = createSessionStore(redis, { secret: TEST_KEY, maxSessionBytes: 2_048, rolling: true });
    const session = await store.create({ a: "x".repeat(900) }, { userId: "ada" });
    const { session: key } = rawKeysOf(session.id);
    const before = await redis.hgetallBuffer(key);
    const expiry = await redis.pexpiretime(key);
    expect((await rejected(() => store.update(session.id, { b: "y".repeat(1_200) }))).code).toBe("E_SESSION_TOO_LARGE");
    expect((await rejected(() => store.update(session.id, { b: "y".repeat(5_000) }))).code).toBe("E_SESSION_TOO_LARGE");
    expect((await rejected(() => store.update(session.id, { b: 1n as unknown }))).code).toBe("E_SESSION_INVALID");
    expect(await redis.hgetallBuffer(key)).toEqual(before);
    expect(await redis.pexpiretime(key)).toBe(expiry);
  });

  it("refuses malformed ids and user ids before sending anything", async () => {
    const store = createSessionStore(redis, { secret: TEST_KEY });
    for (const id of ["", "x".repeat(257), undefined, 42]) {
      expect((await rejected(() => store.get(id as string))).code).toBe("E_INVALID_ARGUMENT");
      expect((await rejected(() => store.destroy(id as string))).code).toBe("E_INVALID_ARGUMENT");
    }
    for (const userId of ["", null, {}, Number.NaN]) {
      expect((await rejected(() => store.listForUser(userId as string))).code).toBe("E_INVALID_ARGUMENT");
      expect((await rejected(() => store.create({}, { userId: userId as string }))).code).toBe("E_INVALID_ARGUMENT");
    }
    expect((await rejected(() => store.create({}, { ip: 42 as unknown as string }))).code).toBe("E_INVALID_ARGUMENT");
    expect((await rejected(() => store.listForUser("ada", { limit: 0 }))).code).toBe("E_INVALID_ARGUMENT");
    expect(await allKeys(redis)).toEqual([]);
  });

  it("hands express-session a coded error for unstorable session data, and writes nothing", async () => {
    const store = new RedisSessionStore(redis, { secret: TEST_KEY });
    const session = { cookie: { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000) }, socket: new (class Socket {})() };
    const error = await new Promise((resolve) => store.set("express-id", session as never, resolve));
    expect(RedisMcpError.isInstance(error) && error.code).toBe("E_SESSION_INVALID");
    expect(await allKeys(redis)).toEqual([]);
  });
});
