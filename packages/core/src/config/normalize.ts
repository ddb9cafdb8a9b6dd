import { readFileSync } from "node:fs";
import type { ConfigProblem } from "./config-problem.js";
import type { ParsedRedisConfigInput } from "./input-schema.js";
import type { HostPort, RedisConfig, TlsConfig } from "./redis-config.js";
import { Secret } from "./secret.js";

/** Defaults chosen so that a dead Redis fails a command within seconds and recovery is automatic. */
export const REDIS_CONFIG_DEFAULTS = {
  host: "127.0.0.1",
  port: 6379,
  db: 0,
  connectTimeoutMs: 5_000,
  commandTimeoutMs: 5_000,
  keepAliveMs: 30_000,
  maxRetriesPerRequest: 2,
  initialDelayMs: 50,
  maxDelayMs: 2_000,
  offlineQueueMaxLength: 1_000,
} as const;

type Source = (field: string) => string | undefined;

function parseNodes(value: string | (string | HostPort)[], field: string, source: Source, problems: ConfigProblem[]): HostPort[] {
  const entries = typeof value === "string" ? value.split(",").map((entry) => entry.trim()) : value;
  const nodes: HostPort[] = [];
  for (const entry of entries) {
    if (typeof entry !== "string") {
      nodes.push(entry);
      continue;
    }
    const match = /^(\[[^\]]+\]|[^:\s]+):(\d{1,5})$/.exec(entry);
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65535) {
      problems.push({ field, value: entry, source: source(field), problem: 'is not "host:port"' });
      continue;
    }
    nodes.push({ host: (match[1] as string).replace(/^\[(.*)\]$/, "$1"), port });
  }
  return nodes;
}

function readPem(path: string | undefined, field: string, source: Source, problems: ConfigProblem[]): string | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.push({
      field,
      value: path,
      source: source(field),
      problem: code === "ENOENT" ? "does not exist" : `cannot be read (${code ?? (error as Error).message})`,
    });
    return undefined;
  }
}

function normalizeTls(input: ParsedRedisConfigInput["tls"], source: Source, problems: ConfigProblem[]): TlsConfig | undefined {
  if (input === undefined || input === false) return undefined;
  if (input === true) return { rejectUnauthorized: true };
  if (input.enabled === false) return undefined;
  const tls: TlsConfig = { rejectUnauthorized: input.rejectUnauthorized ?? true };
  const ca = input.ca ?? readPem(input.caFile, "tls.caFile", source, problems);
  const cert = input.cert ?? readPem(input.certFile, "tls.certFile", source, problems);
  const key = input.key ?? readPem(input.keyFile, "tls.keyFile", source, problems);
  if (ca !== undefined) tls.ca = ca;
  if (cert !== undefined) tls.cert = cert;
  if (key !== undefined) tls.key = Secret.from(key) as Secret;
  if (input.servername !== undefined) tls.servername = input.servername;
  if ((tls.cert === undefined) !== (tls.key === undefined) && problems.length === 0) {
    problems.push({
      field: tls.cert === undefined ? "tls.certFile" : "tls.keyFile",
      value: undefined,
      source: source("tls"),
      problem: "is needed: mutual TLS takes both a client certificate and its key",
    });
  }
  return tls;
}

/**
 * Turns validated input into a complete {@link RedisConfig}: defaults, mode, node lists, TLS
 * material. Problems that need more than one field (both cluster and Sentinel, missing master
 * name) are reported here.
 */
