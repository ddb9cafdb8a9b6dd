import type { Cluster, Redis } from "ioredis";

/** An ioredis connection: a standalone/Sentinel `Redis` or a `Cluster`. Every core helper takes one. */
export type RedisClient = Redis | Cluster;

/** True when the client is an ioredis `Cluster` (works for ioredis 5 and 6 instances). */
export function isCluster(client: RedisClient): client is Cluster {
  return (client as { isCluster?: boolean }).isCluster === true;
}

/**
 * The connections that own data: every master of a cluster, or the client itself. Cluster
 * connections exist only once the cluster client is ready; call after `createRedis` resolved.
 */
export function masterNodes(client: RedisClient): Redis[] {
  return isCluster(client) ? client.nodes("master") : [client];
}

/**
 * The ioredis `keyPrefix` of a client ("" when none). ioredis prepends it to key arguments but not
 * to SCAN patterns, and SCAN returns keys with it, so keyspace helpers handle it explicitly.
 */
export function keyPrefixOf(client: RedisClient): string {
  const options = client.options as { keyPrefix?: string; redisOptions?: { keyPrefix?: string } };
  return options.keyPrefix ?? options.redisOptions?.keyPrefix ?? "";
}

/** `host:port` of a node connection, as cluster replies and findings name it. */
export function nodeAddress(node: Redis): string {
  const options = node.options as { host?: string; port?: number; path?: string };
  return options.path ?? `${options.host ?? "127.0.0.1"}:${options.port ?? 6379}`;
}
