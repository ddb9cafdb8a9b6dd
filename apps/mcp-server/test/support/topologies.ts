import { useRedis, useRedisCluster } from "@redis-mcp/test-redis/vitest";
import { Cluster, Redis } from "ioredis";

/** A Redis for the server under test, and a raw client to check what it did. */
export interface ServerTarget {
  name: "standalone" | "cluster";
  /** Environment that points the server at this Redis. */
  environment: Record<string, string>;
  /** A raw client for assertions. */
  raw(): Redis | Cluster;
}

/** Standalone and cluster targets for `describe.each`. */
export const TARGETS: { name: "standalone" | "cluster"; target(): Promise<ServerTarget> }[] = [
  {
    name: "standalone",
    async target() {
      const redis = await useRedis();
      return { name: "standalone", environment: { REDIS_URL: redis.url }, raw: () => new Redis(redis.port) };
    },
  },
  {
    name: "cluster",
    async target() {
      const cluster = await useRedisCluster();
      return {
        name: "cluster",
        environment: { REDIS_CLUSTER_NODES: cluster.startupNodes.map((node) => `${node.host}:${node.port}`).join(",") },
        raw: () => new Cluster(cluster.startupNodes),
      };
    },
  },
];

/** Every key name matching a glob on every master, via SCAN (sorted), for assertions. */
export { allKeys } from "@redis-mcp/test-redis/topologies";
