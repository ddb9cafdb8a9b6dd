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

/** Safety margin between a server-side block and the client's command timeout. */
const BLOCKING_MARGIN_MS = 250;

/**
 * The longest a single blocking command (BLPOP, XREADGROUP BLOCK, ...) may block on this client
 * without ioredis' `commandTimeout` (which also applies to blocking commands) cutting it off.
 * Blocking helpers loop in windows of this size to honour longer waits. Infinity when the client
 * has no command timeout.
 */
export function blockingWindowMs(client: RedisClient): number {
  const options = client.options as { commandTimeout?: number; redisOptions?: { commandTimeout?: number } };
  const timeout = options.commandTimeout ?? options.redisOptions?.commandTimeout;
  if (typeof timeout !== "number" || timeout <= 0) return Number.POSITIVE_INFINITY;
  return Math.max(1, timeout - BLOCKING_MARGIN_MS);
}
