/** One environment variable the configuration reads. */
export interface EnvironmentVariable {
  name: string;
  /** Dotted config field it sets, e.g. `tls.caFile`. */
  field: string;
  description: string;
}

/**
 * Every environment variable core reads, in the order `--help` texts list them. Apps print this
 * table rather than keeping their own copy.
 */
export const REDIS_ENVIRONMENT_VARIABLES: readonly EnvironmentVariable[] = [
  { name: "REDIS_URL", field: "url", description: "redis://[user:password@]host:port[/db], rediss:// for TLS, unix:///path.sock" },
  { name: "REDIS_HOST", field: "host", description: "host name or IP (default 127.0.0.1)" },
  { name: "REDIS_PORT", field: "port", description: "port (default 6379)" },
  { name: "REDIS_SOCKET", field: "path", description: "unix socket path (instead of host and port)" },
  { name: "REDIS_USERNAME", field: "username", description: "ACL user" },
  { name: "REDIS_PASSWORD", field: "password", description: "password (never logged)" },
  { name: "REDIS_DB", field: "db", description: "database number (default 0)" },
  { name: "REDIS_TLS", field: "tls.enabled", description: "true to connect with TLS" },
  { name: "REDIS_TLS_CA_FILE", field: "tls.caFile", description: "PEM file with the CA certificate" },
  { name: "REDIS_TLS_CERT_FILE", field: "tls.certFile", description: "PEM file with the client certificate (mTLS)" },
  { name: "REDIS_TLS_KEY_FILE", field: "tls.keyFile", description: "PEM file with the client key (mTLS)" },
  { name: "REDIS_TLS_SERVERNAME", field: "tls.servername", description: "server name to verify (SNI)" },
  { name: "REDIS_TLS_REJECT_UNAUTHORIZED", field: "tls.rejectUnauthorized", description: "false to skip certificate verification (tests only)" },
  { name: "REDIS_CLUSTER_NODES", field: "cluster.nodes", description: "cluster seed nodes host:port,host:port (enables cluster mode)" },
  { name: "REDIS_CLUSTER_SCALE_READS", field: "cluster.scaleReads", description: "master, slave or all (default master)" },
  { name: "REDIS_SENTINELS", field: "sentinel.sentinels", description: "sentinels host:port,host:port (enables Sentinel mode)" },
  { name: "REDIS_SENTINEL_NAME", field: "sentinel.name", description: "monitored master name, e.g. mymaster" },
  { name: "REDIS_SENTINEL_USERNAME", field: "sentinel.username", description: "ACL user of the sentinels" },
  { name: "REDIS_SENTINEL_PASSWORD", field: "sentinel.password", description: "password of the sentinels (never logged)" },
  { name: "REDIS_SENTINEL_TLS", field: "sentinel.tls", description: "true to reach the sentinels over TLS" },
  { name: "REDIS_CONNECT_TIMEOUT_MS", field: "connectTimeoutMs", description: "connect timeout (default 5000)" },
  { name: "REDIS_COMMAND_TIMEOUT_MS", field: "commandTimeoutMs", description: "per-command timeout (default 5000)" },
  { name: "REDIS_CLIENT_NAME", field: "clientName", description: "CLIENT SETNAME for this connection" },
  { name: "REDIS_KEY_PREFIX", field: "keyPrefix", description: "prefix added to every key" },
  { name: "REDIS_MAX_RETRIES_PER_REQUEST", field: "maxRetriesPerRequest", description: "reconnects a command waits through (default 2)" },
  { name: "REDIS_OFFLINE_QUEUE_MAX", field: "offlineQueue.maxLength", description: "commands queued while disconnected (default 1000)" },
  { name: "REDIS_CONFIG_FILE", field: "", description: 'JSON config file ({"redis": {...}}, the seed\'s shape)' },
];

/** Sets a dotted field on a nested object, creating parents. */
export function setField(target: Record<string, unknown>, field: string, value: unknown): void {
  const parts = field.split(".");
  let cursor = target;
  for (const part of parts.slice(0, -1)) {
    const next = cursor[part];
    if (typeof next !== "object" || next === null || Array.isArray(next)) cursor[part] = {};
    cursor = cursor[part] as Record<string, unknown>;
  }
  cursor[parts.at(-1) as string] = value;
}

/** The configuration fields set by environment variables; empty values count as unset. */
export function configFromEnvironment(environment: Record<string, string | undefined>): { values: Record<string, unknown>; sources: Map<string, string> } {
  const values: Record<string, unknown> = {};
  const sources = new Map<string, string>();
  for (const variable of REDIS_ENVIRONMENT_VARIABLES) {
    const value = environment[variable.name];
    if (!variable.field || value === undefined || value.trim() === "") continue;
    setField(values, variable.field, value);
    sources.set(variable.field, `environment variable ${variable.name}`);
  }
  return { values, sources };
}
