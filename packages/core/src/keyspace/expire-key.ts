import { execBatch } from "../client/exec-batch.js";
import type { RedisClient } from "../client/redis-client.js";
import { InvalidArgumentError } from "../errors/errors.js";

/** What {@link expireKey} does: set a TTL, or remove it. */
export type ExpireKeyOptions = { ttlMs: number; persist?: never } | { persist: true; ttlMs?: never };

/** What {@link expireKey} did. */
export interface ExpireKeyResult {
  /** False when the key does not exist (or, for persist, had no TTL). */
  applied: boolean;
  /** The TTL now, in ms: -1 without one, -2 when the key does not exist. */
  ttlMs: number;
}

/**
 * Sets a key's time to live (PEXPIRE) or removes it (PERSIST), and reads the resulting TTL, in one
 * round trip (MULTI).
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) unless exactly one of a positive integer
 *   `ttlMs` or `persist: true` is given; RedisMcpError when Redis fails.
 * @example await expireKey(redis, "session:1", { ttlMs: 60_000 }); // { applied: true, ttlMs: 60000 }
 */
export async function expireKey(client: RedisClient, key: string, options: ExpireKeyOptions): Promise<ExpireKeyResult> {
  const { ttlMs, persist } = options as { ttlMs?: number; persist?: boolean };
  if (typeof key !== "string" || key === "") throw new InvalidArgumentError("expireKey: key must be a non-empty string.");
  if ((ttlMs === undefined) === (persist !== true) || (ttlMs !== undefined && (!Number.isSafeInteger(ttlMs) || ttlMs < 1))) {
    throw new InvalidArgumentError("expireKey: give either ttlMs (a positive whole number of milliseconds) or persist: true.");
  }
  const transaction = client.multi();
  if (ttlMs !== undefined) transaction.pexpire(key, ttlMs);
  else transaction.persist(key);
  const [applied, ttl] = await execBatch(transaction.pttl(key), `expireKey ${key}`);
  return { applied: Number(applied) === 1, ttlMs: Number(ttl) };
}
