import { startRedisServer } from "@redis-mcp/test-redis";
import { Redis } from "ioredis";
import { compare, type ReferenceFigure } from "../harness.js";
import { redisBenchmark } from "../redis-benchmark.js";
import type { Suite } from "../suite.js";

const IN_FLIGHT = 32;

/** Alternating SET and GET on a small key set: one operation is one command. */
async function setGet(client: Redis, operations: number, offset = 0): Promise<void> {
  for (let index = 0; index < operations; index++) {
    const key = `bench:${(index + offset) % 1000}`;
    if (index % 2 === 0) await client.set(key, "value-0123456789");
    else await client.get(key);
  }
}

async function reference(name: string, port: number, clients: number, pipeline = 1): Promise<ReferenceFigure[]> {
  const figure = await redisBenchmark({ port, clients, pipeline, tests: "set,get", requests: clients * pipeline > 1 ? 200_000 : 50_000 });
  return figure ? [{ name, opsPerSecond: figure }] : [];
}

/**
 * The floor every other benchmark is read against: plain ioredis against a spawned server, and
 * redis-benchmark (C, same server) as the physical limit of this machine and loopback.
 */
export const suite: Suite = {
  name: "ioredis",
  description: "ioredis GET/SET, sequential and 32 in flight, against redis-benchmark on the same server",
  async run() {
    const server = await startRedisServer();
    const client = new Redis(server.port);
    try {
      const sequential = await compare({
        title: "ioredis GET/SET, one command at a time",
        baseline: "redis-benchmark -c 1",
        variants: [{ name: "ioredis sequential", run: (operations) => setGet(client, operations) }],
        references: () => reference("redis-benchmark -c 1", server.port, 1),
      });
      const concurrent = await compare({
        title: `ioredis GET/SET, ${IN_FLIGHT} in flight`,
        // ioredis writes concurrent commands of one connection together (implicit pipelining), so
        // the comparable limit is one connection with 32 pipelined; 32 connections are shown too.
        baseline: `redis-benchmark -P ${IN_FLIGHT}`,
        operations: 20_000,
        variants: [
          {
            name: `ioredis ${IN_FLIGHT} in flight`,
            run: async (operations) => {
              const share = Math.ceil(operations / IN_FLIGHT);
              await Promise.all(Array.from({ length: IN_FLIGHT }, (_, worker) => setGet(client, share, worker * share)));
            },
          },
        ],
        references: async () => [
          ...(await reference(`redis-benchmark -P ${IN_FLIGHT}`, server.port, 1, IN_FLIGHT)),
          ...(await reference(`redis-benchmark -c ${IN_FLIGHT}`, server.port, IN_FLIGHT)),
        ],
      });
      return [sequential, concurrent];
    } finally {
      client.disconnect();
      await server.stop();
    }
  },
};
