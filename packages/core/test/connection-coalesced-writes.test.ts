import { useRedis, useRedisCluster } from "@redis-mcp/test-redis/vitest";
import { Redis } from "ioredis";
import { describe, expect, it, vi } from "vitest";
import { masterNodes } from "../src/client/redis-client.js";
import { closeRedis } from "../src/connection/close-redis.js";
import { createRedis } from "../src/connection/create-redis.js";

const COMMANDS = 200;

/** Socket writes of one connection: Node's Writable calls _write per chunk, or _writev once for what was corked. */
function countWrites(connection: unknown) {
  const stream = (connection as { stream: { _write: () => void; _writev: () => void } }).stream;
  return { write: vi.spyOn(stream, "_write"), writev: vi.spyOn(stream, "_writev") };
}

async function readsProcessed(redis: Redis): Promise<number> {
  const stats = await redis.info("stats");
  return Number(/total_reads_processed:(\d+)/.exec(stats)?.[1]);
}

describe("commands sent in one tick", () => {
  it("go out in one socket write on a standalone connection, and Redis reads them at once", async () => {
    const server = await useRedis();
    const observer = new Redis(server.port);
    const redis = await createRedis(server.url);
    try {
      const writes = countWrites(redis);
      const before = await readsProcessed(observer);
      const replies = await Promise.all(Array.from({ length: COMMANDS }, (_, index) => redis.set(`key:${index}`, String(index))));
      const reads = (await readsProcessed(observer)) - before;
      expect(replies.every((reply) => reply === "OK")).toBe(true);
      expect(writes.writev).toHaveBeenCalledTimes(1);
      expect(writes.write).not.toHaveBeenCalled();
      // The observer's own INFO is one read; 200 separate writes would be read in many more.
      expect(reads).toBeLessThanOrEqual(4);
      expect(await redis.mget("key:0", `key:${COMMANDS - 1}`)).toEqual(["0", String(COMMANDS - 1)]);
    } finally {
      observer.disconnect();
      await closeRedis(redis);
    }
  });

  it("go out in one write per node on a cluster, with every reply in place", async () => {
    const cluster = await useRedisCluster();
    const redis = await createRedis({ cluster: { nodes: cluster.startupNodes.map((node) => `${node.host}:${node.port}`) } });
    try {
      // Warm every node's connection first: writes are coalesced on connections that are up.
      await Promise.all(Array.from({ length: 30 }, (_, index) => redis.get(`warm:${index}`)));
      const masters = masterNodes(redis);
      expect(masters).toHaveLength(3);
      const writes = masters.map(countWrites);
      const replies = await Promise.all(Array.from({ length: COMMANDS }, (_, index) => redis.incrby(`counter:${index}`, index)));
      expect(replies).toEqual(Array.from({ length: COMMANDS }, (_, index) => index));
      for (const node of writes) {
        expect(node.writev.mock.calls.length + node.write.mock.calls.length).toBe(1);
      }
    } finally {
      await closeRedis(redis);
    }
  });
});
