import { type Cache, createCache, type RedisClient, type RedisMcpError } from "@redis-mcp/core";
import { createMetrics, type Metrics } from "@redis-mcp/metrics";
import { createPubSub, type PubSub } from "@redis-mcp/pubsub";
import { createSessionStore, type SessionStore } from "@redis-mcp/session";
import { ToolError } from "../guard/error-result.js";
import type { ApplicationSettings } from "../settings/application-settings.js";

/** Longest a cache call may wait for Redis: the package's 250 ms default is for a hot request path, not for an agent's call. */
const CACHE_REDIS_TIMEOUT_MS = 5_000;
/** The store's default idle TTL when session_create gives none (the package's default, one hour). */
const SESSION_TTL_MS = 3_600_000;

/**
 * The packages' objects over one Redis client, opened on first use and shared by every call on
 * that client: the cache keeps a bus connection (so other instances drop what the tools change
 * from their in-process tier), the session store derives its keys once (PBKDF2), and the metrics
 * the write tools hold make a write one script call. Registries for reading metrics and pub/sub
 * objects are cheap and made per call.
 */
export class ApplicationStores {
  #cache: Cache | undefined;
  #sessions: SessionStore | undefined;
  #metricWriters: Metrics | undefined;

  constructor(
    readonly redis: RedisClient,
    readonly settings: ApplicationSettings,
  ) {}

  /** The application's cache: Redis tier only (nothing kept in this process), with the invalidation bus. */
  cache(): Cache {
    this.#cache ??= createCache(this.redis, {
      namespace: this.settings.cacheNamespace,
      // Every write gives its TTL (cache_set requires one); this is only the package's required default.
      ttlMs: 3_600_000,
      l1: false,
      l2: { timeoutMs: CACHE_REDIS_TIMEOUT_MS },
      bus: true,
    });
    return this.#cache;
  }

  /**
   * The application's session store.
   * @throws ToolError E_CONFIG_INVALID saying how to give the server the secret, when it has none.
   */
  sessions(): SessionStore {
    const secret = this.settings.sessionSecret;
    if (!secret) {
      throw new ToolError(
        "E_CONFIG_INVALID",
        "the session tools need the application's session secret, and this server has none. The operator sets REDIS_MCP_SESSION_SECRET (or --session-secret-file <file>) to the secret the application passes to createSessionStore, and --session-prefix if it uses another prefix than sess:. Never pass the secret as a tool argument.",
      );
    }
    this.#sessions ??= createSessionStore(this.redis, { secret: secret.reveal(), prefix: this.settings.sessionPrefix, ttlMs: SESSION_TTL_MS });
    return this.#sessions;
  }

  /**
   * A metrics registry on the application's prefix for reading: made per call, so summaries and
   * exports list exactly what Redis's registry holds.
   */
  metrics(): Metrics {
    return createMetrics(this.redis, { prefix: this.settings.metricsPrefix });
  }

  /**
   * The registry the write tools write through, kept between calls: the first write of a name reads
   * its registered definition, later writes are one script call each.
   */
  metricWriters(): Metrics {
    this.#metricWriters ??= createMetrics(this.redis, { prefix: this.settings.metricsPrefix });
    return this.#metricWriters;
  }

  /** Drops the metrics held for writing (one was redefined elsewhere): the next write reads the registry again. */
  forgetMetricWriters(): void {
    // Write-through metrics hold no timers or sums: writes in flight settle on their own.
    this.#metricWriters = undefined;
  }

  /** A pub/sub instance; close it after the call (collect opens a subscriber connection). */
  pubsub(onError: (error: RedisMcpError) => void = () => undefined): PubSub {
    // Errors of messages (not envelopes) and of the subscriber connection go to the caller, never to console.error: stdout is MCP's.
    return createPubSub(this.redis, { onError });
  }

  /** Closes what was opened (the cache's bus connection); the Redis client is the caller's. */
  async close(): Promise<void> {
    await this.#cache?.close();
    this.#cache = undefined;
    await this.#metricWriters?.close();
    this.#metricWriters = undefined;
  }
}
