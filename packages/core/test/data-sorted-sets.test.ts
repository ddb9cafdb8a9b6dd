import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import {
  sortedSetAdd,
  sortedSetCount,
  sortedSetIncrement,
  sortedSetPop,
  sortedSetPopBuffer,
  sortedSetRange,
  sortedSetRangeBuffer,
  sortedSetRemove,
  sortedSetScore,
} from "../src/data/sorted-sets.js";
import { topologies } from "./topologies.js";

describe.each(topologies)("sorted-set helpers on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  const board = [
    { member: "ada", score: 30 },
    { member: "bob", score: 10 },
    { member: "cy", score: 20 },
    { member: "dee", score: 40 },
    { member: "eve", score: 50 },
  ];

  it("adds members from an array or a record, with infinite scores", async () => {
    expect(await sortedSetAdd(redis, "board", board)).toBe(5);
    expect(await sortedSetAdd(redis, "board", { low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY })).toBe(2);
    expect(await sortedSetRange(redis, "board", { limit: 100, withScores: true })).toEqual([
      { member: "low", score: Number.NEGATIVE_INFINITY },
      { member: "bob", score: 10 },
      { member: "cy", score: 20 },
      { member: "ada", score: 30 },
      { member: "dee", score: 40 },
      { member: "eve", score: 50 },
      { member: "high", score: Number.POSITIVE_INFINITY },
    ]);
  });

  it("applies NX, XX, GT, LT and counts changes with countChanged", async () => {
    await sortedSetAdd(redis, "board", board);
    expect(await sortedSetAdd(redis, "board", [{ member: "ada", score: 99 }], { condition: "NX" })).toBe(0);
    expect((await sortedSetScore(redis, "board", "ada"))?.score).toBe(30);
    expect(await sortedSetAdd(redis, "board", [{ member: "new", score: 1 }], { condition: "XX" })).toBe(0);
    expect(await sortedSetScore(redis, "board", "new")).toBeNull();
    expect(await sortedSetAdd(redis, "board", [{ member: "ada", score: 5 }], { compare: "GT", countChanged: true })).toBe(0);
    expect(await sortedSetAdd(redis, "board", [{ member: "ada", score: 35 }], { compare: "GT", countChanged: true })).toBe(1);
    expect(await sortedSetAdd(redis, "board", [{ member: "bob", score: 15 }], { compare: "LT", condition: "XX", countChanged: true })).toBe(0);
    expect((await sortedSetScore(redis, "board", "ada"))?.score).toBe(35);
  });

  it("ranges by rank: offset and limit, from the top with reverse, from the end with a negative offset", async () => {
    await sortedSetAdd(redis, "board", board);
    expect(await sortedSetRange(redis, "board", { limit: 2 })).toEqual(["bob", "cy"]);
    expect(await sortedSetRange(redis, "board", { offset: 1, limit: 2 })).toEqual(["cy", "ada"]);
    expect(await sortedSetRange(redis, "board", { reverse: true, limit: 3, withScores: true })).toEqual([
      { member: "eve", score: 50 },
      { member: "dee", score: 40 },
      { member: "ada", score: 30 },
    ]);
    expect(await sortedSetRange(redis, "board", { offset: -2, limit: 10 })).toEqual(["dee", "eve"]);
    expect(await sortedSetRange(redis, "missing", { limit: 10 })).toEqual([]);
  });

  it("ranges by score with exclusive bounds, reverse and LIMIT", async () => {
    await sortedSetAdd(redis, "board", board);
    expect(await sortedSetRange(redis, "board", { by: "score", min: 20, max: 40, limit: 10 })).toEqual(["cy", "ada", "dee"]);
    expect(await sortedSetRange(redis, "board", { by: "score", min: 20, max: 40, minExclusive: true, maxExclusive: true, limit: 10 })).toEqual(["ada"]);
    expect(await sortedSetRange(redis, "board", { by: "score", min: 20, reverse: true, limit: 2, withScores: true })).toEqual([
      { member: "eve", score: 50 },
      { member: "dee", score: 40 },
    ]);
    expect(await sortedSetRange(redis, "board", { by: "score", max: 30, offset: 1, limit: 5 })).toEqual(["cy", "ada"]);
  });

  it("ranges by member name when scores are equal", async () => {
    await sortedSetAdd(
      redis,
      "names",
      ["apple", "banana", "cherry", "date"].map((member) => ({ member, score: 0 })),
    );
    expect(await sortedSetRange(redis, "names", { by: "lex", min: "b", max: "d", limit: 10 })).toEqual(["banana", "cherry"]);
    expect(await sortedSetRange(redis, "names", { by: "lex", min: "banana", minExclusive: true, limit: 10 })).toEqual(["cherry", "date"]);
    expect(await sortedSetRange(redis, "names", { by: "lex", reverse: true, limit: 2 })).toEqual(["date", "cherry"]);
    expect(await sortedSetCount(redis, "names", { by: "lex", min: "b", max: "d" })).toBe(2);
  });

  it("reads score and rank together, increments, removes and counts", async () => {
    await sortedSetAdd(redis, "board", board);
    expect(await sortedSetScore(redis, "board", "ada")).toEqual({ score: 30, rank: 2 });
    expect(await sortedSetScore(redis, "board", "ada", { reverse: true })).toEqual({ score: 30, rank: 2 });
    expect(await sortedSetScore(redis, "board", "eve", { reverse: true })).toEqual({ score: 50, rank: 0 });
    expect(await sortedSetScore(redis, "board", "nobody")).toBeNull();
    expect(await sortedSetScore(redis, "missing", "ada")).toBeNull();
    expect(await sortedSetIncrement(redis, "board", "bob", { by: 2.5 })).toBe(12.5);
    expect(await sortedSetIncrement(redis, "board", "newcomer")).toBe(1);
    expect(await sortedSetRemove(redis, "board", ["newcomer", "nobody"])).toBe(1);
    expect(await sortedSetCount(redis, "board")).toBe(5);
    expect(await sortedSetCount(redis, "board", { min: 20, max: 40 })).toBe(3);
    expect(await sortedSetCount(redis, "board", { min: 20, minExclusive: true })).toBe(3);
  });

  it("pops the lowest or highest members", async () => {
    await sortedSetAdd(redis, "board", board);
    expect(await sortedSetPop(redis, "board")).toEqual({ member: "bob", score: 10 });
    expect(await sortedSetPop(redis, "board", { from: "max" })).toEqual({ member: "eve", score: 50 });
    expect(await sortedSetPop(redis, "board", { count: 2 })).toEqual([
      { member: "cy", score: 20 },
      { member: "ada", score: 30 },
    ]);
    expect(await sortedSetPop(redis, "board", { count: 5, from: "max" })).toEqual([{ member: "dee", score: 40 }]);
    expect(await sortedSetPop(redis, "board")).toBeNull();
    expect(await sortedSetPop(redis, "board", { count: 3 })).toEqual([]);
  });

  it("round-trips binary members byte for byte", async () => {
    const bytes = Buffer.from([0x00, 0xff, 0xc3, 0x28]);
    await sortedSetAdd(redis, "bin", [
      { member: bytes, score: 1 },
      { member: Buffer.from("b"), score: 2 },
    ]);
    expect((await sortedSetScore(redis, "bin", bytes))?.score).toBe(1);
    const [first] = await sortedSetRangeBuffer(redis, "bin", { limit: 1, withScores: true });
    expect(first?.member.equals(bytes)).toBe(true);
    expect(first?.score).toBe(1);
    expect((await sortedSetRangeBuffer(redis, "bin", { limit: 1 }))[0]?.equals(bytes)).toBe(true);
    expect((await sortedSetPopBuffer(redis, "bin"))?.member.equals(bytes)).toBe(true);
  });

  it("reports a key of another type as E_WRONG_TYPE", async () => {
    await redis.set("a-string", "x");
    const wrongType = { code: "E_WRONG_TYPE" };
    await expect(sortedSetAdd(redis, "a-string", board)).rejects.toMatchObject(wrongType);
    await expect(sortedSetRange(redis, "a-string", { limit: 1 })).rejects.toMatchObject(wrongType);
    await expect(sortedSetScore(redis, "a-string", "a")).rejects.toMatchObject({ ...wrongType, message: expect.stringMatching(/^sortedSetScore a-string/) });
    await expect(sortedSetIncrement(redis, "a-string", "a")).rejects.toMatchObject(wrongType);
    await expect(sortedSetRemove(redis, "a-string", ["a"])).rejects.toMatchObject(wrongType);
    await expect(sortedSetCount(redis, "a-string")).rejects.toMatchObject(wrongType);
    await expect(sortedSetPop(redis, "a-string")).rejects.toMatchObject(wrongType);
    expect(await redis.get("a-string")).toBe("x");
  });

  it("rejects bad input before anything changes", async () => {
    const invalid = { code: "E_INVALID_ARGUMENT" };
    await expect(sortedSetAdd(redis, "z", [])).rejects.toMatchObject(invalid);
    await expect(
      sortedSetAdd(redis, "z", [
        { member: "a", score: 1 },
        { member: "b", score: Number.NaN },
      ]),
    ).rejects.toMatchObject({
      ...invalid,
      message: expect.stringMatching(/score of "b"/),
    });
    await expect(sortedSetAdd(redis, "z", [{ member: "a", score: 1 }], { condition: "NX", compare: "GT" })).rejects.toMatchObject(invalid);
    await expect(sortedSetAdd(redis, "z", [{ member: undefined as unknown as string, score: 1 }])).rejects.toMatchObject(invalid);
    await expect(sortedSetRange(redis, "z", {} as { limit: number })).rejects.toMatchObject({ ...invalid, message: expect.stringMatching(/limit/) });
    await expect(sortedSetRange(redis, "z", { by: "score", min: Number.NaN, limit: 1 })).rejects.toMatchObject(invalid);
    await expect(sortedSetRange(redis, "z", { by: "lex", limit: 1, withScores: true as false })).rejects.toMatchObject(invalid);
    await expect(sortedSetRange(redis, "z", { by: "score", offset: -1, limit: 1 })).rejects.toMatchObject(invalid);
    await expect(sortedSetIncrement(redis, "z", "a", { by: Number.POSITIVE_INFINITY })).rejects.toMatchObject(invalid);
    await expect(sortedSetPop(redis, "z", { count: 0 })).rejects.toMatchObject(invalid);
    await expect(sortedSetCount(redis, "z", { by: "lex", min: 5 as unknown as string })).rejects.toMatchObject(invalid);
    expect(await redis.exists("z")).toBe(0);
  });
});
