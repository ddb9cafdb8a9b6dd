import { closeRedis, createRedis } from "@redis-mcp/core";
import { startRedisServer } from "@redis-mcp/test-redis";
import { Redis } from "ioredis";
import { compare, type Variant } from "../harness.js";
import type { Suite } from "../suite.js";

const IN_FLIGHT = 32;
const KEYS = 1000;
const VALUE = "value-0123456789";
const SEQUENTIAL = { rounds: 21, operations: 2_000 };
const CONCURRENT = { rounds: 11, operations: 20_000 };

/** Alternating SET and GET on one client, as `workers` sequential workers. */
function setGet(client: Redis, workers: number): (operations: number) => Promise<void> {
  const worker = async (operations: number, offset: number) => {
    for (let index = 0; index < operations; index++) {
      const key = `bench:${(index + offset) % KEYS}`;
      if (index % 2 === 0) await client.set(key, VALUE);
      else await client.get(key);
    }
  };
  return async (operations) => {
    const share = Math.ceil(operations / workers);
    await Promise.all(Array.from({ length: workers }, (_, index) => worker(share, index * share)));
  };
}

/**
 * A client from core's createRedis (which writes the commands of one tick in one socket write)
 * against a plain ioredis client (a write per command), the same commands on the same server:
 * what coalescing gains with many commands in flight, and what it costs one command at a time.
 */
export const suite: Suite = {
  name: "coalesced-writes",
  description: "createRedis client (one write per tick) vs plain ioredis (one write per command), sequential and 32 in flight",
  async run() {
    const server = await startRedisServer();
    const plain = new Redis(server.port);
    const coalesced = (await createRedis(server.url)) as Redis;
    try {
      const variants = (workers: number): Variant[] => [
        { name: "plain ioredis", run: setGet(plain, workers) },
        { name: "createRedis client", run: setGet(coalesced, workers) },
      ];
      return [
        await compare({ title: "GET/SET, one command at a time", baseline: "plain ioredis", ...SEQUENTIAL, variants: variants(1) }),
        await compare({ title: `GET/SET, ${IN_FLIGHT} in flight`, baseline: "plain ioredis", ...CONCURRENT, variants: variants(IN_FLIGHT) }),
      ];
    } finally {
      plain.disconnect();
      await closeRedis(coalesced);
      await server.stop();
    }
  },
};
