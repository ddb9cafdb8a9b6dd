import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import { hashDelete, hashExists, hashGet, hashGetBuffer, hashIncrement, hashLength, hashScan, hashScanBuffer, hashSet } from "../src/data/hashes.js";
import { topologies } from "./topologies.js";

describe.each(topologies)("hash helpers on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("sets fields and reads them back as a record, null for missing fields", async () => {
    expect(await hashSet(redis, "user:1", { name: "Ada", visits: 3 })).toBe(2);
    expect(await hashSet(redis, "user:1", new Map([["name", "Ada Lovelace"]]))).toBe(0);
    expect(await hashGet(redis, "user:1", ["name", "visits", "email"])).toEqual({ name: "Ada Lovelace", visits: "3", email: null });
    expect(await hashGet(redis, "no-such-hash", ["name"])).toEqual({ name: null });
  });

  it("keeps a field named __proto__ as data, not as the record's prototype", async () => {
    await hashSet(redis, "odd", { ["__proto__"]: "value", constructor: "c" } as Record<string, string>);
    const record = await hashGet(redis, "odd", ["__proto__", "constructor"]);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.keys(record)).toEqual(["__proto__", "constructor"]);
    expect(record.constructor).toBe("c");
  });

  it("increments integer and float fields, deletes, counts and checks fields", async () => {
    expect(await hashIncrement(redis, "stats", "hits")).toBe(1);
    expect(await hashIncrement(redis, "stats", "hits", { by: 9 })).toBe(10);
    expect(await hashIncrement(redis, "stats", "ratio", { by: 0.5, float: true })).toBe(0.5);
    expect(await hashLength(redis, "stats")).toBe(2);
    expect(await hashExists(redis, "stats", "hits")).toBe(true);
    expect(await hashExists(redis, "stats", "nope")).toBe(false);
    expect(await hashDelete(redis, "stats", ["hits", "nope"])).toBe(1);
    expect(await hashLength(redis, "stats")).toBe(1);
    expect(await hashLength(redis, "missing")).toBe(0);
  });

  it("scans a hash page by page until done, with MATCH", async () => {
    const fields = Object.fromEntries(Array.from({ length: 300 }, (_, index) => [`field:${index}`, `value:${index}`]));
    await hashSet(redis, "big", fields);
    const seen: Record<string, string> = {};
    let page = await hashScan(redis, "big", { count: 50 });
    Object.assign(seen, page.fields);
    while (!page.done) {
      page = await hashScan(redis, "big", { cursor: page.cursor, count: 50 });
      Object.assign(seen, page.fields);
    }
    expect(seen).toEqual(fields);
    expect(page.cursor).toBe("0");

    await hashSet(redis, "small", { "keep:1": "a", "keep:2": "b", other: "c" });
    const matched = await hashScan(redis, "small", { match: "keep:*" });
    expect(matched).toEqual({ cursor: "0", done: true, fields: { "keep:1": "a", "keep:2": "b" } });
    expect(await hashScan(redis, "missing")).toEqual({ cursor: "0", done: true, fields: {} });
  });

  it("round-trips binary values byte for byte", async () => {
    const bytes = Buffer.from([0x00, 0xff, 0xc3, 0x28, 0x80]);
    await hashSet(redis, "bin", { payload: bytes, text: "plain" });
    const record = await hashGetBuffer(redis, "bin", ["payload", "text", "missing"]);
    expect(record.payload?.equals(bytes)).toBe(true);
    expect(record.text?.toString()).toBe("plain");
    expect(record.missing).toBeNull();
    expect((await hashGetBuffer(redis, "bin", ["payload"])).payload?.equals(bytes)).toBe(true);
    expect(await hashGetBuffer(redis, "bin", ["missing"])).toEqual({ missing: null });
    const page = await hashScanBuffer(redis, "bin");
    expect(page.fields.payload?.equals(bytes)).toBe(true);
  });

  it("reports a key of another type as E_WRONG_TYPE", async () => {
    await redis.set("a-string", "x");
    const wrongType = { code: "E_WRONG_TYPE" };
    await expect(hashGet(redis, "a-string", ["f"])).rejects.toMatchObject({ ...wrongType, message: expect.stringMatching(/^hashGet a-string: /) });
    await expect(hashGetBuffer(redis, "a-string", ["f"])).rejects.toMatchObject(wrongType);
    await expect(hashSet(redis, "a-string", { f: "v" })).rejects.toMatchObject(wrongType);
    await expect(hashIncrement(redis, "a-string", "f")).rejects.toMatchObject(wrongType);
    await expect(hashDelete(redis, "a-string", ["f"])).rejects.toMatchObject(wrongType);
    await expect(hashLength(redis, "a-string")).rejects.toMatchObject(wrongType);
    await expect(hashExists(redis, "a-string", "f")).rejects.toMatchObject(wrongType);
    await expect(hashScan(redis, "a-string")).rejects.toMatchObject(wrongType);
    expect(await redis.get("a-string")).toBe("x");
  });

  it("rejects bad input before writing anything", async () => {
    const invalid = { code: "E_INVALID_ARGUMENT" };
    await expect(hashSet(redis, "h", {})).rejects.toMatchObject(invalid);
    await expect(hashSet(redis, "h", { a: "1", b: undefined as unknown as string })).rejects.toMatchObject({
      ...invalid,
      message: expect.stringMatching(/field "b"/),
    });
    await expect(hashSet(redis, "", { a: "1" })).rejects.toMatchObject(invalid);
    await expect(hashGet(redis, "h", [])).rejects.toMatchObject(invalid);
    await expect(hashIncrement(redis, "h", "a", { by: 0.5 })).rejects.toMatchObject(invalid);
    await expect(hashIncrement(redis, "h", "a", { by: Number.POSITIVE_INFINITY, float: true })).rejects.toMatchObject(invalid);
    await expect(hashDelete(redis, "h", [])).rejects.toMatchObject(invalid);
    await expect(hashScan(redis, "h", { cursor: "abc" })).rejects.toMatchObject(invalid);
    await expect(hashScan(redis, "h", { count: 0 })).rejects.toMatchObject(invalid);
    expect(await redis.exists("h")).toBe(0);
  });
});
