import type { Redis } from "ioredis";
import { isCluster, keyPrefixOf, masterNodes, nodeAddress, type RedisClient } from "../client/redis-client.js";
import { RedisUnavailableError } from "../errors/errors.js";
import { withRedisErrors } from "../errors/map-redis-error.js";
import { escapeGlob } from "./glob-pattern.js";
import type { ValidScanOptions } from "./scan-options.js";

/** One SCAN reply: the node's next cursor ("0" when its walk is over) and the keys, prefix removed. */
export interface ScanStep {
  cursor: string;
  keys: Buffer[];
}

/** How to run SCAN for one client: the MATCH pattern with the prefix in it, and the prefix to strip. */
export interface ScanPlan {
  pattern: string;
  prefix: Buffer;
  type: string | undefined;
  count: number;
}

/**
 * The SCAN plan for a client: ioredis adds its keyPrefix to key arguments but not to MATCH, so
 * the prefix (escaped, it is literal text) goes in front of the pattern here.
 */
export function planScan(client: RedisClient, options: ValidScanOptions): ScanPlan {
  const prefix = keyPrefixOf(client);
  return { pattern: escapeGlob(prefix) + options.match, prefix: Buffer.from(prefix), type: options.type, count: options.count };
}

/**
 * The masters to walk, sorted by address so that every call (and every client of the same
 * cluster) sees the same order: composite cursors index into it.
 * @throws RedisUnavailableError (`E_REDIS_UNAVAILABLE`) for a cluster client with no master connections yet.
 */
export function mastersInOrder(client: RedisClient, operation: string): Redis[] {
  const masters = masterNodes(client);
  if (isCluster(client) && masters.length === 0) {
    throw new RedisUnavailableError(
      `${operation}: the cluster client has no master connections yet (status "${client.status}"). Wait until it is ready (await cluster.connect() or its "ready" event) and retry.`,
    );
  }
  return [...masters].sort((left, right) => nodeAddress(left).localeCompare(nodeAddress(right)));
}

/** Runs one SCAN call on one node; binary-safe (key names come back as bytes). */
export async function scanNodeOnce(node: Redis, cursor: string, plan: ScanPlan, operation: string): Promise<ScanStep> {
  const [nextCursor, keys] = await withRedisErrors(`${operation}: SCAN on ${nodeAddress(node)}`, () =>
    plan.type === undefined
      ? node.scanBuffer(cursor, "MATCH", plan.pattern, "COUNT", plan.count)
      : node.scanBuffer(cursor, "MATCH", plan.pattern, "COUNT", plan.count, "TYPE", plan.type),
  );
  const prefixLength = plan.prefix.length;
  // MATCH already limits replies to the prefix; the check only guards against a server that ignores it.
  const stripped = prefixLength === 0 ? keys : keys.filter((key) => key.subarray(0, prefixLength).equals(plan.prefix)).map((key) => key.subarray(prefixLength));
  return { cursor: nextCursor.toString(), keys: stripped };
}
