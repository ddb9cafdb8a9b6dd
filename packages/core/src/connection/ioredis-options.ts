import type { ClusterOptions, RedisOptions } from "ioredis";
import type { RedisConfig, RetryConfig, TlsConfig } from "../config/redis-config.js";

/** ioredis TLS options from our TLS settings. */
export function tlsOptions(tls: TlsConfig | undefined): RedisOptions["tls"] {
  if (!tls) return undefined;
  return {
    ca: tls.ca,
    cert: tls.cert,
    key: tls.key?.reveal(),
    servername: tls.servername,
    rejectUnauthorized: tls.rejectUnauthorized,
  };
}

/** Exponential backoff with jitter, capped; `null` stops reconnecting after maxReconnectAttempts. */
export function retryDelay(retry: RetryConfig): (attempt: number) => number | null {
  return (attempt) => {
    if (retry.maxReconnectAttempts !== undefined && attempt > retry.maxReconnectAttempts) return null;
    const base = Math.min(retry.initialDelayMs * 2 ** Math.max(0, attempt - 1), retry.maxDelayMs);
    // Jitter keeps many clients from reconnecting in lockstep after an outage.
    return Math.round(base + Math.random() * base * 0.2);
  };
}

function connectionOptions(config: RedisConfig): RedisOptions {
  return {
    username: config.username,
    password: config.password?.reveal(),
    tls: tlsOptions(config.tls),
    connectTimeout: config.connectTimeoutMs,
    commandTimeout: config.commandTimeoutMs,
    connectionName: config.clientName,
    keepAlive: config.keepAliveMs,
    maxRetriesPerRequest: config.retry.maxRetriesPerRequest,
    retryStrategy: retryDelay(config.retry),
    // After a failover the old master answers READONLY: reconnect (to the new master) and resend.
    reconnectOnError: config.retry.reconnectOnReadonly ? (error) => (error.message.startsWith("READONLY") ? 2 : false) : undefined,
    enableOfflineQueue: config.offlineQueue.enabled,
    lazyConnect: true,
    // A socket that already failed never emits "close" again, and ioredis then keeps the process
    // alive for disconnectTimeout (2 s by default) after disconnect(): keep that short.
    disconnectTimeout: 500,
  };
}

/** Options for a standalone or Sentinel `new Redis(...)`. */
export function redisOptions(config: RedisConfig): RedisOptions {
  const options: RedisOptions = { ...connectionOptions(config), db: config.db, keyPrefix: config.keyPrefix };
  if (config.mode === "sentinel" && config.sentinel) {
    const sentinel = config.sentinel;
    return {
      ...options,
      sentinels: sentinel.sentinels,
      name: sentinel.name,
      role: sentinel.role,
      sentinelUsername: sentinel.username,
      sentinelPassword: sentinel.password?.reveal(),
      enableTLSForSentinelMode: sentinel.tls,
      sentinelTLS: sentinel.tls ? tlsOptions(config.tls) : undefined,
      sentinelRetryStrategy: retryDelay(config.retry),
      // Subscribe to +switch-master so a failover is noticed at once, not on the next error.
      failoverDetector: true,
    };
  }
  if (config.path) return { ...options, path: config.path };
  return { ...options, host: config.host, port: config.port };
}

/** Seed nodes and options for `new Cluster(...)`. */
export function clusterOptions(config: RedisConfig): { nodes: { host: string; port: number }[]; options: ClusterOptions } {
  const cluster = config.cluster;
  if (!cluster) throw new Error("internal: clusterOptions without cluster settings");
  const { retryStrategy: _unused, ...nodeOptions } = connectionOptions(config);
  return {
    nodes: cluster.nodes,
    options: {
      redisOptions: nodeOptions,
      keyPrefix: config.keyPrefix,
      scaleReads: cluster.scaleReads,
      maxRedirections: cluster.maxRedirections,
      retryDelayOnFailover: cluster.retryDelayOnFailoverMs,
      clusterRetryStrategy: retryDelay(config.retry),
      enableOfflineQueue: config.offlineQueue.enabled,
      slotsRefreshTimeout: config.connectTimeoutMs,
      lazyConnect: true,
    },
  };
}
