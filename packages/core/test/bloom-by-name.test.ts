import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import { addToBloomFilter, checkBloomFilter } from "../src/probabilistic/bloom-by-name.js";
import { createBloomFilter, openBloomFilter } from "../src/probabilistic/bloom-filter.js";
import { bloomPositions } from "../src/probabilistic/bloom-positions.js";
import { topologies } from "./topologies.js";

const SIZING = { capacity: 10_000, errorRate: 0.01 };

describe.each(topologies)("Bloom filters by name on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("creates the filter on the first add, sized as asked, and tells new items from known ones", async () => {
    expect(await addToBloomFilter(redis, "named", ["a", "b"], SIZING)).toEqual({ implementation: "bitmap", added: [true, true] });
    expect(await addToBloomFilter(redis, "named", ["a", "c", Buffer.from([0xff])], SIZING)).toEqual({ implementation: "bitmap", added: [false, true, true] });
    expect(await checkBloomFilter(redis, "named", ["a", "b", "c", "d", Buffer.from([0xff])])).toEqual({
      exists: true,
      implementation: "bitmap",
      present: [true, true, true, false, true],
    });
    expect(await redis.hmget("bloom:{named}:parameters", "bits", "hashes", "items")).toEqual(["95851", "7", "4"]);
    // Allocated at full size at creation, as createBloomFilter does, so adds never grow it.
    expect(await redis.strlen("bloom:{named}:bits")).toBe(Math.ceil(95_851 / 8));
  });

  it("sets the bits bloomPositions pins, so filters written by earlier releases read the same", async () => {
    await addToBloomFilter(redis, "pinned", ["hello"], SIZING);
    const positions = bloomPositions("hello", 95_851, 7);
    expect(await Promise.all(positions.map((position) => redis.getbit("bloom:{pinned}:bits", position)))).toEqual(positions.map(() => 1));
    expect(await redis.bitcount("bloom:{pinned}:bits")).toBe(new Set(positions).size);
  });

  it("shares filters with createBloomFilter: what one wrote, the other reads", async () => {
    const items = Array.from({ length: 500 }, (_, index) => `item:${index}`);
    const opened = await createBloomFilter(redis, { key: "shared", ...SIZING });
    await opened.add(items);
    expect((await checkBloomFilter(redis, "shared", items)).present.every(Boolean)).toBe(true);
    await addToBloomFilter(redis, "shared", ["late"], SIZING);
    expect(await opened.check("late")).toBe(true);
  });

  it("keeps an existing filter's own sizing", async () => {
    const existing = await createBloomFilter(redis, { key: "own-size", capacity: 1_000, errorRate: 0.001 });
    const before = await redis.hgetall("bloom:{own-size}:parameters");
    expect(await addToBloomFilter(redis, "own-size", ["x"], { capacity: 10, errorRate: 0.2 })).toEqual({ implementation: "bitmap", added: [true] });
    expect(await redis.hgetall("bloom:{own-size}:parameters")).toEqual({ ...before, items: "1" });
    expect(await existing.check("x")).toBe(true);
  });

  it("checks a missing filter without creating it", async () => {
    expect(await checkBloomFilter(redis, "never-made", ["a", "b"])).toEqual({ exists: false, present: [false, false] });
    expect(await openBloomFilter(redis, "never-made")).toBeNull();
    expect(await redis.exists("bloom:{never-made}:parameters", "bloom:{never-made}:bits")).toBe(0);
  });

  it("handles lists longer than one script call takes, in one pipeline", async () => {
    const items = Array.from({ length: 20_000 }, (_, index) => `many:${index}`);
    const { added } = await addToBloomFilter(redis, "many", items, { capacity: 20_000, errorRate: 0.01 });
    expect(added).toHaveLength(20_000);
    // At capacity a few items collide with earlier ones: almost all, not all, are new.
    expect(added.filter(Boolean).length).toBeGreaterThan(19_500);
    expect((await checkBloomFilter(redis, "many", items)).present.every(Boolean)).toBe(true);
  });

  it("refuses a RedisBloom filter on a server without the module, changing nothing", async () => {
    await redis.hset("bloom:{module-made}:parameters", { implementation: "redisbloom", capacity: "100", errorRate: "0.01" });
    await expect(addToBloomFilter(redis, "module-made", ["a"], SIZING)).rejects.toMatchObject({
      code: "E_UNSUPPORTED",
      message: expect.stringMatching(/redisbloom filter, and this server does not have the RedisBloom module/),
    });
    await expect(checkBloomFilter(redis, "module-made", ["a"])).rejects.toMatchObject({ code: "E_UNSUPPORTED" });
    expect(await redis.exists("bloom:{module-made}:bits")).toBe(0);
    expect(await redis.hget("bloom:{module-made}:parameters", "items")).toBeNull();
  });

  it("rejects bad input before sending anything", async () => {
    await expect(addToBloomFilter(redis, "bad", ["a"], { capacity: 0, errorRate: 0.01 })).rejects.toMatchObject({ code: "E_INVALID_ARGUMENT" });
    await expect(addToBloomFilter(redis, "bad", [42 as unknown as string], SIZING)).rejects.toMatchObject({ code: "E_INVALID_ARGUMENT" });
    await expect(checkBloomFilter(redis, "", ["a"])).rejects.toMatchObject({ code: "E_INVALID_ARGUMENT" });
    expect(await redis.exists("bloom:{bad}:parameters")).toBe(0);
  });
});
