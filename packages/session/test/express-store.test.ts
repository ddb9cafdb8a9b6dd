import type { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisSessionStore } from "../src/express/index.js";
import { TEST_KEY } from "./support/keys.js";
import { rawKeysOf } from "./support/raw-keys.js";
import { topologies } from "./support/topologies.js";

const DAY_MS = 86_400_000;
const cookieIn = (milliseconds: number | null) => ({
  originalMaxAge: milliseconds,
  expires: milliseconds === null ? null : new Date(Date.now() + milliseconds),
});

describe.each(topologies)("RedisSessionStore's TTLs and callbacks on $name", (topology) => {
  let redis: Redis | Cluster;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("takes the TTL from the cookie, one day for a cookie without expiry, ten years at most", async () => {
    const store = new RedisSessionStore(redis, { secret: TEST_KEY });
    await store.set("short", { cookie: cookieIn(60_000) } as never);
    await store.set("browser-session", { cookie: cookieIn(null) } as never);
    await store.set("forever", { cookie: cookieIn(100 * 365 * DAY_MS) } as never);
    const ttl = (id: string) => redis.pttl(rawKeysOf(id).session);
    expect(await ttl("short")).toBeLessThanOrEqual(60_000);
    expect(await ttl("short")).toBeGreaterThan(55_000);
    expect(await ttl("browser-session")).toBeGreaterThan(DAY_MS - 5_000);
    expect(await ttl("browser-session")).toBeLessThanOrEqual(DAY_MS);
    expect(await ttl("forever")).toBeLessThanOrEqual(315_360_000_000);
    expect(await ttl("forever")).toBeGreaterThan(315_360_000_000 - 5_000);
  });

  it("destroys a session saved or touched with an expired cookie", async () => {
    const store = new RedisSessionStore(redis, { secret: TEST_KEY });
    await store.set("a", { cookie: cookieIn(60_000) } as never);
    await store.set("a", { cookie: cookieIn(-1_000) } as never);
    expect(await store.get("a")).toBeNull();
    await store.set("b", { cookie: cookieIn(60_000) } as never);
    await store.touch("b", { cookie: cookieIn(-1_000) } as never);
    expect(await store.get("b")).toBeNull();
  });

  it("leaves the expiry alone with disableTouch", async () => {
    const store = new RedisSessionStore(redis, { secret: TEST_KEY, disableTouch: true });
    await store.set("a", { cookie: cookieIn(60_000) } as never);
    const before = await redis.pexpiretime(rawKeysOf("a").session);
    await store.touch("a", { cookie: cookieIn(120_000) } as never);
    expect(await redis.pexpiretime(rawKeysOf("a").session)).toBe(before);
  });

  it("answers through callbacks and promises, errors included", async () => {
    const store = new RedisSessionStore(redis, { secret: TEST_KEY });
    const saved = await new Promise((resolve) => store.set("a", { cookie: cookieIn(60_000), n: 1 } as never, (error) => resolve(error ?? "ok")));
    expect(saved).toBe("ok");
    const read = await new Promise((resolve) => store.get("a", (error, session) => resolve(error ?? session)));
    expect((read as { n: number }).n).toBe(1);
    const failure = await new Promise((resolve) => store.get("", (error) => resolve(error)));
    expect((failure as { code?: string }).code).toBe("E_INVALID_ARGUMENT");
    await expect(store.get("")).rejects.toMatchObject({ code: "E_INVALID_ARGUMENT" });
  });
});
