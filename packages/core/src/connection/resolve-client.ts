import type { RedisClient } from "../client/redis-client.js";
import { closeRedis } from "./close-redis.js";
import { type CreateRedisOptions, createRedis, type RedisInput } from "./create-redis.js";
import { isIoredisLike } from "./ownership.js";

/** A client for a package to use, and how to let go of it. */
export interface ResolvedClient {
  client: RedisClient;
  /** True when it was created here (from a config or URL). */
  owned: boolean;
  /** Closes the client if it was created here; leaves a caller's client open. */
  release(): Promise<void>;
}

/**
 * For packages built on core (session, metrics, pubsub): use the caller's client as is, or
 * create one from a config or URL; `release()` closes only what was created here.
 * @example
 * const { client, release } = await resolveClient(options.redis);
 * try { ... } finally { await release(); }
 */
export async function resolveClient(input: RedisInput, options?: CreateRedisOptions): Promise<ResolvedClient> {
  // Owned means "created by this call": a client passed in, even one core created elsewhere,
  // belongs to whoever passed it.
  const owned = !isIoredisLike(input);
  const client = await createRedis(input, options);
  return {
    client,
    owned,
    release: async () => {
      if (owned) await closeRedis(client);
    },
  };
}
