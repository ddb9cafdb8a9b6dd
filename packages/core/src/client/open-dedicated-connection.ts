import { markOwned } from "../connection/ownership.js";
import { RedisTimeoutError } from "../errors/errors.js";
import { toRedisMcpError } from "../errors/map-redis-error.js";
import { RedisMcpError } from "../errors/redis-mcp-error.js";
import { isCluster, type RedisClient } from "./redis-client.js";

/** Options for {@link openDedicatedConnection}. */
export interface DedicatedConnectionOptions {
  /**
   * ioredis options that replace the client's own on the duplicate: for a `Cluster`, e.g.
   * `{ shardedSubscribers: true }` (SSUBSCRIBE); for either, e.g. `{ connectionName: "events" }`.
   */
  overrides?: Record<string, unknown>;
  /** Called with every connection error of the duplicate (coded). By default they are dropped: it reconnects on its own. */
  onError?: (error: RedisMcpError) => void;
  /** Longest wait for the first connect (default: the client's connect timeout plus 1 s, 11 s without one). */
  timeoutMs?: number;
}

function connectTimeoutOf(client: RedisClient): number | undefined {
  const options = client.options as { connectTimeout?: number; redisOptions?: { connectTimeout?: number } };
  return options.connectTimeout ?? options.redisOptions?.connectTimeout;
}

/**
 * Opens a long-lived duplicate of `client` (same server or cluster, credentials, TLS, key prefix and
 * reconnect strategy), connected and ready, for work that must own a connection: a subscriber
 * (ioredis resubscribes it after every reconnect) or a consumer that blocks on XREADGROUP in a loop.
 * Unlike `withDedicatedConnection` it keeps reconnecting; the caller closes it with `disconnect()`
 * (or `closeRedis`). The caller's client is never touched.
 * @throws RedisMcpError (`E_REDIS_UNAVAILABLE`, `E_AUTH`, ...) when the first connect fails, or
 *   RedisTimeoutError (`E_TIMEOUT`) when it does not finish within `timeoutMs`; nothing stays open.
 * @example
 * const subscriber = await openDedicatedConnection(redis);
 * await subscriber.subscribe("orders");
 * subscriber.disconnect();
 */
export async function openDedicatedConnection(client: RedisClient, options: DedicatedConnectionOptions = {}): Promise<RedisClient> {
  const overrides = { ...options.overrides, lazyConnect: true };
  const dedicated: RedisClient = isCluster(client) ? client.duplicate([], overrides) : client.duplicate(overrides);
  markOwned(dedicated);
  let lastError: unknown;
  // Without a listener ioredis prints every connection error; the last one explains a failed connect.
  dedicated.on("error", (error: unknown) => {
    lastError = error;
    options.onError?.(toRedisMcpError(error, "dedicated connection"));
  });
  const timeoutMs = options.timeoutMs ?? (connectTimeoutOf(client) ?? 10_000) + 1_000;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new RedisTimeoutError(`openDedicatedConnection: not ready within ${timeoutMs} ms. Check that Redis runs and is reachable.`)),
      timeoutMs,
    );
  });
  try {
    // A cluster's connect() can wait forever while its retry strategy keeps trying: bound it.
    await Promise.race([dedicated.connect(), deadline]);
    return dedicated;
  } catch (error) {
    dedicated.disconnect();
    throw toRedisMcpError(RedisMcpError.isInstance(error) ? error : (lastError ?? error), "openDedicatedConnection");
  } finally {
    clearTimeout(timer);
  }
}
