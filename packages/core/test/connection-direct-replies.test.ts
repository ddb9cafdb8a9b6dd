import { useRedis, useRedisCluster } from "@redis-mcp/test-redis/vitest";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { masterNodes } from "../src/client/redis-client.js";
import { closeRedis } from "../src/connection/close-redis.js";
import { createRedis } from "../src/connection/create-redis.js";

/**
 * How the next reply reaches a connection's parser: straight from the socket read ("direct", via
 * Readable's addChunk) or buffered and re-read a tick later ("buffered", via Readable.read). The
 * probe is prepended like ioredis's parser, so it does not change the mode it observes.
 */
async function replyDelivery(connection: unknown, command: () => Promise<unknown>): Promise<"direct" | "buffered"> {
  const stream = (connection as { stream: NodeJS.ReadableStream }).stream;
  let stack = "";
  const probe = () => {
    stack ||= new Error("probe").stack ?? "";
  };
  stream.prependListener("data", probe);
  try {
    await command();
  } finally {
    stream.removeListener("data", probe);
  }
  expect(stack).not.toBe("");
  return /\bReadable\.read\b/.test(stack) ? "buffered" : "direct";
}

describe("replies", () => {
  it("reach the parser straight from the socket read, where plain ioredis buffers them for a tick", async () => {
    const server = await useRedis();
    const plain = new Redis(server.port);
    const redis = await createRedis(server.url);
    try {
      await plain.ping();
      expect(await replyDelivery(plain, () => plain.get("key"))).toBe("buffered");
      expect(await replyDelivery(redis, () => redis.get("key"))).toBe("direct");
    } finally {
      plain.disconnect();
      await closeRedis(redis);
    }
  });

  it("stay direct on the new socket after a reconnect", async () => {
    const server = await useRedis();
    const redis = await createRedis(server.url);
    const killer = new Redis(server.port);
    try {
      const id = await redis.client("ID");
      await killer.client("KILL", "ID", String(id));
      await expect.poll(() => redis.ping().catch(() => "down"), { timeout: 5000 }).toBe("PONG");
      expect(await redis.client("ID")).not.toBe(id);
      expect(await replyDelivery(redis, () => redis.get("key"))).toBe("direct");
    } finally {
      killer.disconnect();
      await closeRedis(redis);
    }
  });

  it("are direct on every node of a cluster", async () => {
    const cluster = await useRedisCluster();
    const redis = await createRedis({ cluster: { nodes: cluster.startupNodes.map((node) => `${node.host}:${node.port}`) } });
    try {
      const masters = masterNodes(redis);
      expect(masters).toHaveLength(3);
      for (const node of masters) {
        await node.ping();
        expect(await replyDelivery(node, () => node.ping())).toBe("direct");
      }
    } finally {
      await closeRedis(redis);
    }
  });
});
