import type { RedisClient } from "@redis-mcp/core";
import { useRedis, useRedisCluster } from "@redis-mcp/test-redis/vitest";
import { Cluster, Redis } from "ioredis";

/** A topology every Redis-touching feature is tested on. */
export interface Topology {
  name: "standalone" | "cluster";
  /** A ready client on this worker's shared server (flushed before each test). */
  connect(): Promise<RedisClient>;
  /** How a child process reaches the same server: `{ port }` or `{ startupNodes }`. */
  address(): Promise<ServerAddress>;
}

/** Where a child process connects. */
export type ServerAddress = { port: number } | { startupNodes: { host: string; port: number }[] };

/** Standalone and 3-master cluster: `describe.each(topologies)("... on $name", ...)`. */
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
