import { multiGet, multiSet, nodeAddress, slotOf } from "@redis-mcp/core";
import { startRedisCluster } from "@redis-mcp/test-redis";
import { Cluster, type Redis } from "ioredis";
import { compare } from "../harness.js";
import type { Suite } from "../suite.js";

const KEYS = 1_000;

/** Redis 7 read-only script allowed to read keys of several slots of the node it runs on. */
const READ_NODE_KEYS =
  "#!lua flags=no-writes,allow-cross-slot-keys\nlocal values = {}\nfor index, key in ipairs(ARGV) do values[index] = redis.call('GET', key) end\nreturn values";

/**
 * Prototypes for cluster/multi-key.ts (not in core): group key positions by the master serving
 * their slot, then read each group with `read` on that master's own connection. No MOVED/ASK
 * handling, no key prefix: enough to measure, not to ship.
 */
async function perNode(
  client: Cluster,
  keys: readonly string[],
  read: (node: Redis, keys: string[]) => Promise<(string | null)[]>,
): Promise<(string | null)[]> {
  const masters = new Map(client.nodes("master").map((node) => [nodeAddress(node), node]));
  const groups = new Map<Redis, number[]>();
  keys.forEach((key, index) => {
    const node = masters.get(client.slots[slotOf(key)]?.[0] ?? "");
    if (!node) throw new Error(`no master known for ${key}`);
    const group = groups.get(node);
    if (group) group.push(index);
    else groups.set(node, [index]);
  });
  const values: (string | null)[] = new Array(keys.length).fill(null);
  await Promise.all(
    [...groups].map(async ([node, indices]) => {
      const groupValues = await read(
        node,
        indices.map((index) => keys[index] as string),
      );
      groupValues.forEach((value, position) => {
        values[indices[position] as number] = value;
      });
    }),
  );
  return values;
}

/**
 * Reading 1,000 keys spread over a 3-master cluster: core's multiGet (grouped by slot, one pipeline
 * per node, nodes in parallel) against one awaited GET per key, the naive loop it replaces. One
 * operation is one read of all 1,000 keys. The same keys, values and Cluster client for every variant.
 */
export const suite: Suite = {
  name: "multi-get",
  description: `multiGet of ${KEYS.toLocaleString("en-US")} keys on a 3-master cluster vs one awaited GET per key`,
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
            name: "prototype: GETs pipelined per master connection",
            async run(operations) {
              for (let operation = 0; operation < operations; operation++) {
                check(
                  await perNode(client, keys, async (node, nodeKeys) => {
                    const pipeline = node.pipeline();
                    for (const key of nodeKeys) pipeline.get(key);
                    return ((await pipeline.exec()) ?? []).map(([, value]) => value as string | null);
                  }),
                );
              }
            },
          },
          {
            name: "prototype: one cross-slot read script per master (Redis 7)",
            async run(operations) {
              for (let operation = 0; operation < operations; operation++) {
                check(await perNode(client, keys, async (node, nodeKeys) => (await node.eval(READ_NODE_KEYS, 0, ...nodeKeys)) as (string | null)[]));
              }
            },
          },
          {
            name: `${KEYS.toLocaleString("en-US")} GETs in flight (Promise.all)`,
            async run(operations) {
              for (let operation = 0; operation < operations; operation++) check(await Promise.all(keys.map((key) => client.get(key))));
            },
          },
        ],
      });
      return [result];
    } finally {
      client.disconnect();
      await cluster.stop();
    }
  },
};
