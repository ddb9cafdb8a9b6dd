import { createCache } from "@redis-mcp/core/cache";
import { startRedisServer } from "@redis-mcp/test-redis";
import { BentoCache, bentostore } from "bentocache";
import { memoryDriver } from "bentocache/drivers/memory";
import { redisBusDriver, redisDriver } from "bentocache/drivers/redis";
import { Redis } from "ioredis";
import { type Comparison, type ComparisonResult, compare, type Variant } from "../harness.js";
import { CpuMeter } from "../process-cpu.js";
import type { Suite } from "../suite.js";

/**
 * Runs a comparison and adds each variant's CPU per operation to its title: this process (the
 * client side) and the Redis server, from /proc. Throughput on a shared 2-core machine moves with
 * whatever else runs; the CPU an operation costs does not.
 */
async function compareWithCpu(comparison: Comparison, redisPid: number | undefined): Promise<ComparisonResult> {
  const meters = new Map<string, [CpuMeter, CpuMeter | undefined]>();
  const variants = comparison.variants.map((variant): Variant => {
    const client = new CpuMeter(process.pid);
    const server = redisPid === undefined ? undefined : new CpuMeter(redisPid);
    meters.set(variant.name, [client, server]);
    return { name: variant.name, run: server ? server.wrap(client.wrap(variant.run)) : client.wrap(variant.run) };
  });
  const result = await compare({ ...comparison, variants });
  const notes = [...meters].map(([name, [client, server]]) => {
    const clientCpu = client.perOperation();
    const serverCpu = server?.perOperation();
    return `${name}: ${clientCpu?.toFixed(1) ?? "?"} µs client + ${serverCpu?.toFixed(1) ?? "?"} µs Redis`;
  });
  return { ...result, title: `${result.title}\nCPU per operation over the timed rounds: ${notes.join("; ")}` };
}

/** The same ~100-byte JSON value everywhere. */
const VALUE = { id: 42, name: "customer-000042", plan: "pro", tags: ["a", "b", "c"], updatedAt: "2026-01-01T00:00:00.000Z" };
const BATCH = 100;

/** Fails the run when a variant read the wrong thing (a variant that reads nothing looks fast). */
function check(value: unknown): void {
  if ((value as typeof VALUE | undefined)?.id !== 42) throw new Error(`read ${JSON.stringify(value)} instead of the value`);
}

/**
 * The multi-tier cache against raw ioredis and against bentocache 1.6 (L1 memory + L2 Redis + Redis
 * bus), on one spawned server, one operation at a time. Fairness:
 * - the same value, key names of the same length, every read checked;
 * - our L1 keeps the decoded value (callers must not mutate it); bentocache's memory driver
 *   serializes by default, so it is shown both ways (`serialize: false`, bounded by item count as
 *   bentocache cannot size unserialized values, is the like-for-like row);
 * - misses use a new key per operation on both sides: L1 miss, L2 miss, loader, L2 write, bus message.
 */
