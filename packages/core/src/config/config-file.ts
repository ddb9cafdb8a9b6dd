import { readFileSync } from "node:fs";
import { ConfigError } from "../errors/errors.js";
import { setField } from "./environment.js";

/** Seed-shape names and where they go in our configuration. */
const SEED_FIELDS: Record<string, string> = {
  database: "db",
  enableOfflineQueue: "offlineQueue.enabled",
  retryDelayOnFailover: "cluster.retryDelayOnFailoverMs",
  "connectionConfig.maxReconnectAttempts": "retry.maxReconnectAttempts",
  "connectionConfig.reconnectOnError": "retry.reconnectOnReadonly",
  "connectionConfig.lazyConnect": "lazyConnect",
  "connectionConfig.keepAlive": "keepAliveMs",
  "connectionConfig.connectTimeout": "connectTimeoutMs",
  "connectionConfig.commandTimeout": "commandTimeoutMs",
  "clusterConfig.nodes": "cluster.nodes",
  "clusterConfig.enabled": "cluster.enabled",
  "clusterConfig.scaleReads": "cluster.scaleReads",
  "clusterConfig.maxRedirections": "cluster.maxRedirections",
  "clusterConfig.redisOptions.password": "cluster.password",
  "clusterConfig.redisOptions.username": "cluster.username",
  performanceConfig: "server.performance",
  persistenceConfig: "server.persistence",
};

/** Seed-shape names accepted and deliberately ignored (ioredis always does this). */
const IGNORED = new Set(["clusterConfig.enableReadyCheck"]);

function flatten(value: unknown, prefix = ""): [string, unknown][] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [[prefix, value]];
  const entries: [string, unknown][] = [];
  for (const [name, child] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${name}` : name;
    // Opaque records: kept whole, not flattened into unknown fields.
    if (SEED_FIELDS[path] || path === "server" || path === "tls" || path === "cluster" || path === "sentinel" || path === "retry" || path === "offlineQueue") {
      entries.push([path, child]);
    } else entries.push(...flatten(child, path));
  }
  return entries;
}

/**
 * Reads a JSON config file: either `{"redis": {...}}` (the seed's shape, with connectionConfig,
 * clusterConfig, performanceConfig and persistenceConfig) or the fields at the top level.
 * @throws ConfigError (`E_CONFIG_INVALID`) naming the file when it is missing or not JSON.
 */
export function configFromFile(path: string): { values: Record<string, unknown>; sources: Map<string, string> } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : `cannot be read (${(error as Error).message})`;
    throw new ConfigError(`Invalid Redis configuration: config file ${path} ${reason}. Fix the path (REDIS_CONFIG_FILE or --config) or create the file.`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`Invalid Redis configuration: config file ${path} is not valid JSON (${(error as Error).message}). Fix the JSON syntax.`);
  }
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    throw new ConfigError(
      `Invalid Redis configuration: config file ${path} must contain a JSON object such as {"redis": {"host": "127.0.0.1", "port": 6379}}.`,
    );
  }
  const root = "redis" in document ? (document as { redis: unknown }).redis : document;
  if (typeof root !== "object" || root === null || Array.isArray(root)) {
    throw new ConfigError(`Invalid Redis configuration: "redis" in config file ${path} must be an object such as {"host": "127.0.0.1", "port": 6379}.`);
  }
  const rootName = "redis" in document ? "redis." : "";
  const values: Record<string, unknown> = {};
  const sources = new Map<string, string>();
  for (const [entryPath, value] of flatten(root)) {
    if (IGNORED.has(entryPath)) continue;
    const field = SEED_FIELDS[entryPath] ?? entryPath;
    setField(values, field, value);
    sources.set(field, `config file ${path} (${rootName}${entryPath})`);
  }
  return { values, sources };
}
