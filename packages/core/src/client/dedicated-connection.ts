import { throwIfCancelled } from "../errors/errors.js";
import { toRedisMcpError } from "../errors/map-redis-error.js";
import { isCluster, type RedisClient } from "./redis-client.js";

/**
 * Runs `work` on a short-lived duplicate of `client` (same server, credentials, TLS and key
 * prefix; no reconnecting), closed when `work` settles or `signal` aborts. For blocking commands
 * (BLPOP, XREADGROUP BLOCK) that must not hold up a client other callers share: a blocked
 * connection answers nothing else until the wait ends.
 * @throws OperationCancelledError (`E_CANCELLED`) when `signal` is already aborted; RedisMcpError
 *   (`E_REDIS_UNAVAILABLE`, ...) when the duplicate cannot connect.
 * @example const job = await withDedicatedConnection(redis, (own) => listPop(own, "jobs", { waitMs: 10_000 }), { signal });
 */
export async function withDedicatedConnection<T>(
  client: RedisClient,
  work: (dedicated: RedisClient) => Promise<T>,
  options: { signal?: AbortSignal } = {},
): Promise<T> {
  const { signal } = options;
  throwIfCancelled(signal, "withDedicatedConnection");
  // No retries: if this one connection drops, the call fails instead of waiting on reconnects.
  const dedicated: RedisClient = isCluster(client)
    ? client.duplicate([], { clusterRetryStrategy: () => null, lazyConnect: true })
    : client.duplicate({ retryStrategy: () => null, lazyConnect: true });
  // Failures reach the caller through the command; without a listener ioredis prints them.
  dedicated.on("error", () => undefined);
  const close = () => dedicated.disconnect();
  signal?.addEventListener("abort", close, { once: true });
  try {
    try {
      await dedicated.connect();
    } catch (error) {
      throw toRedisMcpError(error, "withDedicatedConnection: connect");
    }
    return await work(dedicated);
  } finally {
    signal?.removeEventListener("abort", close);
    dedicated.disconnect();
  }
}
