import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isCluster, type RedisClient } from "../src/client/redis-client.js";
import { pipelineByNode } from "../src/cluster/pipeline-by-node.js";
import { slotOf } from "../src/cluster/slots.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { defineScript } from "../src/scripts/redis-script.js";
import { topologies } from "./topologies.js";

const readTagged = defineScript({ name: "test_read_tagged", keys: 1, lua: "return redis.call('GET', KEYS[1])" });

describe.each(topologies)("pipelineByNode on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("answers every item in the caller's order, across slots and nodes", async () => {
    const keys = Array.from({ length: 60 }, (_, index) => `{item:${index}}:value`);
    await Promise.all(keys.map((key, index) => redis.set(key, String(index))));
    if (isCluster(redis)) expect(new Set(keys.map((key) => slotOf(key))).size).toBeGreaterThan(3);
    const outcomes = await pipelineByNode(
      redis,
      keys,
      (key) => key,
      (pipeline, key) => pipeline.get(key),
      "read items",
    );
    expect(outcomes).toEqual(keys.map((_, index) => [null, String(index)]));
  });

  it("runs prepared scripts with Buffer replies", async () => {
    const keys = ["{a}:bytes", "{b}:bytes", "{c}:bytes"];
    await Promise.all(keys.map((key, index) => redis.set(key, Buffer.from([0xff, index]))));
    readTagged.prepare(redis);
    const outcomes = await pipelineByNode(
      redis,
      keys,
      (key) => key,
      (pipeline, key) => readTagged.queueBuffer(redis, pipeline, [key]),
      "read bytes",
    );
    expect(outcomes.map(([, reply]) => [...(reply as Buffer)])).toEqual([
      [0xff, 0],
      [0xff, 1],
      [0xff, 2],
    ]);
  });

  it("reports one item's error as a coded error without hiding the others", async () => {
    await redis.set("{ok}:string", "fine");
    await redis.hset("{bad}:hash", "field", "1");
    const outcomes = await pipelineByNode(
      redis,
      ["{ok}:string", "{bad}:hash"],
      (key) => key,
      (pipeline, key) => pipeline.get(key),
      "read mixed",
    );
    expect(outcomes[0]).toEqual([null, "fine"]);
    const [error] = outcomes[1] ?? [];
    expect(RedisMcpError.isInstance(error) && error.code).toBe("E_WRONG_TYPE");
  });

  it("refuses a queue function that adds no command", async () => {
    const failure = await pipelineByNode(
      redis,
      ["{x}:a"],
      (key) => key,
      () => undefined,
      "bad queue",
    ).catch((caught: unknown) => caught);
    expect(RedisMcpError.isInstance(failure) && failure.code).toBe("E_INVALID_ARGUMENT");
  });
});
