import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import {
  appendString,
  getString,
  getStringBuffer,
  getStringRange,
  getStringRangeBuffer,
  getStringWindow,
  incrementString,
  setString,
} from "../src/data/strings.js";
import { topologies } from "./topologies.js";

describe.each(topologies)("string helpers on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("sets and gets a value, null when missing", async () => {
    expect(await setString(redis, "greeting", "hello")).toBe(true);
    expect(await getString(redis, "greeting")).toBe("hello");
    expect(await getString(redis, "missing")).toBeNull();
    expect(await getStringBuffer(redis, "missing")).toBeNull();
  });

  it("sets a TTL in milliseconds and can keep it on overwrite", async () => {
    await setString(redis, "session", "a", { ttlMs: 60_000 });
    const ttl = await redis.pttl("session");
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await setString(redis, "session", "b", { keepTtl: true });
    expect(await redis.pttl("session")).toBeGreaterThan(0);
    await setString(redis, "session", "c");
    expect(await redis.pttl("session")).toBe(-1);
  });

  it("honours NX and XX and reports whether it wrote", async () => {
    expect(await setString(redis, "lock", "owner-1", { condition: "NX" })).toBe(true);
    expect(await setString(redis, "lock", "owner-2", { condition: "NX" })).toBe(false);
    expect(await getString(redis, "lock")).toBe("owner-1");
    expect(await setString(redis, "absent", "x", { condition: "XX" })).toBe(false);
    expect(await redis.exists("absent")).toBe(0);
  });

  it("returns the previous value with returnPrevious", async () => {
    expect(await setString(redis, "counter", "1", { returnPrevious: true })).toBeNull();
    expect(await setString(redis, "counter", "2", { returnPrevious: true })).toBe("1");
    // NX + GET: the previous value comes back and nothing is written.
    expect(await setString(redis, "counter", "3", { returnPrevious: true, condition: "NX" })).toBe("2");
    expect(await getString(redis, "counter")).toBe("2");
  });

  it("increments by integers and floats, returning numbers", async () => {
    expect(await incrementString(redis, "views")).toBe(1);
    expect(await incrementString(redis, "views", { by: 41 })).toBe(42);
    expect(await incrementString(redis, "views", { by: -2 })).toBe(40);
    expect(await incrementString(redis, "price", { by: 1.5, float: true })).toBe(1.5);
    expect(await incrementString(redis, "price", { by: 0.25, float: true })).toBe(1.75);
    await setString(redis, "text", "abc");
    await expect(incrementString(redis, "text")).rejects.toMatchObject({ code: "E_REDIS_COMMAND" });
  });

  it("appends and reads byte ranges", async () => {
    expect(await appendString(redis, "log", "hello")).toBe(5);
    expect(await appendString(redis, "log", " world")).toBe(11);
    expect(await getStringRange(redis, "log", { start: 0, end: 4 })).toBe("hello");
    expect(await getStringRange(redis, "log", { start: -5 })).toBe("world");
    expect(await getStringRange(redis, "log")).toBe("hello world");
    expect(await getStringRange(redis, "nothing")).toBe("");
  });

  it("reads a window of a string, null only when the key is missing", async () => {
    await setString(redis, "window", "hello world");
    await setString(redis, "empty", "");
    expect((await getStringWindow(redis, "window", { start: 6, end: 10 }))?.toString()).toBe("world");
    expect((await getStringWindow(redis, "window"))?.toString()).toBe("hello world");
    // GETRANGE answers "" for all three; the window tells them apart.
    expect(await getStringWindow(redis, "no-such-window")).toBeNull();
    expect((await getStringWindow(redis, "empty"))?.length).toBe(0);
    expect((await getStringWindow(redis, "window", { start: 50, end: 60 }))?.length).toBe(0);
    const bytes = Buffer.from([0x00, 0xff, 0xc3, 0x28]);
    await setString(redis, "window-bytes", bytes);
    expect((await getStringWindow(redis, "window-bytes", { start: 1, end: 2 }))?.equals(bytes.subarray(1, 3))).toBe(true);
  });

  it("refuses a bad window and a key of another type, changing nothing", async () => {
    await expect(getStringWindow(redis, "window", { start: 1.5 })).rejects.toMatchObject({ code: "E_INVALID_ARGUMENT" });
    await redis.rpush("window-list", "x");
    await expect(getStringWindow(redis, "window-list")).rejects.toMatchObject({
      code: "E_WRONG_TYPE",
      message: expect.stringMatching(/^getStringWindow window-list: /),
    });
    expect(await redis.lrange("window-list", 0, -1)).toEqual(["x"]);
  });

  it("round-trips binary values byte for byte", async () => {
    const bytes = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0xc3, 0x28]);
    await setString(redis, "blob", bytes);
    expect((await getStringBuffer(redis, "blob"))?.equals(bytes)).toBe(true);
    expect((await getStringRangeBuffer(redis, "blob", { start: 1, end: 2 })).equals(bytes.subarray(1, 3))).toBe(true);
    await appendString(redis, "blob", Buffer.from([0x99]));
    expect((await getStringBuffer(redis, "blob"))?.equals(Buffer.concat([bytes, Buffer.from([0x99])]))).toBe(true);
  });

  it("reports a key of another type as E_WRONG_TYPE", async () => {
    await redis.rpush("a-list", "x");
    await expect(getString(redis, "a-list")).rejects.toMatchObject({ code: "E_WRONG_TYPE", message: expect.stringMatching(/^getString a-list: /) });
    await expect(getStringBuffer(redis, "a-list")).rejects.toMatchObject({ code: "E_WRONG_TYPE" });
    await expect(incrementString(redis, "a-list")).rejects.toMatchObject({ code: "E_WRONG_TYPE" });
    await expect(appendString(redis, "a-list", "x")).rejects.toMatchObject({ code: "E_WRONG_TYPE" });
    await expect(getStringRange(redis, "a-list")).rejects.toMatchObject({ code: "E_WRONG_TYPE" });
    await expect(setString(redis, "a-list", "x", { returnPrevious: true })).rejects.toMatchObject({ code: "E_WRONG_TYPE" });
    expect(await redis.type("a-list")).toBe("list");
  });

  it("rejects bad input before writing anything", async () => {
    const invalid = { code: "E_INVALID_ARGUMENT" };
    await expect(setString(redis, "", "x")).rejects.toMatchObject(invalid);
    await expect(setString(redis, "k", undefined as unknown as string)).rejects.toMatchObject(invalid);
    await expect(setString(redis, "k", { a: 1 } as unknown as string)).rejects.toMatchObject(invalid);
    await expect(setString(redis, "k", "x", { ttlMs: 0 })).rejects.toMatchObject({
      ...invalid,
      message: expect.stringMatching(/ttlMs must be a positive integer/),
    });
    await expect(setString(redis, "k", "x", { ttlMs: 1.5 })).rejects.toMatchObject(invalid);
    await expect(setString(redis, "k", "x", { ttlMs: 1000, keepTtl: true })).rejects.toMatchObject(invalid);
    await expect(setString(redis, "k", "x", { condition: "maybe" as "NX" })).rejects.toMatchObject(invalid);
    await expect(incrementString(redis, "k", { by: 1.5 })).rejects.toMatchObject({ ...invalid, message: expect.stringMatching(/float: true/) });
    await expect(incrementString(redis, "k", { by: Number.NaN, float: true })).rejects.toMatchObject(invalid);
    await expect(appendString(redis, "k", null as unknown as string)).rejects.toMatchObject(invalid);
    await expect(getString(redis, "")).rejects.toMatchObject(invalid);
    await expect(getStringRange(redis, "k", { start: 0.5 })).rejects.toMatchObject(invalid);
    expect(await redis.exists("k")).toBe(0);
  });
});

describe("string helpers when Redis is down", () => {
  it("fail with E_REDIS_UNAVAILABLE naming the helper and key", async () => {
    const offline = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null });
    offline.on("error", () => {});
    try {
      await expect(getString(offline, "user:1")).rejects.toMatchObject({ code: "E_REDIS_UNAVAILABLE", message: /^getString user:1: Redis is unavailable/ });
      await expect(setString(offline, "user:1", "x", { ttlMs: 1_000 })).rejects.toMatchObject({ code: "E_REDIS_UNAVAILABLE" });
    } finally {
      offline.disconnect();
    }
  });
});
