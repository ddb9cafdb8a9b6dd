import type { Secret } from "./secret.js";

/** A host and port, e.g. a cluster seed node or a sentinel. */
export interface HostPort {
  host: string;
  port: number;
}

/** TLS settings, with certificate material already loaded as PEM text. */
export interface TlsConfig {
  /** CA certificate(s) to trust instead of the system store. */
  ca?: string;
  /** Client certificate for mutual TLS. */
  cert?: string;
  /** Client private key for mutual TLS. */
  key?: Secret;
  /** Server name for SNI and certificate verification (default: the host). */
  servername?: string;
  /** Verify the server certificate (default true). Turn off only for throwaway test servers. */
  rejectUnauthorized: boolean;
}

/** Reconnection and retry behaviour. */
export interface RetryConfig {
  /** Reconnect attempts a queued command survives before failing with E_REDIS_UNAVAILABLE. */
  maxRetriesPerRequest: number;
  /** First reconnect delay; doubles per attempt, with jitter. */
  initialDelayMs: number;
  /** Cap for the reconnect delay. */
  maxDelayMs: number;
  /** Give up reconnecting after this many attempts (undefined: never give up). */
  maxReconnectAttempts: number | undefined;
  /** Reconnect and resend on READONLY replies (a master became a replica after failover). */
  reconnectOnReadonly: boolean;
}

/** Commands issued while disconnected wait in a bounded queue. */
export interface OfflineQueueConfig {
  /** Queue commands while (re)connecting (default true); false fails them at once. */
  enabled: boolean;
  /** Queued commands beyond this fail at once with E_REDIS_UNAVAILABLE (default 1000). */
  maxLength: number;
}

/** Redis Cluster settings. */
export interface ClusterConfig {
  /** Seed nodes; the rest of the cluster is discovered. */
  nodes: HostPort[];
  /** Where reads go: `master` (default), `slave` (replicas) or `all`. */
  scaleReads: "master" | "slave" | "all";
  /** MOVED/ASK redirections followed per command (default 16). */
  maxRedirections: number;
  /** Wait before retrying a command during a failover (default 100). */
  retryDelayOnFailoverMs: number;
}

/** Redis Sentinel settings. */
export interface SentinelConfig {
  /** The monitored master's name, e.g. `mymaster`. */
  name: string;
  sentinels: HostPort[];
  /** ACL user of the sentinels (not of the data nodes). */
  username?: string;
  /** Password of the sentinels (not of the data nodes). */
  password?: Secret;
  /** Connect to the sentinels over TLS too. */
  tls: boolean;
  /** Connect to the master (default) or a replica. */
  role: "master" | "slave";
}

/**
 * Server-side settings from the seed's `performanceConfig` and `persistenceConfig`. Core keeps
 * them for tools that compare or apply them (CONFIG SET is an admin action); connecting never
 * changes server settings.
 */
export interface ServerSettings {
  performance?: Record<string, unknown>;
  persistence?: Record<string, unknown>;
}

/** A validated, complete Redis configuration (what {@link loadRedisConfig} returns). */
export interface RedisConfig {
  /** Derived: cluster when cluster nodes are set, sentinel when sentinels are set. */
  mode: "standalone" | "cluster" | "sentinel";
  host: string;
  port: number;
  /** Unix socket path; replaces host and port. */
  path?: string;
  username?: string;
  password?: Secret;
  db: number;
  tls?: TlsConfig;
  cluster?: ClusterConfig;
  sentinel?: SentinelConfig;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  clientName?: string;
  keyPrefix?: string;
  keepAliveMs: number;
  retry: RetryConfig;
  offlineQueue: OfflineQueueConfig;
  server: ServerSettings;
}

/** Where the connection goes, for messages: never includes credentials. */
export function describeTarget(config: Pick<RedisConfig, "mode" | "host" | "port" | "path" | "tls" | "cluster" | "sentinel" | "db">): string {
  const scheme = config.tls ? "rediss" : "redis";
  if (config.mode === "cluster" && config.cluster) {
    return `cluster ${config.cluster.nodes.map((node) => `${node.host}:${node.port}`).join(",")}${config.tls ? " (TLS)" : ""}`;
  }
  if (config.mode === "sentinel" && config.sentinel) {
    return `sentinel master "${config.sentinel.name}" via ${config.sentinel.sentinels.map((node) => `${node.host}:${node.port}`).join(",")}`;
  }
  if (config.path) return `unix:${config.path}`;
  return `${scheme}://${config.host}:${config.port}${config.db ? `/${config.db}` : ""}`;
}
