import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import {
  setAdd,
  setAreMembers,
  setCardinality,
  setCombine,
  setCombineBuffer,
  setIsMember,
  setRandomMembers,
  setRandomMembersBuffer,
  setRemove,
  setScan,
  setScanBuffer,
} from "../src/data/sets.js";
import { topologies } from "./topologies.js";

describe.each(topologies)("set helpers on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("adds, removes, counts and tests membership", async () => {
    expect(await setAdd(redis, "tags", ["redis", "cache", "redis"])).toBe(2);
    expect(await setAdd(redis, "tags", ["cache", "db"])).toBe(1);
    expect(await setCardinality(redis, "tags")).toBe(3);
    expect(await setIsMember(redis, "tags", "db")).toBe(true);
    expect(await setIsMember(redis, "tags", "nope")).toBe(false);
    expect(await setAreMembers(redis, "tags", ["nope", "redis", "db"])).toEqual([false, true, true]);
    expect(await setRemove(redis, "tags", ["db", "nope"])).toBe(1);
    expect(await setCardinality(redis, "tags")).toBe(2);
    expect(await setCardinality(redis, "missing")).toBe(0);
    expect(await setAreMembers(redis, "missing", ["a"])).toEqual([false]);
  });

  it("scans a set page by page until done", async () => {
    const members = Array.from({ length: 500 }, (_, index) => `member:${index}`);
    await setAdd(redis, "big", members);
    const seen = new Set<string>();
    let page = await setScan(redis, "big", { count: 50 });
    for (const member of page.members) seen.add(member);
    while (!page.done) {
      page = await setScan(redis, "big", { cursor: page.cursor, count: 50 });
      for (const member of page.members) seen.add(member);
    }
    expect([...seen].sort()).toEqual([...members].sort());
    const matched = await setScan(redis, "big", { match: "member:42*", count: 1000 });
    expect(matched.members.sort()).toEqual([
      "member:42",
      "member:420",
      "member:421",
      "member:422",
      "member:423",
      "member:424",
      "member:425",
      "member:426",
      "member:427",
      "member:428",
      "member:429",
    ]);
  });

  it("combines hash-tagged sets, returning or storing the result", async () => {
    await setAdd(redis, "{u:1}:likes", ["a", "b", "c"]);
    await setAdd(redis, "{u:1}:follows", ["b", "c", "d"]);
    const keys = ["{u:1}:likes", "{u:1}:follows"];
    expect((await setCombine(redis, keys, { operation: "union" })).sort()).toEqual(["a", "b", "c", "d"]);
    expect((await setCombine(redis, keys, { operation: "intersection" })).sort()).toEqual(["b", "c"]);
    expect(await setCombine(redis, keys, { operation: "difference" })).toEqual(["a"]);
    expect(await setCombine(redis, keys, { operation: "intersection", storeIn: "{u:1}:both" })).toBe(2);
    expect((await redis.smembers("{u:1}:both")).sort()).toEqual(["b", "c"]);
  });

  it("needs a common hash tag on a cluster, checked before anything is sent", async () => {
    await setAdd(redis, "left", ["a"]);
    await setAdd(redis, "right", ["b"]);
    const attempt = setCombine(redis, ["left", "right"], { operation: "union", storeIn: "{elsewhere}:out" }).catch((error: unknown) => error);
    if (topology.name === "cluster") {
      const error = (await attempt) as Error & { code: string };
      expect(error.code).toBe("E_CROSSSLOT");
      expect(error.message).toMatch(/setCombine: keys .* are in different cluster slots/);
      expect(error.cause).toBeUndefined();
      expect(await redis.exists("{elsewhere}:out")).toBe(0);
    } else {
      expect(await attempt).toBe(2);
    }
  });

  it("draws random members, with or without duplicates", async () => {
    await setAdd(redis, "dice", ["1", "2", "3"]);
    const distinct = await setRandomMembers(redis, "dice", { count: 10 });
    expect(distinct.sort()).toEqual(["1", "2", "3"]);
    const repeated = await setRandomMembers(redis, "dice", { count: 10, allowDuplicates: true });
    expect(repeated).toHaveLength(10);
    for (const member of repeated) expect(["1", "2", "3"]).toContain(member);
    expect(await setRandomMembers(redis, "dice")).toHaveLength(1);
    expect(await setRandomMembers(redis, "missing", { count: 3 })).toEqual([]);
    expect(await setCardinality(redis, "dice")).toBe(3);
  });

  it("round-trips binary members byte for byte", async () => {
    const bytes = Buffer.from([0x00, 0xff, 0xc3, 0x28]);
    await setAdd(redis, "{bin}:a", [bytes]);
    await setAdd(redis, "{bin}:b", [bytes, Buffer.from([0x01])]);
    expect(await setIsMember(redis, "{bin}:a", bytes)).toBe(true);
    expect((await setScanBuffer(redis, "{bin}:a")).members[0]?.equals(bytes)).toBe(true);
    expect((await setRandomMembersBuffer(redis, "{bin}:a"))[0]?.equals(bytes)).toBe(true);
    const both = await setCombineBuffer(redis, ["{bin}:a", "{bin}:b"], { operation: "intersection" });
    expect(both.map((member) => member.toString("hex"))).toEqual([bytes.toString("hex")]);
  });

  it("reports a key of another type as E_WRONG_TYPE", async () => {
    await redis.set("{t}:string", "x");
    await setAdd(redis, "{t}:set", ["a"]);
    const wrongType = { code: "E_WRONG_TYPE" };
    await expect(setAdd(redis, "{t}:string", ["a"])).rejects.toMatchObject(wrongType);
    await expect(setRemove(redis, "{t}:string", ["a"])).rejects.toMatchObject(wrongType);
    await expect(setIsMember(redis, "{t}:string", "a")).rejects.toMatchObject(wrongType);
    await expect(setAreMembers(redis, "{t}:string", ["a"])).rejects.toMatchObject(wrongType);
    await expect(setCardinality(redis, "{t}:string")).rejects.toMatchObject(wrongType);
    await expect(setScan(redis, "{t}:string")).rejects.toMatchObject(wrongType);
    await expect(setRandomMembers(redis, "{t}:string")).rejects.toMatchObject(wrongType);
    await expect(setCombine(redis, ["{t}:set", "{t}:string"], { operation: "union" })).rejects.toMatchObject(wrongType);
    expect(await redis.get("{t}:string")).toBe("x");
  });

  it("rejects bad input before anything changes", async () => {
    const invalid = { code: "E_INVALID_ARGUMENT" };
    await expect(setAdd(redis, "s", [])).rejects.toMatchObject(invalid);
    await expect(setAdd(redis, "s", ["a", null as unknown as string])).rejects.toMatchObject(invalid);
    await expect(setAdd(redis, "", ["a"])).rejects.toMatchObject(invalid);
    await expect(setAreMembers(redis, "s", [])).rejects.toMatchObject(invalid);
    await expect(setCombine(redis, [], { operation: "union" })).rejects.toMatchObject(invalid);
    await expect(setCombine(redis, ["{s}a"], { operation: "merge" as "union", storeIn: "{s}b" })).rejects.toMatchObject(invalid);
    await expect(setCombine(redis, ["{s}a"], { operation: "union", storeIn: "" })).rejects.toMatchObject(invalid);
    await expect(setRandomMembers(redis, "s", { count: -1 })).rejects.toMatchObject(invalid);
    await expect(setScan(redis, "s", { match: 5 as unknown as string })).rejects.toMatchObject(invalid);
    expect(await redis.exists("s")).toBe(0);
    expect(await redis.exists("{s}b")).toBe(0);
  });
});
