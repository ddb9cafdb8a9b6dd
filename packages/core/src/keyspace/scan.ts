import type { RedisClient } from "../client/redis-client.js";
import { throwIfCancelled } from "../errors/errors.js";
import { mastersInOrder, planScan, scanNodeOnce } from "./scan-node.js";
import { type ScanOptions, validateScanOptions } from "./scan-options.js";

/**
 * Every SCAN reply over every master in turn, key names as bytes without the client's keyPrefix.
 * Shared by {@link scan} and `deleteByPattern`, which needs the exact bytes of every name.
 */
export async function* scanKeyBatches(client: RedisClient, options: ScanOptions, operation: string): AsyncGenerator<Buffer[]> {
  const plan = planScan(client, validateScanOptions(operation, options));
  for (const node of mastersInOrder(client, operation)) {
    let cursor = "0";
    do {
      throwIfCancelled(options.signal, operation);
      const step = await scanNodeOnce(node, cursor, plan, operation);
      cursor = step.cursor;
      if (step.keys.length > 0) yield step.keys;
    } while (cursor !== "0");
  }
}

/**
 * Iterates over the names of the keys matching `match` (and `type`), on a standalone server or on
 * every master of a cluster, with SCAN: never KEYS, never blocking the server. With a client
 * keyPrefix, only keys under the prefix are walked and names are yielded without it. As with SCAN,
 * a key present for the whole walk is yielded at least once, but may be yielded twice (rehashing),
 * and keys added or removed during the walk may or may not appear. Names are decoded as UTF-8 (a
 * name that is not UTF-8 gets U+FFFD in place of its bad bytes; `deleteByPattern` still deletes it).
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) at the call for bad options, before anything is sent;
 *   RedisMcpError (`E_REDIS_UNAVAILABLE`, `E_TIMEOUT`, ...) from the iteration when Redis fails.
 * @example for await (const key of scan(redis, { match: "session:*", type: "hash" })) console.log(key);
 */
export function scan(client: RedisClient, options: ScanOptions = {}): AsyncGenerator<string, void, undefined> {
  // Validate now, so bad options throw at the call rather than at the first `next()`.
  validateScanOptions("scan", options);
  return scanKeyNames(client, options);
}

async function* scanKeyNames(client: RedisClient, options: ScanOptions): AsyncGenerator<string, void, undefined> {
  for await (const keys of scanKeyBatches(client, options, "scan")) {
    for (const key of keys) yield key.toString("utf8");
  }
}
