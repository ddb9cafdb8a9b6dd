import { Cluster, Redis } from "ioredis";
// The vitest helpers (useRedis) share this worker's servers: import from a vitest test file only.
import { useRedis, useRedisCluster } from "./vitest.js";

/** Where a child process connects: a standalone port or a cluster's startup nodes. */
export type ServerAddress = { port: number } | { startupNodes: { host: string; port: number }[] };

/** A topology every Redis-touching feature is tested on. */
export interface Topology {
  name: "standalone" | "cluster";
  /** A ready client on this worker's shared server (flushed before each test). */
  connect(): Promise<Redis | Cluster>;
  /** How a child process reaches the same server. */
  address(): Promise<ServerAddress>;
}

/** Standalone and a 3-master cluster: `describe.each(topologies)("$name", ...)`. */
export const topologies: Topology[] = [
  {
    name: "standalone",
    async connect() {
      const server = await useRedis();
      const client = new Redis(server.port, { lazyConnect: true });
      await client.connect();
      return client;
    },
    async address() {
      return { port: (await useRedis()).port };
    },
  },
  {
    name: "cluster",
    async connect() {
      const cluster = await useRedisCluster();
      const client = new Cluster(cluster.startupNodes, { lazyConnect: true });
      await client.connect();
      return client;
    },
    async address() {
      return { startupNodes: (await useRedisCluster()).startupNodes };
    },
  },
];

/** Every key name matching `match` on every master, sorted (SCAN, never KEYS): for assertions. */
export async function allKeys(client: Redis | Cluster, match = "*"): Promise<string[]> {
  const nodes = client instanceof Cluster ? client.nodes("master") : [client];
  const keys: string[] = [];
  for (const node of nodes) {
    let cursor = "0";
    do {
      const [next, batch] = await node.scan(cursor, "MATCH", match, "COUNT", 1000);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== "0");
  }
  return keys.sort();
}
