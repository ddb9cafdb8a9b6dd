import { nodeAddress, type RedisClient } from "../client/redis-client.js";
import { throwIfCancelled } from "../errors/errors.js";
import { withRedisErrors } from "../errors/map-redis-error.js";
import { mastersInOrder, planScan, scanNodeOnce } from "./scan-node.js";
import { type ScanOptions, validateScanOptions } from "./scan-options.js";

/** How far a keyspace walk has got. */
export interface ScanProgress {
  /** Keys examined so far (estimated: SCAN examines about COUNT keys per call, before MATCH and TYPE filter them). */
  examined: number;
  /** Keys in the client's database on every master (DBSIZE when the walk started). */
  total: number;
  /** Keys that matched so far. */
  matched: number;
}

/** One SCAN reply of {@link scanWithProgress}. */
export interface ScanProgressStep {
  /** `host:port` of the master that answered. */
  node: string;
  /** Matching key names in this reply (often none), without the client's keyPrefix, decoded as UTF-8. */
  keys: string[];
  progress: ScanProgress;
}

/**
 * Walks the keyspace like {@link scan}, but yields after every SCAN call (also the empty ones) with
 * the walk's progress, for progress bars over big keyspaces: DBSIZE of every master first (one
 * round trip per node, in parallel), then SCAN on each master in turn. `examined` is an estimate
 * (COUNT per call, exact once a node is done) and never exceeds `total`.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) at the first `next()` for bad options, before anything is sent;
 *   RedisMcpError (`E_REDIS_UNAVAILABLE`, `E_TIMEOUT`, `E_CANCELLED`, ...) when Redis fails or `signal` aborts.
 * @example
 * for await (const step of scanWithProgress(redis, { match: "cache:*", count: 1000 })) {
 *   bar.update(step.progress.examined / step.progress.total);
 * }
 */
export async function* scanWithProgress(client: RedisClient, options: ScanOptions = {}): AsyncGenerator<ScanProgressStep, void, undefined> {
  const operation = "scanWithProgress";
  const plan = planScan(client, validateScanOptions(operation, options));
  const masters = mastersInOrder(client, operation);
  const sizes = await Promise.all(masters.map((node) => withRedisErrors(`${operation}: DBSIZE on ${nodeAddress(node)}`, () => node.dbsize())));
  const progress: ScanProgress = { examined: 0, total: sizes.reduce((sum, size) => sum + size, 0), matched: 0 };
  let examinedBefore = 0;
  for (const [index, node] of masters.entries()) {
    const size = sizes[index] ?? 0;
    let examinedHere = 0;
    let cursor = "0";
    do {
      throwIfCancelled(options.signal, operation);
      const step = await scanNodeOnce(node, cursor, plan, operation);
      cursor = step.cursor;
      examinedHere = cursor === "0" ? size : Math.min(size, examinedHere + plan.count);
      progress.examined = examinedBefore + examinedHere;
      progress.matched += step.keys.length;
      yield { node: nodeAddress(node), keys: step.keys.map((key) => key.toString("utf8")), progress: { ...progress } };
    } while (cursor !== "0");
    examinedBefore += size;
  }
}
