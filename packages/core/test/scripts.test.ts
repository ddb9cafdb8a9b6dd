import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { masterNodes, type RedisClient } from "../src/client/redis-client.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { defineScript } from "../src/scripts/redis-script.js";
import { topologies } from "./topologies.js";

const swap = defineScript({
  name: "test_swap",
  keys: 2,
  lua: "local a = redis.call('GET', KEYS[1]); local b = redis.call('GET', KEYS[2]); redis.call('SET', KEYS[1], b); redis.call('SET', KEYS[2], a); return {a, b}",
});
const echoBytes = defineScript({ name: "test_echo", keys: 0, lua: "return ARGV[1]" });

describe.each(topologies)("scripts on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("runs a script atomically on hash-tagged keys", async () => {
    await redis.mset("{pair}:left", "L", "{pair}:right", "R");
    expect(await swap.run(redis, ["{pair}:left", "{pair}:right"])).toEqual(["L", "R"]);
    expect(await redis.mget("{pair}:left", "{pair}:right")).toEqual(["R", "L"]);
  });

  it("reloads the script after SCRIPT FLUSH (NOSCRIPT)", async () => {
    await redis.mset("{pair}:left", "a", "{pair}:right", "b");
    await swap.run(redis, ["{pair}:left", "{pair}:right"]);
    await Promise.all(masterNodes(redis).map((node) => node.script("FLUSH")));
    await redis.mset("{pair}:left", "1", "{pair}:right", "2");
    expect(await swap.run(redis, ["{pair}:left", "{pair}:right"])).toEqual(["1", "2"]);
  });

  it("returns binary replies unchanged with runBuffer", async () => {
    const bytes = Buffer.from([0xff, 0x00, 0xc3]);
    expect(((await echoBytes.runBuffer(redis, [], [bytes])) as Buffer).equals(bytes)).toBe(true);
  });

  it("queues into a pipeline after prepare, and explains when prepare was forgotten", async () => {
    await redis.mset("{q}:a", "1", "{q}:b", "2");
    swap.prepare(redis);
    const pipeline = redis.pipeline();
    swap.queue(redis, pipeline, ["{q}:a", "{q}:b"]);
    const replies = await pipeline.exec();
    expect(replies?.[0]).toEqual([null, ["1", "2"]]);
    const fresh = defineScript({ name: "test_unprepared", keys: 0, lua: "return 1" });
    expect(() => fresh.queue(redis, redis.pipeline(), [])).toThrow(/call script.prepare\(client\) before client.pipeline\(\)/);
  });

  it("reports Lua errors as coded errors", async () => {
    const failing = defineScript({ name: "test_fail", keys: 0, lua: "return redis.error_reply('ERR custom failure')" });
    const error = await failing.run(redis, []).catch((caught: unknown) => caught);
    expect(RedisMcpError.isInstance(error) && error.code).toBe("E_REDIS_COMMAND");
    expect((error as Error).message).toContain("custom failure");
  });
});

describe("scripts on cluster", () => {
  it("refuses keys from different slots before sending anything", async () => {
    const cluster = topologies.find((topology) => topology.name === "cluster");
    const redis = await cluster?.connect();
    if (!redis) throw new Error("no cluster topology");
    try {
      const error = await swap.run(redis, ["left", "right"]).catch((caught: unknown) => caught);
      expect(RedisMcpError.isInstance(error) && error.code).toBe("E_CROSSSLOT");
      expect((error as Error).message).toMatch(/common hash tag/);
      expect(await redis.exists("left", "right").catch(() => "crossslot")).toBe("crossslot");
    } finally {
      redis.disconnect();
    }
  });
});
