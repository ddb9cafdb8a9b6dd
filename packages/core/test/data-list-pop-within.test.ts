import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import { listPopWithin } from "../src/data/list-pop-within.js";
import { topologies } from "./topologies.js";

describe.each(topologies)("listPopWithin on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("pops what fits the byte budget, atomically, and leaves the rest in order", async () => {
    await redis.rpush("work", "aaaa", "bbbb", "cccccccc", "dd");
    expect(await listPopWithin(redis, "work", { count: 10, maxBytes: 10 })).toEqual({ values: [Buffer.from("aaaa"), Buffer.from("bbbb")], nextBytes: 8 });
    expect(await redis.lrange("work", 0, -1)).toEqual(["cccccccc", "dd"]);
    // perElementBytes counts each element's wrapping: 8 + 3 > 10 leaves it in the list.
    expect(await listPopWithin(redis, "work", { maxBytes: 10, perElementBytes: 3 })).toEqual({ values: [], nextBytes: 8 });
    expect(await listPopWithin(redis, "work", { side: "right", count: 5, maxBytes: 100 })).toEqual({ values: [Buffer.from("dd"), Buffer.from("cccccccc")] });
    expect(await redis.exists("work")).toBe(0);
    expect(await listPopWithin(redis, "work", { maxBytes: 100 })).toEqual({ values: [] });
  });

  it("keeps binary elements byte for byte and refuses bad input before sending", async () => {
    const binary = Buffer.from([0xff, 0x00, 0xfe]);
    await redis.rpush("bin", binary);
    expect((await listPopWithin(redis, "bin", { maxBytes: 10 })).values[0]?.equals(binary)).toBe(true);
    await redis.rpush("bin", "kept");
    await expect(listPopWithin(redis, "bin", { maxBytes: 0 })).rejects.toMatchObject({ code: "E_INVALID_ARGUMENT" });
    await expect(listPopWithin(redis, "bin", { maxBytes: 5, side: "middle" as "left" })).rejects.toMatchObject({ code: "E_INVALID_ARGUMENT" });
    expect(await redis.lrange("bin", 0, -1)).toEqual(["kept"]);
    await redis.set("text", "x");
    await expect(listPopWithin(redis, "text", { maxBytes: 5 })).rejects.toMatchObject({
      code: "E_WRONG_TYPE",
      message: expect.stringMatching(/^listPopWithin text: /),
    });
  });
});