export function normalizeConfig(input: ParsedRedisConfigInput, source: Source): { config?: RedisConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const defaults = REDIS_CONFIG_DEFAULTS;
  const host = input.host ?? defaults.host;
  const port = input.port ?? defaults.port;
  const tls = normalizeTls(input.tls, source, problems);
  const offlineQueue =
    typeof input.offlineQueue === "boolean"
      ? { enabled: input.offlineQueue, maxLength: defaults.offlineQueueMaxLength }
      : { enabled: input.offlineQueue?.enabled ?? true, maxLength: input.offlineQueue?.maxLength ?? defaults.offlineQueueMaxLength };
  const retry = {
    maxRetriesPerRequest: input.maxRetriesPerRequest ?? defaults.maxRetriesPerRequest,
    initialDelayMs: input.retry?.initialDelayMs ?? defaults.initialDelayMs,
    maxDelayMs: input.retry?.maxDelayMs ?? defaults.maxDelayMs,
    maxReconnectAttempts: input.retry?.maxReconnectAttempts,
    reconnectOnReadonly: input.retry?.reconnectOnReadonly ?? true,
  };
  if (retry.maxDelayMs < retry.initialDelayMs) {
    problems.push({
      field: "retry.maxDelayMs",
      value: retry.maxDelayMs,
      source: source("retry.maxDelayMs"),
      problem: `is below retry.initialDelayMs (${retry.initialDelayMs})`,
    });
  }
  const clusterWanted = input.cluster !== undefined && (input.cluster.enabled === true || input.cluster.nodes !== undefined);
  const sentinelWanted = input.sentinel !== undefined && (input.sentinel.sentinels !== undefined || input.sentinel.name !== undefined);
  if (clusterWanted && sentinelWanted) {
    problems.push({
      field: "sentinel",
      value: undefined,
      source: source("sentinel"),
      problem: "is set together with cluster; a connection is either Cluster or Sentinel. Remove one of them",
    });
  }
  const config: RedisConfig = {
    mode: clusterWanted ? "cluster" : sentinelWanted ? "sentinel" : "standalone",
    host,
    port,
    db: input.db ?? defaults.db,
    connectTimeoutMs: input.connectTimeoutMs ?? defaults.connectTimeoutMs,
    commandTimeoutMs: input.commandTimeoutMs ?? defaults.commandTimeoutMs,
    keepAliveMs: input.keepAliveMs ?? defaults.keepAliveMs,
    retry,
    offlineQueue,
    server: { ...input.server },
  };
  if (input.path !== undefined) config.path = input.path;
  if (input.username !== undefined) config.username = input.username;
  const password = Secret.from(input.password);
  if (password !== undefined) config.password = password;
  if (tls) config.tls = tls;
  if (input.clientName !== undefined) config.clientName = input.clientName;
  if (input.keyPrefix !== undefined && input.keyPrefix !== "") config.keyPrefix = input.keyPrefix;
  if (clusterWanted && input.cluster) {
    const nodes = input.cluster.nodes === undefined ? [{ host, port }] : parseNodes(input.cluster.nodes, "cluster.nodes", source, problems);
    config.cluster = {
      nodes,
      scaleReads: input.cluster.scaleReads ?? "master",
      maxRedirections: input.cluster.maxRedirections ?? 16,
      retryDelayOnFailoverMs: input.cluster.retryDelayOnFailoverMs ?? 100,
    };
    if (input.cluster.username !== undefined && config.username === undefined) config.username = input.cluster.username;
    if (input.cluster.password !== undefined && config.password === undefined) config.password = Secret.from(input.cluster.password) as Secret;
    if (config.db !== 0) problems.push({ field: "db", value: config.db, source: source("db"), problem: "must be 0 on Redis Cluster (it has only database 0)" });
  }
  if (sentinelWanted && input.sentinel) {
    if (input.sentinel.name === undefined) {
      problems.push({ field: "sentinel.name", value: undefined, source: source("sentinel"), problem: "is required with sentinels" });
    }
    if (input.sentinel.sentinels === undefined) {
      problems.push({ field: "sentinel.sentinels", value: undefined, source: source("sentinel"), problem: "is required with a sentinel master name" });
    }
    config.sentinel = {
      name: input.sentinel.name ?? "",
      sentinels: input.sentinel.sentinels === undefined ? [] : parseNodes(input.sentinel.sentinels, "sentinel.sentinels", source, problems),
      tls: input.sentinel.tls ?? false,
      role: input.sentinel.role ?? "master",
    };
    if (input.sentinel.username !== undefined) config.sentinel.username = input.sentinel.username;
    const sentinelPassword = Secret.from(input.sentinel.password);
    if (sentinelPassword !== undefined) config.sentinel.password = sentinelPassword;
  }
  return problems.length > 0 ? { problems } : { config, problems };
}
