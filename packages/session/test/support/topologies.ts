import { useRedis, useRedisCluster } from "@redis-mcp/test-redis/vitest";
import { Cluster, Redis } from "ioredis";

/** A topology every store feature is tested on. */
export interface Topology {
  name: "standalone" | "cluster";
  /** A ready client on this worker's shared server (flushed before each test). */
  connect(): Promise<Redis | Cluster>;
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
  },
  {
    name: "cluster",
    async connect() {
      const cluster = await useRedisCluster();
      const client = new Cluster(cluster.startupNodes, { lazyConnect: true });
      await client.connect();
      return client;
    },
  },
];

/** Every key on every master (tests only; SCAN, never KEYS). */
export async function allKeys(client: Redis | Cluster): Promise<string[]> {
  const nodes = client instanceof Cluster ? client.nodes("master") : [client];
  const keys: string[] = [];
  for (const node of nodes) {
    let cursor = "0";
    do {
      const [next, batch] = await node.scan(cursor, "COUNT", 1000);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== "0");
  }
  return keys.sort();
}
