import { useRedis, useRedisCluster } from "@redis-mcp/test-redis/vitest";
import { Cluster, Redis } from "ioredis";
import type { RedisClient } from "../src/client/redis-client.js";

/** A topology every Redis-touching helper is tested on. */
export interface Topology {
  name: "standalone" | "cluster";
  /** A ready client on this worker's shared server (flushed before each test). */
  connect(): Promise<RedisClient>;
}

/** Standalone and 3-master cluster: `describe.each(topologies)("$name", ...)`. */
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
