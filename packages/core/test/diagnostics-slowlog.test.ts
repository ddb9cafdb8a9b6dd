import { randomUUID } from "node:crypto";
import { type StandaloneRedis, startRedisServer } from "@redis-mcp/test-redis";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { masterNodes, nodeAddress, type RedisClient } from "../src/client/redis-client.js";
import { getSlowlog, resetSlowlog } from "../src/diagnostics/slowlog.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { BUSY_LUA } from "./busy-lua.js";
import { topologies } from "./topologies.js";

describe.each(topologies)("getSlowlog on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("merges every master's slow log, newest first, naming the node of each entry", async () => {
    const marker = `slowlog-test-${randomUUID()}`;
    for (const node of masterNodes(redis)) await node.eval(BUSY_LUA, 0, "15000", marker);
    const entries = await getSlowlog(redis, { count: 128 });
    const ours = entries.filter((entry) => entry.command.includes(marker));
    expect(ours.map((entry) => entry.node).sort()).toEqual(masterNodes(redis).map(nodeAddress).sort());
    for (const entry of ours) {
      expect(entry.command[0]?.toLowerCase()).toBe("eval");
      expect(entry.command).toContain("15000");
      expect(entry.durationMicros).toBeGreaterThan(0);
      expect(entry.clientAddress).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(Number.isInteger(entry.id)).toBe(true);
    }
    const timestamps = entries.map((entry) => entry.timestamp);
    expect(timestamps).toEqual([...timestamps].sort((left, right) => right - left));
  });

  it("returns at most count entries and shortens long arguments", async () => {
    // Short enough to survive maxArgumentLength itself.
    const marker = `long-${randomUUID().slice(0, 8)}`;
    const [node] = masterNodes(redis);
    await node?.eval(BUSY_LUA, 0, "15000", marker, "y".repeat(100));
    await node?.eval(BUSY_LUA, 0, "15000", `${marker}-second`);
    const entries = await getSlowlog(redis, { count: 2, maxArgumentLength: 40 });
    expect(entries.length).toBeLessThanOrEqual(2);
    const long = (await getSlowlog(redis, { count: 128, maxArgumentLength: 40 })).find((entry) => entry.command.includes(marker));
    expect(long?.command.at(-1)).toBe(`${"y".repeat(40)}... (60 more characters)`);
  });

  it("rejects a bad count before sending anything", async () => {
    for (const count of [0, -1, 1.5, 10_001]) {
      const error = await getSlowlog(redis, { count }).catch((caught: unknown) => caught);
      expect(RedisMcpError.isInstance(error) && error.code).toBe("E_INVALID_ARGUMENT");
    }
  });
});

describe("resetSlowlog on a private server", () => {
  let server: StandaloneRedis;
  let redis: Redis;
  beforeAll(async () => {
    server = await startRedisServer({ args: ["--slowlog-log-slower-than", "0"] });
    redis = new Redis(server.port, { lazyConnect: true });
    await redis.connect();
  });
  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  it("empties the log of every node and says which", async () => {
    await redis.set("slow:marker-before-reset", "1");
    expect((await getSlowlog(redis, { count: 50 })).some((entry) => entry.command.includes("slow:marker-before-reset"))).toBe(true);
    expect(await resetSlowlog(redis)).toEqual([nodeAddress(redis)]);
    const after = await getSlowlog(redis, { count: 50 });
    expect(after.some((entry) => entry.command.includes("slow:marker-before-reset"))).toBe(false);
  });
});
