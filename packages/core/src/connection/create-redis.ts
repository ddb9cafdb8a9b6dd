import { Cluster, Redis } from "ioredis";
import type { RedisClient } from "../client/redis-client.js";
import type { RedisConfigInput } from "../config/input-schema.js";
import { resolveRedisConfig } from "../config/load-config.js";
import { describeTarget, type RedisConfig } from "../config/redis-config.js";
import { RedisTimeoutError, RedisUnavailableError } from "../errors/errors.js";
import { toRedisMcpError } from "../errors/map-redis-error.js";
import { RedisMcpError } from "../errors/redis-mcp-error.js";
import { coalesceWrites } from "./coalesce-writes.js";
import { limitCommands } from "./command-limits.js";
import { deliverRepliesDirectly } from "./deliver-replies-directly.js";
import { clusterOptions, redisOptions } from "./ioredis-options.js";
import { adoptRedis, type IoredisLike, isIoredisLike, markOwned } from "./ownership.js";

/** Anything {@link createRedis} accepts: a config, a URL, settings in code, or a client. */
export type RedisInput = RedisConfig | RedisConfigInput | string | RedisClient | IoredisLike;

/** Options for {@link createRedis}. */
export interface CreateRedisOptions {
  /**
   * Resolve only once Redis is ready, failing with E_REDIS_UNAVAILABLE (or E_AUTH, E_TIMEOUT)
   * when it cannot be reached within the connect timeout. Default true. With false the client
   * connects in the background; commands fail fast until Redis answers, then work.
   */
  waitUntilReady?: boolean;
  /** Called with every connection error (coded, secret-free); by default they are swallowed. */
  onError?: (error: RedisMcpError) => void;
}

/** Builds the ioredis client for a configuration, without connecting. */
function instantiate(config: RedisConfig): RedisClient {
  if (config.mode === "cluster") {
    const { nodes, options } = clusterOptions(config);
    return new Cluster(nodes, options);
  }
  return new Redis(redisOptions(config));
}

async function connectWithin(client: RedisClient, config: RedisConfig): Promise<void> {
  // Cluster.connect() can wait forever while its retry strategy keeps trying: bound it.
  const deadlineMs = config.connectTimeoutMs + 1_000;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new RedisTimeoutError(
            `Redis at ${describeTarget(config)} was not ready within ${deadlineMs} ms. Check that it runs and is reachable, or raise connectTimeoutMs.`,
          ),
        ),
      deadlineMs,
    );
  });
  try {
    await Promise.race([client.connect(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function connectError(error: unknown, config: RedisConfig): RedisMcpError {
  const target = describeTarget(config);
  const mapped = toRedisMcpError(error, `connect to ${target}`);
  if (mapped.code !== "E_REDIS_UNAVAILABLE" && mapped.code !== "E_REDIS_COMMAND") return mapped;
  // Refused, reset, TLS handshake failures: nothing a retry will fix on its own.
  const reason = error instanceof Error ? error.message : String(error);
  return new RedisUnavailableError(
    `Could not connect to ${target} (${reason}). Check that Redis runs there and is reachable: address, port, TLS settings, firewall.`,
    {
      cause: error,
    },
  );
}

/**
 * Creates an ioredis client (`Redis` for standalone and Sentinel, `Cluster` for cluster) from a
 * configuration, URL or settings, connected and ready. Given an existing ioredis 5 or 6 client,
 * returns it as is: core never closes what it did not create (see {@link closeRedis}).
 * Redis being down gives E_REDIS_UNAVAILABLE or E_TIMEOUT within the configured timeouts, and
 * the client reconnects on its own.
 * @throws ConfigError (`E_CONFIG_INVALID`) for bad settings (nothing is connected);
 *   RedisUnavailableError (`E_REDIS_UNAVAILABLE`), RedisAuthError (`E_AUTH`) or
 *   RedisTimeoutError (`E_TIMEOUT`) when waiting for readiness fails.
 * @example
 * const redis = await createRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
 * await redis.set("greeting", "hello");
 * await closeRedis(redis);
 */
export async function createRedis(input: RedisInput, options: CreateRedisOptions = {}): Promise<RedisClient> {
  if (isIoredisLike(input)) return adoptRedis(input);
  const config = resolveRedisConfig(input as RedisConfig | RedisConfigInput | string);
  const client = instantiate(config);
  markOwned(client);
  limitCommands(client, config);
  coalesceWrites(client);
  deliverRepliesDirectly(client);
  // Without a listener ioredis prints every connection error to the console. The last one is
  // also the real reason a connect fails (TLS, WRONGPASS): connect() itself only says "closed".
  let lastError: unknown;
  client.on("error", (error: unknown) => {
    lastError = error;
    options.onError?.(toRedisMcpError(error, describeTarget(config)));
  });
  if (options.waitUntilReady === false) {
    client.connect().catch(() => {
      // Reported through the error event; the retry strategy keeps reconnecting.
    });
    return client;
  }
  try {
    await connectWithin(client, config);
  } catch (error) {
    client.disconnect();
    throw connectError(RedisMcpError.isInstance(error) ? error : (lastError ?? error), config);
  }
  return client;
}
