import { multiGet, multiSet, slotOf } from "@redis-mcp/core";
import { startRedisCluster } from "@redis-mcp/test-redis";
import { Cluster, type Redis } from "ioredis";
import { compare } from "../harness.js";
import type { Suite } from "../suite.js";

const KEYS = 1_000;
/**
 * Operations per timed run of every variant but the awaited loops: 20 (the loops' count, about a
 * second of awaited GETs) would time multiGet over some 40 ms, too short to leave warm-up and one
 * GC pause out of the median.
 */
const STEADY_OPERATIONS = 200;

const addressOf = (node: Redis) => `${node.options.host}:${node.options.port}`;

/**
 * What core's multiGet did before it asked masters directly: one cluster-client pipeline per
 * master with one MGET per slot (ioredis routes and checks every command of a cluster pipeline).
 */
async function clusterPipelinePerMaster(client: Cluster, keys: readonly string[]): Promise<(string | null)[]> {
  const bySlot = new Map<number, number[]>();
  keys.forEach((key, index) => {
    const slot = slotOf(key);
    const group = bySlot.get(slot);
    if (group) group.push(index);
    else bySlot.set(slot, [index]);
  });
  const byNode = new Map<string, number[][]>();
  for (const [slot, indices] of bySlot) {
    const node = client.slots[slot]?.[0] ?? "";
    byNode.set(node, [...(byNode.get(node) ?? []), indices]);
  }
  const values: (string | null)[] = new Array(keys.length).fill(null);
  await Promise.all(
    [...byNode.values()].map(async (groups) => {
      const pipeline = client.pipeline();
      for (const indices of groups) pipeline.mget(...indices.map((index) => keys[index] as string));
      const replies = (await pipeline.exec()) ?? [];
      replies.forEach(([, reply], position) => {
        (reply as (string | null)[]).forEach((value, offset) => {
          values[groups[position]?.[offset] as number] = value;
        });
      });
    }),
  );
  return values;
}

/**
 * Core's path on Redis 6.2 (no script flags), re-created here to measure it: per master, one
 * pipeline of per-slot MGETs on that master's own connection. No MOVED/ASK or key-prefix handling.
 */
async function perSlotOnMasters(client: Cluster, keys: readonly string[]): Promise<(string | null)[]> {
  const masters = new Map(client.nodes("master").map((node) => [addressOf(node), node]));
  const groups = new Map<Redis, Map<number, number[]>>();
  keys.forEach((key, index) => {
    const slot = slotOf(key);
    const node = masters.get(client.slots[slot]?.[0] ?? "");
    if (!node) throw new Error(`no master known for ${key}`);
    const slots = groups.get(node) ?? new Map<number, number[]>();
    groups.set(node, slots);
    slots.set(slot, [...(slots.get(slot) ?? []), index]);
  });
  const values: (string | null)[] = new Array(keys.length).fill(null);
  await Promise.all(
    [...groups].map(async ([node, slots]) => {
      const pipeline = node.pipeline();
      const order = [...slots.values()];
      for (const indices of order) pipeline.mget(...indices.map((index) => keys[index] as string));
      const replies = (await pipeline.exec()) ?? [];
      replies.forEach(([, reply], position) => {
        (reply as (string | null)[]).forEach((value, offset) => {
          values[order[position]?.[offset] as number] = value;
        });
      });
    }),
  );
  return values;
}

/**
 * Reading (and writing) 1,000 keys spread over a 3-master cluster: core's multiGet (one round trip
 * per master, in parallel: a cross-slot read script on Redis 7+) against one awaited GET per key,
 * the naive loop it replaces, and against the ways it did or does it otherwise. One operation is
 * one read of all 1,000 keys. The same keys, values and Cluster client for every variant.
 */
export const suite: Suite = {
  name: "multi-get",
  description: `multiGet and multiSet of ${KEYS.toLocaleString("en-US")} keys on a 3-master cluster vs one awaited GET/SET per key`,
  async run() {
    const cluster = await startRedisCluster();
    const client = new Cluster(cluster.startupNodes);
    const keys = Array.from({ length: KEYS }, (_, index) => `bench:multi-get:${index}`);
    try {
      await multiSet(
        client,
        keys.map((key) => [key, `value-of-${key}-${"x".repeat(64)}`] as const),
      );
      const expected = `value-of-${keys[KEYS - 1]}-${"x".repeat(64)}`;
      const check = (values: (string | null)[]) => {
        // A variant that read nothing would look fast: every run checks what it read.
        if (values.length !== KEYS || values[KEYS - 1] !== expected) throw new Error("read the wrong values");
      };
      const result = await compare({
        title: `GET ${KEYS.toLocaleString("en-US")} keys across 3 cluster masters (reads of all keys per second)`,
        baseline: "one awaited GET per key",
        operations: 20,
        variants: [
          {
            name: "multiGet",
            operations: STEADY_OPERATIONS,
            async run(operations) {
              for (let operation = 0; operation < operations; operation++) check(await multiGet(client, keys));
            },
          },
          {
            name: "one awaited GET per key",
            async run(operations) {
              for (let operation = 0; operation < operations; operation++) {
                const values: (string | null)[] = [];
                for (const key of keys) values.push(await client.get(key));
                check(values);
              }
            },
          },
          {
            name: "before: a cluster pipeline per master, MGET per slot",
            operations: STEADY_OPERATIONS,
            async run(operations) {
              for (let operation = 0; operation < operations; operation++) check(await clusterPipelinePerMaster(client, keys));
            },
          },
          {
            name: "core's Redis 6.2 path: per-slot MGETs pipelined on each master's connection",
            operations: STEADY_OPERATIONS,
            async run(operations) {
              for (let operation = 0; operation < operations; operation++) check(await perSlotOnMasters(client, keys));
            },
          },
          {
            name: `${KEYS.toLocaleString("en-US")} GETs in flight (Promise.all)`,
            operations: STEADY_OPERATIONS,
            async run(operations) {
              for (let operation = 0; operation < operations; operation++) check(await Promise.all(keys.map((key) => client.get(key))));
            },
          },
        ],
      });
      const entries = keys.map((key) => [key, `value-of-${key}-${"x".repeat(64)}`] as const);
      const written = await compare({
        title: `SET ${KEYS.toLocaleString("en-US")} keys across 3 cluster masters (writes of all keys per second)`,
        baseline: "one awaited SET per key",
        operations: 20,
        variants: [
          {
            name: "multiSet",
            operations: STEADY_OPERATIONS,
            async run(operations) {
              for (let operation = 0; operation < operations; operation++) await multiSet(client, entries);
            },
          },
          {
            name: "one awaited SET per key",
            async run(operations) {
              for (let operation = 0; operation < operations; operation++) for (const [key, value] of entries) await client.set(key, value);
            },
          },
          {
            name: `${KEYS.toLocaleString("en-US")} SETs in flight (Promise.all)`,
            operations: STEADY_OPERATIONS,
            async run(operations) {
              for (let operation = 0; operation < operations; operation++) await Promise.all(entries.map(([key, value]) => client.set(key, value)));
            },
          },
        ],
      });
      return [result, written];
    } finally {
      client.disconnect();
      await cluster.stop();
    }
  },
};
