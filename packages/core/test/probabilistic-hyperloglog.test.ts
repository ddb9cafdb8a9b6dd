import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import { hyperLogLogAdd, hyperLogLogCount, hyperLogLogMerge } from "../src/probabilistic/hyperloglog.js";
import { topologies } from "./topologies.js";

describe.each(topologies)("HyperLogLog helpers on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("adds elements, reports changes and estimates the distinct count", async () => {
    expect(await hyperLogLogAdd(redis, "visitors", ["ada", "bob", "ada"])).toBe(true);
    expect(await hyperLogLogAdd(redis, "visitors", ["bob"])).toBe(false);
    expect(await hyperLogLogCount(redis, "visitors")).toBe(2);
    expect(await hyperLogLogCount(redis, "missing")).toBe(0);
    expect(await hyperLogLogAdd(redis, "empty", [])).toBe(true);
    expect(await redis.exists("empty")).toBe(1);
  });

  it("estimates many elements within a few percent", async () => {
    const elements = Array.from({ length: 5_000 }, (_, index) => `user:${index}`);
    await hyperLogLogAdd(redis, "many", elements);
    const estimate = await hyperLogLogCount(redis, "many");
    expect(Math.abs(estimate - 5_000) / 5_000).toBeLessThan(0.05);
  });

  it("counts the union of hash-tagged keys and merges them", async () => {
    await hyperLogLogAdd(redis, "{visitors}:mon", ["ada", "bob"]);
    await hyperLogLogAdd(redis, "{visitors}:tue", ["bob", "cy"]);
    expect(await hyperLogLogCount(redis, ["{visitors}:mon", "{visitors}:tue"])).toBe(3);
    await hyperLogLogAdd(redis, "{visitors}:week", ["dee"]);
    expect(await hyperLogLogMerge(redis, "{visitors}:week", ["{visitors}:mon", "{visitors}:tue"])).toBe(4);
    expect(await hyperLogLogCount(redis, "{visitors}:week")).toBe(4);
  });

  it("needs a common hash tag on a cluster, checked before anything is sent", async () => {
    await hyperLogLogAdd(redis, "monday", ["ada"]);
    await hyperLogLogAdd(redis, "tuesday", ["bob"]);
    const counted = hyperLogLogCount(redis, ["monday", "tuesday"]).catch((error: unknown) => error);
    const merged = hyperLogLogMerge(redis, "week", ["monday", "tuesday"]).catch((error: unknown) => error);
    if (topology.name === "cluster") {
      for (const error of [(await counted) as Error & { code: string }, (await merged) as Error & { code: string }]) {
        expect(error.code).toBe("E_CROSSSLOT");
        expect(error.message).toMatch(/are in different cluster slots/);
        expect(error.cause).toBeUndefined();
      }
      expect(await redis.exists("week")).toBe(0);
    } else {
      expect(await counted).toBe(2);
      expect(await merged).toBe(2);
      expect(await hyperLogLogCount(redis, "week")).toBe(2);
    }
  });

  it("round-trips binary elements as distinct values", async () => {
    await hyperLogLogAdd(redis, "bin", [Buffer.from([0xff, 0x00]), Buffer.from([0xfe, 0x00]), Buffer.from([0xff, 0x00])]);
    expect(await hyperLogLogCount(redis, "bin")).toBe(2);
  });

  it("reports a key of another type as E_WRONG_TYPE", async () => {
    await redis.rpush("{t}:list", "x");
    await expect(hyperLogLogAdd(redis, "{t}:list", ["a"])).rejects.toMatchObject({ code: "E_WRONG_TYPE" });
    await expect(hyperLogLogCount(redis, "{t}:list")).rejects.toMatchObject({ code: "E_WRONG_TYPE" });
    await expect(hyperLogLogMerge(redis, "{t}:out", ["{t}:list"])).rejects.toMatchObject({ code: "E_WRONG_TYPE" });
    expect(await redis.llen("{t}:list")).toBe(1);
  });

  it("rejects bad input before anything changes", async () => {
    const invalid = { code: "E_INVALID_ARGUMENT" };
    await expect(hyperLogLogAdd(redis, "", ["a"])).rejects.toMatchObject(invalid);
    await expect(hyperLogLogAdd(redis, "h", ["a", {} as string])).rejects.toMatchObject(invalid);
    await expect(hyperLogLogCount(redis, [])).rejects.toMatchObject(invalid);
    await expect(hyperLogLogMerge(redis, "h", [])).rejects.toMatchObject(invalid);
    await expect(hyperLogLogMerge(redis, "h", ["{h}", ""])).rejects.toMatchObject(invalid);
    expect(await redis.exists("h")).toBe(0);
  });
});
