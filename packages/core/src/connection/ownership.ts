import type { RedisClient } from "../client/redis-client.js";
import { InvalidArgumentError } from "../errors/errors.js";

/**
 * The shape of any ioredis 5 or 6 `Redis`/`Cluster`, so a caller's instance of either major
 * version is accepted (their TypeScript types differ; the runtime API core uses does not).
 */
export interface IoredisLike {
  readonly status: string;
  // biome-ignore lint/suspicious/noExplicitAny: matches every overload of both ioredis majors.
  call(...args: any[]): Promise<unknown>;
  // biome-ignore lint/suspicious/noExplicitAny: see above.
  pipeline(...args: any[]): unknown;
  // biome-ignore lint/suspicious/noExplicitAny: see above.
  defineCommand(...args: any[]): unknown;
  disconnect(reconnect?: boolean): void;
}

const owned = new WeakSet<object>();

/** Marks a client as created by core, so {@link closeRedis} may close it. */
export function markOwned(client: RedisClient): void {
  owned.add(client);
}

/** True when core created the client (and so is responsible for closing it). */
export function isOwned(client: RedisClient): boolean {
  return owned.has(client);
}

/** True for something that looks like an ioredis 5 or 6 client. */
export function isIoredisLike(value: unknown): value is IoredisLike {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.status === "string" &&
    typeof candidate.call === "function" &&
    typeof candidate.pipeline === "function" &&
    typeof candidate.defineCommand === "function"
  );
}

/**
 * Accepts a caller's ioredis 5 or 6 `Redis`/`Cluster` and returns it typed for core's helpers.
 * Core never closes an adopted client: its owner does.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) when the value is not an ioredis client.
 * @example const redis = adoptRedis(myExistingIoredis5Client); await multiGet(redis, keys);
 */
export function adoptRedis(client: RedisClient | IoredisLike): RedisClient {
  if (!isIoredisLike(client)) {
    throw new InvalidArgumentError("Expected an ioredis Redis or Cluster instance (ioredis 5 or 6), a Redis URL, or a configuration object.");
  }
  return client as unknown as RedisClient;
}
