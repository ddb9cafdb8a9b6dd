import { isCluster, masterNodes, type RedisClient } from "../client/redis-client.js";
import { withRedisErrors } from "../errors/map-redis-error.js";

/** A Redis version as numbers, comparable with {@link versionAtLeast}. */
export interface RedisVersion {
  major: number;
  minor: number;
  patch: number;
  /** As the server reports it, e.g. `7.0.15`. */
  text: string;
}

/** Which server answers: Redis, or Valkey (which reports a Redis-compatible `redis_version`). */
export interface ServerIdentity {
  name: "redis" | "valkey";
  /** The server's own version (`valkey_version` on Valkey, else `redis_version`). */
  version: RedisVersion;
}

/** What the connected server can do; other packages ask this instead of guessing. */
export interface Capabilities {
  /** The Redis version the server is compatible with (`redis_version`; Valkey 8 reports 7.2.4). */
  version: RedisVersion;
  server: ServerIdentity;
  /**
   * Lua scripts take Redis 7 flags (`#!lua flags=no-writes,allow-cross-slot-keys`): one script
   * call can read or write keys of several slots a cluster node serves. Redis 7.0+, Valkey.
   */
  scriptFlags: boolean;
  /**
   * Hash fields can expire on their own (HEXPIRE, HPEXPIRE, HTTL, HPERSIST): Redis 7.4+. Found by
   * asking the server for the command (COMMAND INFO), never assumed from a version: Valkey 8,
   * which reports 7.2.4, lacks it.
   */
  hashFieldExpiry: boolean;
  /** Loaded modules by name (lower case) with their version number. */
  modules: Record<string, number>;
  /** RedisJSON (`JSON.*`). */
  json: boolean;
  /** RediSearch (`FT.*`). */
  search: boolean;
  /** RedisBloom (`BF.*`, `CF.*`, ...). */
  bloom: boolean;
  /** RedisTimeSeries (`TS.*`). */
  timeSeries: boolean;
  /** Connected to a Redis Cluster. */
  cluster: boolean;
  /** `notify-keyspace-events` flags ("" when off, undefined when CONFIG is not allowed). */
  keyspaceNotifications: string | undefined;
}

/** Parses `7.0.15` (or `255.255.255` for unstable builds) into numbers. */
export function parseVersion(text: string): RedisVersion {
  const [major = 0, minor = 0, patch = 0] = text.split(".").map((part) => Number.parseInt(part, 10) || 0);
  return { major, minor, patch, text };
}

/** True when `version` is at least `major.minor[.patch]`. */
export function versionAtLeast(version: RedisVersion, major: number, minor = 0, patch = 0): boolean {
  if (version.major !== major) return version.major > major;
  if (version.minor !== minor) return version.minor > minor;
  return version.patch >= patch;
}

const MODULE_FLAGS: Record<string, keyof Pick<Capabilities, "json" | "search" | "bloom" | "timeSeries">> = {
  rejson: "json",
  redisjson: "json",
  search: "search",
  ft: "search",
  bf: "bloom",
  redisbloom: "bloom",
  timeseries: "timeSeries",
};

function parseModules(reply: unknown): Record<string, number> {
  const modules: Record<string, number> = {};
  if (!Array.isArray(reply)) return modules;
  for (const entry of reply) {
    // RESP2: flat [name, x, ver, y]; RESP3 legacy mapping gives the same flat array.
    const fields = Array.isArray(entry) ? entry : [];
    const nameIndex = fields.indexOf("name");
    const versionIndex = fields.indexOf("ver");
    if (nameIndex >= 0) modules[String(fields[nameIndex + 1]).toLowerCase()] = Number(fields[versionIndex + 1] ?? 0);
  }
  return modules;
}

const cache = new WeakMap<RedisClient, Promise<Capabilities>>();

async function detect(client: RedisClient): Promise<Capabilities> {
  // Ask one master: in a cluster every node runs the same build and modules.
  const [node] = masterNodes(client);
  const target = node ?? client;
  const [info, modulesReply, notifications, hashFieldExpiry] = await Promise.all([
    withRedisErrors("capabilities: INFO server", () => target.info("server")),
    // MODULE LIST may be denied by ACLs or absent: no modules is the safe reading.
    target.call("MODULE", "LIST").catch(() => []),
    target.call("CONFIG", "GET", "notify-keyspace-events").catch(() => undefined),
    // COMMAND INFO answers [nil] for an unknown command; denied or failed reads as "no".
    target.call("COMMAND", "INFO", "HEXPIRE").then(
      (reply) => Array.isArray(reply) && Array.isArray(reply[0]),
      () => false,
    ),
  ]);
  const versionText = /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? "0.0.0";
  const version = parseVersion(versionText.trim());
  const valkeyVersion = /valkey_version:([^\r\n]+)/.exec(info)?.[1];
  const modules = parseModules(modulesReply);
  const flags = { json: false, search: false, bloom: false, timeSeries: false };
  for (const name of Object.keys(modules)) {
    const flag = MODULE_FLAGS[name];
    if (flag) flags[flag] = true;
  }
  const notifyReply = notifications as unknown[] | undefined;
  return {
    version,
    server: valkeyVersion ? { name: "valkey", version: parseVersion(valkeyVersion.trim()) } : { name: "redis", version },
    scriptFlags: versionAtLeast(version, 7),
    hashFieldExpiry,
    modules,
    ...flags,
    cluster: isCluster(client),
    keyspaceNotifications: Array.isArray(notifyReply) ? String(notifyReply[1] ?? "") : undefined,
  };
}

/**
 * Detects the server's version and kind (Redis or Valkey), what it supports (script flags,
 * hash-field expiry, modules), cluster mode and keyspace-notification setting, once per client
 * (cached; pass `refresh: true` after a failover, an upgrade or CONFIG SET).
 * @throws RedisMcpError (`E_REDIS_UNAVAILABLE`, `E_TIMEOUT`) when Redis does not answer.
 * @example if ((await detectCapabilities(redis)).bloom) { ... BF.ADD ... }
 */
export function detectCapabilities(client: RedisClient, options: { refresh?: boolean } = {}): Promise<Capabilities> {
  let detected = options.refresh ? undefined : cache.get(client);
  if (!detected) {
    detected = detect(client);
    cache.set(client, detected);
    detected.catch(() => cache.delete(client));
  }
  return detected;
}
