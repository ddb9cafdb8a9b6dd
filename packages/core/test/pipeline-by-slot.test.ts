import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isCluster, masterNodes, type RedisClient } from "../src/client/redis-client.js";
import { pipelineBySlot } from "../src/cluster/pipeline-by-slot.js";
import { slotOf } from "../src/cluster/slots.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { defineScript } from "../src/scripts/redis-script.js";
import { topologies } from "./topologies.js";

const pairScript = defineScript({ name: "test_pair", keys: 2, lua: "return {redis.call('INCR', KEYS[1]), redis.call('INCRBY', KEYS[2], ARGV[1])}" });

describe.each(topologies)("pipelineBySlot on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("runs several commands per slot for 60 hash tags and hands each item its own replies, in order", async () => {
    const tags = Array.from({ length: 60 }, (_, index) => `{tag${index}}`);
    const client = redis;
    if (isCluster(client)) {
      // The tags really spread over every master: one pipeline per node, not one per slot.
      const owners = new Set(tags.map((tag) => client.slots[slotOf(tag)]?.[0]));
      expect(owners.size).toBe(masterNodes(client).length);
    }
    pairScript.prepare(redis);
    const replies = await pipelineBySlot(
      redis,
      "test",
      tags.map((tag, index) => ({
        key: `${tag}:a`,
        queue: (pipeline) => {
          pipeline.set(`${tag}:a`, String(index));
          pairScript.queue(redis, pipeline, [`${tag}:a`, `${tag}:b`], [index * 2]);
          pipeline.get(`${tag}:b`);
        },
      })),
    );
    expect(replies).toEqual(tags.map((_, index) => ["OK", [index + 1, index * 2], String(index * 2)]));
  });

  it("returns an empty list for no work and keeps items that queue nothing", async () => {
    expect(await pipelineBySlot(redis, "test", [])).toEqual([]);
    const replies = await pipelineBySlot(redis, "test", [
      { key: "{x}", queue: () => {} },
      { key: "{y}", queue: (pipeline) => pipeline.ping() },
    ]);
    expect(replies).toEqual([[], ["PONG"]]);
  });

  it("throws a coded error naming the operation when a command fails", async () => {
    await redis.set("{z}:text", "not a hash");
    const failure = await pipelineBySlot(redis, "read hashes", [{ key: "{z}:text", queue: (pipeline) => pipeline.hgetall("{z}:text") }]).catch(
      (error: unknown) => error,
    );
    expect(RedisMcpError.isInstance(failure) && failure.code).toBe("E_WRONG_TYPE");
    expect((failure as Error).message).toMatch(/^read hashes: /);
  });

  it("with settle, hands back a failed command's coded error in its place and keeps the other replies", async () => {
    await redis.set("{s}:text", "not a hash");
    const replies = await pipelineBySlot(
      redis,
      "mixed",
      [
        { key: "{s}:text", queue: (pipeline) => pipeline.hgetall("{s}:text").get("{s}:text") },
        { key: "{t}", queue: (pipeline) => pipeline.incr("{t}") },
      ],
      { settle: true },
    );
    const [first, second] = replies as [unknown[], unknown[]];
    expect(RedisMcpError.isInstance(first[0]) && first[0].code).toBe("E_WRONG_TYPE");
    expect(first[1]).toBe("not a hash");
    expect(second).toEqual([1]);
  });

  it("with settle, gives every item of a node that cannot be reached that node's error", async () => {
    const closed = await topology.connect();
    closed.disconnect();
    const replies = await pipelineBySlot(closed, "closed", [{ key: "{u}", queue: (pipeline) => pipeline.ping().ping() }], { settle: true });
    const [errors] = replies as [unknown[]];
    expect(errors).toHaveLength(2);
    for (const error of errors) expect(RedisMcpError.isInstance(error) && error.code).toBe("E_REDIS_UNAVAILABLE");
  });
});