export const suite: Suite = {
  name: "cache",
  description: "createCache: L1 hit and L2 get vs raw GET, getOrSetMany(100) vs 100 getOrSet, and vs bentocache 1.6 (hit, miss)",
  async run() {
    const server = await startRedisServer();
    const raw = new Redis(server.port);
    const ours = new Redis(server.port);
    const bentoClient = new Redis(server.port);
    const bentoRawClient = new Redis(server.port);
    const tiered = createCache(ours, { namespace: "bench", ttlMs: 3_600_000 });
    const redisOnly = createCache(ours, { namespace: "bench-l2", ttlMs: 3_600_000, l1: false });
    const distributed = createCache(ours, { namespace: "bench-locked", ttlMs: 3_600_000, stampede: "distributed" });
    const connection = { host: server.host, port: server.port };
    const bento = new BentoCache({
      default: "serialized",
      stores: {
        serialized: bentostore()
          .useL1Layer(memoryDriver({ maxSize: "64mb" }))
          .useL2Layer(redisDriver({ connection: bentoClient }))
          .useBus(redisBusDriver({ connection })),
        references: bentostore()
          .useL1Layer(memoryDriver({ maxItems: 100_000, serialize: false }))
          .useL2Layer(redisDriver({ connection: bentoRawClient }))
          .useBus(redisBusDriver({ connection })),
      },
    });
    try {
      const bentoReferences = bento.use("references");
      await Promise.all([tiered.ready(), distributed.ready()]);
      const text = JSON.stringify(VALUE);
      await raw.set("bench:raw:key", text);
      await tiered.set("hot", VALUE);
      await redisOnly.set("hot", VALUE);
      await bento.set({ key: "hot", value: VALUE, ttl: "1h" });
      await bentoReferences.set({ key: "hot", value: VALUE, ttl: "1h" });

      const l1 = await compare({
        title: "hit in L1 vs a raw ioredis GET of the same value (one at a time)",
        baseline: "raw ioredis GET",
        operations: 20_000,
        variants: [
          {
            name: "createCache get (L1 hit)",
            async run(operations) {
              for (let operation = 0; operation < operations; operation++) check(await tiered.get("hot"));
            },
          },
          {
            name: "raw ioredis GET",
            async run(operations) {
              for (let operation = 0; operation < operations; operation++) {
                if ((await raw.get("bench:raw:key"))?.length !== text.length) throw new Error("raw GET read the wrong value");
              }
            },
          },
        ],
      });

      const l2 = await compareWithCpu(
        {
          title: "get from Redis (l1: false) vs a raw ioredis GET (one at a time)",
          baseline: "raw ioredis GET",
          operations: 20_000,
          variants: [
            {
              name: "createCache get (L2 only, decoded)",
              async run(operations) {
                for (let operation = 0; operation < operations; operation++) check(await redisOnly.get("hot"));
              },
            },
            {
              name: "raw ioredis GET",
              async run(operations) {
                for (let operation = 0; operation < operations; operation++) {
                  if ((await raw.get("bench:raw:key"))?.length !== text.length) throw new Error("raw GET read the wrong value");
                }
              },
            },
            {
              name: "raw ioredis GET + JSON.parse",
              async run(operations) {
                for (let operation = 0; operation < operations; operation++) check(JSON.parse((await raw.get("bench:raw:key")) ?? "null"));
              },
            },
          ],
        },
        server.node.pid,
      );

      let round = 0;
      const keysOfRound = () => {
        round += 1;
        return Array.from({ length: BATCH }, (_, index) => `batch:${round}:${index}`);
      };
      const load = async (key: string) => ({ ...VALUE, key });
      const loadMany = async (keys: string[]) => keys.map((key) => ({ ...VALUE, key }));
      const batchKeys = Array.from({ length: BATCH }, (_, index) => `stored:${index}`);
      await redisOnly.setMany(batchKeys.map((key) => [key, VALUE] as const));
      const many = await compareWithCpu(
        {
          title: `getOrSetMany of ${BATCH} keys vs ${BATCH} getOrSet (l1: false; one operation = ${BATCH} keys)`,
          baseline: `${BATCH} getOrSet, one at a time (misses)`,
          operations: 50,
          variants: [
            {
              name: `getOrSetMany (${BATCH} misses: read, one loader call, write)`,
              async run(operations) {
                for (let operation = 0; operation < operations; operation++) check((await redisOnly.getOrSetMany(keysOfRound(), loadMany))[BATCH - 1]);
              },
            },
            {
              name: `${BATCH} getOrSet, one at a time (misses)`,
              async run(operations) {
                for (let operation = 0; operation < operations; operation++) {
                  for (const key of keysOfRound()) check(await redisOnly.getOrSet(key, load));
                }
              },
            },
            {
              name: `${BATCH} getOrSet in flight together (misses)`,
              async run(operations) {
                for (let operation = 0; operation < operations; operation++) {
                  check((await Promise.all(keysOfRound().map((key) => redisOnly.getOrSet(key, load))))[BATCH - 1]);
                }
              },
            },
            {
              name: `getOrSetMany (${BATCH} hits in Redis)`,
              async run(operations) {
                for (let operation = 0; operation < operations; operation++) check((await redisOnly.getOrSetMany(batchKeys, loadMany))[BATCH - 1]);
              },
            },
            {
              name: `${BATCH} getOrSet, one at a time (hits in Redis)`,
              async run(operations) {
                for (let operation = 0; operation < operations; operation++) {
                  for (const key of batchKeys) check(await redisOnly.getOrSet(key, load));
                }
              },
            },
          ],
        },
        server.node.pid,
      );

      const hit = await compare({
        title: "vs bentocache 1.6: L1+L2 hit, one at a time",
        baseline: "bentocache get (L1 serialized, its default)",
        operations: 20_000,
        variants: [
          {
            name: "createCache get",
            async run(operations) {
              for (let operation = 0; operation < operations; operation++) check(await tiered.get("hot"));
            },
          },
          {
            name: "createCache getOrSet",
            async run(operations) {
              for (let operation = 0; operation < operations; operation++) check(await tiered.getOrSet("hot", load));
            },
          },
          {
            name: "bentocache get (L1 serialized, its default)",
            async run(operations) {
              for (let operation = 0; operation < operations; operation++) check(await bento.get({ key: "hot" }));
            },
          },
          {
            name: "bentocache get (L1 serialize: false)",
            async run(operations) {
              for (let operation = 0; operation < operations; operation++) check(await bentoReferences.get({ key: "hot" }));
            },
          },
          {
            name: "bentocache getOrSet (L1 serialize: false)",
            async run(operations) {
              for (let operation = 0; operation < operations; operation++) check(await bentoReferences.getOrSet({ key: "hot", factory: () => load("hot") }));
            },
          },
        ],
      });

      let missKey = 0;
      const nextMissKey = () => {
        missKey += 1;
        return `miss:${missKey}`;
      };
      const miss = await compareWithCpu(
        {
          title: "vs bentocache 1.6: getOrSet of a missing key (L1 and L2 miss, loader, L2 write, bus message), one at a time",
          baseline: "bentocache getOrSet (L1 serialize: false)",
          operations: 3_000,
          variants: [
            {
              name: "createCache getOrSet",
              async run(operations) {
                for (let operation = 0; operation < operations; operation++) check(await tiered.getOrSet(nextMissKey(), load));
              },
            },
            {
              name: "createCache getOrSet (distributed stampede protection)",
              async run(operations) {
                for (let operation = 0; operation < operations; operation++) check(await distributed.getOrSet(nextMissKey(), load));
              },
            },
            {
              name: "bentocache getOrSet (L1 serialize: false)",
              async run(operations) {
                for (let operation = 0; operation < operations; operation++) {
                  check(await bentoReferences.getOrSet({ key: nextMissKey(), factory: () => load("k"), ttl: "1h" }));
                }
              },
            },
            {
              name: "bentocache getOrSet (L1 serialized, its default)",
              async run(operations) {
                for (let operation = 0; operation < operations; operation++) {
                  check(await bento.getOrSet({ key: nextMissKey(), factory: () => load("k"), ttl: "1h" }));
                }
              },
            },
          ],
        },
        server.node.pid,
      );
      return [l1, l2, many, hit, miss];
    } finally {
      await tiered.close();
      await redisOnly.close();
      await distributed.close();
      // bento.disconnect() leaves the bus of a store taken with use() connected (and reconnecting forever).
      await bento.use("references").disconnect();
      await bento.disconnect();
      raw.disconnect();
      ours.disconnect();
      bentoClient.disconnect();
      bentoRawClient.disconnect();
      await server.stop();
    }
  },
};
