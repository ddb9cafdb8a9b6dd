import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import { setCombineWithin } from "../src/data/set-combine-within.js";
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

  it("reads a combination only when the input sizes bound it within maxMembers", async () => {
    await setAdd(redis, "{w:1}:a", ["a", "b", "c"]);
    await setAdd(redis, "{w:1}:b", ["b", "c", "d", "e"]);
    await setAdd(redis, "{w:1}:c", ["c"]);
    const keys = ["{w:1}:a", "{w:1}:b", "{w:1}:c"];
    const text = (members: Buffer[] | undefined) => members?.map(String).sort();
    const union = await setCombineWithin(redis, keys, { operation: "union", maxMembers: 8 });
    expect([union.bound, text(union.members)]).toEqual([8, ["a", "b", "c", "d", "e"]]);
    const inter = await setCombineWithin(redis, keys, { operation: "intersection", maxMembers: 1 });
    expect([inter.bound, text(inter.members)]).toEqual([1, ["c"]]);
    const difference = await setCombineWithin(redis, keys.slice(0, 2), { operation: "difference", maxMembers: 3 });
    expect([difference.bound, text(difference.members)]).toEqual([3, ["a"]]);
    // Over the limit: the bound, and no members read.
    expect(await setCombineWithin(redis, keys, { operation: "union", maxMembers: 7 })).toEqual({ bound: 8 });
    // A missing set counts as empty.
    expect(await setCombineWithin(redis, ["{w:1}:a", "{w:1}:none"], { operation: "intersection", maxMembers: 10 })).toEqual({ bound: 0, members: [] });
  });

  it("refuses bad combinations before sending, and names a key of another type", async () => {
    await expect(setCombineWithin(redis, [], { operation: "union", maxMembers: 1 })).rejects.toMatchObject({ code: "E_INVALID_ARGUMENT" });
    await expect(setCombineWithin(redis, ["{w:2}:a"], { operation: "xor" as "union", maxMembers: 1 })).rejects.toMatchObject({ code: "E_INVALID_ARGUMENT" });
    await expect(setCombineWithin(redis, ["{w:2}:a"], { operation: "union", maxMembers: 0 })).rejects.toMatchObject({ code: "E_INVALID_ARGUMENT" });
    await redis.set("{w:2}:text", "x");
    await expect(setCombineWithin(redis, ["{w:2}:text"], { operation: "union", maxMembers: 10 })).rejects.toMatchObject({
      code: "E_WRONG_TYPE",
      message: expect.stringMatching(/^setCombineWithin \{w:2\}:text: /),
    });
    if (topology.name === "cluster") {
      await expect(setCombineWithin(redis, ["left", "right"], { operation: "union", maxMembers: 10 })).rejects.toMatchObject({ code: "E_CROSSSLOT" });
    }
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
