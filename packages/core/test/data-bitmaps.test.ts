import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import { bitCount, bitField, bitGet, bitOperation, bitPosition, bitSet } from "../src/data/bitmaps.js";
import { topologies } from "./topologies.js";

describe.each(topologies)("bitmap helpers on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("sets and gets bits, returning the previous value", async () => {
    expect(await bitSet(redis, "active", 7, 1)).toBe(0);
    expect(await bitSet(redis, "active", 7, true)).toBe(1);
    expect(await bitGet(redis, "active", 7)).toBe(1);
    expect(await bitGet(redis, "active", 6)).toBe(0);
    expect(await bitGet(redis, "active", 1_000)).toBe(0);
    expect(await bitSet(redis, "active", 7, false)).toBe(1);
    expect(await bitGet(redis, "active", 7)).toBe(0);
  });

  it("counts set bits in the whole string, a byte range or a bit range", async () => {
    await redis.set("bits", Buffer.from([0b11110000, 0b00000011]));
    expect(await bitCount(redis, "bits")).toBe(6);
    expect(await bitCount(redis, "bits", { start: 1 })).toBe(2);
    expect(await bitCount(redis, "bits", { start: 0, end: 0 })).toBe(4);
    expect(await bitCount(redis, "bits", { start: 2, end: 5, unit: "bit" })).toBe(2);
    expect(await bitCount(redis, "missing")).toBe(0);
  });

  it("finds the first bit of a value, null when there is none", async () => {
    await redis.set("bits", Buffer.from([0b00000000, 0b00100000]));
    expect(await bitPosition(redis, "bits", 1)).toBe(10);
    expect(await bitPosition(redis, "bits", 0)).toBe(0);
    expect(await bitPosition(redis, "bits", 1, { start: 0, end: 0 })).toBeNull();
    expect(await bitPosition(redis, "bits", 1, { start: 11, end: 15, unit: "bit" })).toBeNull();
    await redis.set("ones", Buffer.from([0xff]));
    // Without an end, a search for 0 in all-ones finds the first bit past the string...
    expect(await bitPosition(redis, "ones", 0)).toBe(8);
    // ...with an explicit end it is not found.
    expect(await bitPosition(redis, "ones", 0, { start: 0, end: -1 })).toBeNull();
  });

  it("combines hash-tagged bitmaps with AND, OR, XOR and NOT", async () => {
    await redis.set("{days}:mon", Buffer.from([0b11001100]));
    await redis.set("{days}:tue", Buffer.from([0b10101010]));
    const sources = ["{days}:mon", "{days}:tue"];
    expect(await bitOperation(redis, "{days}:both", { operation: "AND", sources })).toBe(1);
    expect(await redis.getBuffer("{days}:both")).toEqual(Buffer.from([0b10001000]));
    await bitOperation(redis, "{days}:either", { operation: "OR", sources });
    expect(await redis.getBuffer("{days}:either")).toEqual(Buffer.from([0b11101110]));
    await bitOperation(redis, "{days}:one", { operation: "XOR", sources });
    expect(await redis.getBuffer("{days}:one")).toEqual(Buffer.from([0b01100110]));
    await bitOperation(redis, "{days}:not-mon", { operation: "NOT", sources: ["{days}:mon"] });
    expect(await redis.getBuffer("{days}:not-mon")).toEqual(Buffer.from([0b00110011]));
  });

  it("needs a common hash tag on a cluster, checked before anything is sent", async () => {
    await redis.set("monday", Buffer.from([1]));
    const attempt = bitOperation(redis, "result", { operation: "OR", sources: ["monday", "tuesday"] }).catch((error: unknown) => error);
    if (topology.name === "cluster") {
      const error = (await attempt) as Error & { code: string };
      expect(error.code).toBe("E_CROSSSLOT");
      expect(error.message).toMatch(/bitOperation: keys .* are in different cluster slots/);
      expect(error.cause).toBeUndefined();
      expect(await redis.exists("result")).toBe(0);
    } else {
      expect(await attempt).toBe(1);
    }
  });

  it("reads and writes packed integers with per-operation overflow", async () => {
    expect(
      await bitField(redis, "counters", [
        { operation: "set", encoding: "u8", offset: 0, value: 200 },
        { operation: "get", encoding: "u8", offset: 0 },
        { operation: "increment", encoding: "u8", offset: 0, by: 100, overflow: "FAIL" },
        // Not carried over from the previous FAIL: this one wraps (the default).
        { operation: "increment", encoding: "u8", offset: 0, by: 100 },
        { operation: "increment", encoding: "u8", offset: 0, by: 1_000, overflow: "SAT" },
        { operation: "set", encoding: "i16", offset: "#1", value: -5 },
        { operation: "get", encoding: "i16", offset: "#1" },
      ]),
    ).toEqual([0, 200, null, 44, 255, 0, -5]);
    expect(await bitField(redis, "big", [{ operation: "increment", encoding: "i64", offset: 0, by: 2n ** 40n }])).toEqual([2 ** 40]);
  });

  it("round-trips binary strings byte for byte", async () => {
    const bytes = Buffer.from([0x00, 0xff, 0xc3, 0x28]);
    await redis.set("raw", bytes);
    expect(await bitSet(redis, "raw", 0, 1)).toBe(0);
    expect(await redis.getBuffer("raw")).toEqual(Buffer.from([0x80, 0xff, 0xc3, 0x28]));
  });

  it("reports a key of another type as E_WRONG_TYPE", async () => {
    await redis.rpush("{t}:list", "x");
    const wrongType = { code: "E_WRONG_TYPE" };
    await expect(bitSet(redis, "{t}:list", 1, 1)).rejects.toMatchObject(wrongType);
    await expect(bitGet(redis, "{t}:list", 1)).rejects.toMatchObject(wrongType);
    await expect(bitCount(redis, "{t}:list")).rejects.toMatchObject(wrongType);
    await expect(bitPosition(redis, "{t}:list", 1)).rejects.toMatchObject(wrongType);
    await expect(bitOperation(redis, "{t}:out", { operation: "NOT", sources: ["{t}:list"] })).rejects.toMatchObject(wrongType);
    await expect(bitField(redis, "{t}:list", [{ operation: "get", encoding: "u8", offset: 0 }])).rejects.toMatchObject(wrongType);
    expect(await redis.llen("{t}:list")).toBe(1);
  });

  it("rejects bad input before anything changes", async () => {
    const invalid = { code: "E_INVALID_ARGUMENT" };
    await expect(bitSet(redis, "b", -1, 1)).rejects.toMatchObject(invalid);
    await expect(bitSet(redis, "b", 2 ** 32, 1)).rejects.toMatchObject(invalid);
    await expect(bitSet(redis, "b", 0, 2 as 1)).rejects.toMatchObject(invalid);
    await expect(bitCount(redis, "b", { start: 0.5 })).rejects.toMatchObject(invalid);
    await expect(bitCount(redis, "b", { unit: "word" as "bit" })).rejects.toMatchObject(invalid);
    await expect(bitPosition(redis, "b", 2 as 1)).rejects.toMatchObject(invalid);
    await expect(bitPosition(redis, "b", 1, { unit: "bit" })).rejects.toMatchObject({ ...invalid, message: /unit needs an end/ });
    await expect(bitOperation(redis, "{b}", { operation: "NOT", sources: ["{b}1", "{b}2"] })).rejects.toMatchObject(invalid);
    await expect(bitOperation(redis, "{b}", { operation: "NAND" as "AND", sources: ["{b}1"] })).rejects.toMatchObject(invalid);
    await expect(bitOperation(redis, "{b}", { operation: "AND", sources: [] })).rejects.toMatchObject(invalid);
    await expect(bitField(redis, "b", [])).rejects.toMatchObject(invalid);
    await expect(
      bitField(redis, "b", [
        { operation: "set", encoding: "u8", offset: 0, value: 1 },
        { operation: "set", encoding: "u64", offset: 0, value: 1 },
      ]),
    ).rejects.toMatchObject({ ...invalid, message: /encoding/ });
    await expect(bitField(redis, "b", [{ operation: "set", encoding: "i8", offset: "#x" as "#1", value: 1 }])).rejects.toMatchObject(invalid);
    await expect(bitField(redis, "b", [{ operation: "increment", encoding: "i8", offset: 0, by: 0.5 }])).rejects.toMatchObject(invalid);
    await expect(bitField(redis, "b", [{ operation: "set", encoding: "i8", offset: 0, value: 1, overflow: "CLAMP" as "SAT" }])).rejects.toMatchObject(invalid);
    expect(await redis.exists("b")).toBe(0);
  });
});
