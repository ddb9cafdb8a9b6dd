import { isCluster, type RedisClient } from "../client/redis-client.js";
import { throwIfCancelled } from "../errors/errors.js";
import { formatScanCursor, parseScanCursor } from "./scan-cursor.js";
import { mastersInOrder, planScan, scanNodeOnce } from "./scan-node.js";
import { assertPositiveInteger, type ScanOptions, validateScanOptions } from "./scan-options.js";

/** Options for {@link scanPage}. */
export interface ScanPageOptions extends ScanOptions {
  /** The previous page's `nextCursor`; omit (or `"0"`) to start. */
  cursor?: string;
  /** Keys to collect before the page ends (default 100). SCAN replies are never split, so a page can exceed it by part of one reply. */
  limit?: number;
}

/** One page of a keyspace walk. */
export interface ScanPage {
  /** Key names without the client's keyPrefix, decoded as UTF-8. */
  keys: string[];
  /** Pass to the next {@link scanPage} call; `undefined` when the whole keyspace has been walked. */
  nextCursor: string | undefined;
}

/**
 * One resumable page of key names for tools and UIs: SCAN calls on the current master until
 * `limit` keys are collected or the walk ends, then the next master of a cluster. The cursor is
 * an opaque string: on standalone the Redis cursor, on a cluster `"<master>/<masters>:<cursor>"`
 * with masters sorted by address; it stays valid only while the cluster keeps the same masters.
 * Guarantees are SCAN's: keys present throughout appear at least once, possibly twice. A page may
 * hold fewer than `limit` keys (even none) before the end. `count` defaults to `limit` (at most 1000).
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for bad options, a malformed cursor or one made
 *   for another topology, before anything is sent; RedisMcpError (`E_REDIS_UNAVAILABLE`, ...) when Redis fails.
 * @example
 * let cursor: string | undefined;
 * do {
 *   const page = await scanPage(redis, { match: "user:*", cursor, limit: 200 });
 *   show(page.keys);
 *   cursor = page.nextCursor;
 * } while (cursor);
 */
export async function scanPage(client: RedisClient, options: ScanPageOptions = {}): Promise<ScanPage> {
  const { limit = 100 } = options;
  assertPositiveInteger("scanPage", "limit", limit);
  // COUNT follows the page size, capped so one SCAN call stays short on a big keyspace.
  const plan = planScan(client, validateScanOptions("scanPage", options, Math.min(limit, 1000)));
  const cluster = isCluster(client);
  const masters = mastersInOrder(client, "scanPage");
  let { masterIndex, nodeCursor } = parseScanCursor(options.cursor, masters.length, cluster);
  const keys: string[] = [];
  while (keys.length < limit) {
    const node = masters[masterIndex];
    if (!node) return { keys, nextCursor: undefined };
    throwIfCancelled(options.signal, "scanPage");
    const step = await scanNodeOnce(node, nodeCursor, plan, "scanPage");
    for (const key of step.keys) keys.push(key.toString("utf8"));
    nodeCursor = step.cursor;
    if (nodeCursor === "0") masterIndex++;
  }
  // Ended on the last master's final reply: say "done" now rather than after an empty page.
  if (masterIndex >= masters.length) return { keys, nextCursor: undefined };
  return { keys, nextCursor: formatScanCursor({ masterIndex, nodeCursor }, masters.length, cluster) };
}
