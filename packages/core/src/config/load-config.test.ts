import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { RedisMcpError } from "../errors/redis-mcp-error.js";
import { loadRedisConfig, resolveRedisConfig } from "./load-config.js";
import { Secret } from "./secret.js";

const directory = mkdtempSync(join(tmpdir(), "redis-mcp-config-test-"));
function writeJson(name: string, content: unknown): string {
  const path = join(directory, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

function failure(work: () => unknown): RedisMcpError {
  try {
    work();
  } catch (error) {
    if (RedisMcpError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadRedisConfig defaults and sources", () => {
  it("defaults to a local standalone server with bounded timeouts", () => {
    const config = loadRedisConfig({ env: {} });
    expect(config).toMatchObject({
      mode: "standalone",
      host: "127.0.0.1",
      port: 6379,
      db: 0,
      connectTimeoutMs: 5000,
      commandTimeoutMs: 5000,
      retry: { maxRetriesPerRequest: 2, initialDelayMs: 50, maxDelayMs: 2000, reconnectOnReadonly: true },
      offlineQueue: { enabled: true, maxLength: 1000 },
    });
    expect(config.password).toBeUndefined();
    expect(config.tls).toBeUndefined();
  });

  it("reads every REDIS_* variable", () => {
    const config = loadRedisConfig({
      env: {
        REDIS_HOST: "cache.internal",
        REDIS_PORT: "6380",
        REDIS_USERNAME: "app",
        REDIS_PASSWORD: "pw",
        REDIS_DB: "3",
        REDIS_TLS: "true",
        REDIS_TLS_SERVERNAME: "cache.example.com",
        REDIS_CONNECT_TIMEOUT_MS: "1500",
        REDIS_COMMAND_TIMEOUT_MS: "700",
        REDIS_CLIENT_NAME: "billing",
        REDIS_KEY_PREFIX: "billing:",
        REDIS_MAX_RETRIES_PER_REQUEST: "0",
        REDIS_OFFLINE_QUEUE_MAX: "10",
      },
    });
    expect(config).toMatchObject({
      host: "cache.internal",
      port: 6380,
      username: "app",
      db: 3,
      tls: { servername: "cache.example.com", rejectUnauthorized: true },
      connectTimeoutMs: 1500,
      commandTimeoutMs: 700,
      clientName: "billing",
      keyPrefix: "billing:",
      retry: { maxRetriesPerRequest: 0 },
      offlineQueue: { maxLength: 10 },
    });
    expect(config.password?.reveal()).toBe("pw");
  });

  it("takes flags over environment over file over defaults", () => {
    const file = writeJson("precedence.json", { redis: { host: "from-file", port: 7000, database: 1, clientName: "file" } });
    const config = loadRedisConfig({ file, env: { REDIS_PORT: "7001", REDIS_CLIENT_NAME: "env" }, flags: { clientName: "flag" } });
    expect(config).toMatchObject({ host: "from-file", port: 7001, db: 1, clientName: "flag" });
    expect(loadRedisConfig({ file, env: {}, flags: { port: 7002 }, options: { port: 7003 } }).port).toBe(7003);
  });

  it("lets a URL replace host, credentials and db from lower sources, and discrete fields refine it", () => {
    const file = writeJson("url.json", { redis: { host: "old", port: 1, password: "file-secret", database: 4 } });
    const config = loadRedisConfig({ file, env: { REDIS_URL: "rediss://user:url-secret@new-host:6390/2", REDIS_DB: "5" } });
    expect(config).toMatchObject({ host: "new-host", port: 6390, username: "user", db: 5, tls: { rejectUnauthorized: true } });
    expect(config.password?.reveal()).toBe("url-secret");
    const withoutPassword = loadRedisConfig({ file, env: { REDIS_URL: "redis://other:6379" } });
    expect(withoutPassword.password).toBeUndefined();
  });

  it("accepts the seed's file shape", () => {
    const file = writeJson("seed.json", {
      redis: {
        host: "localhost",
        port: 6379,
        password: "secure_password",
        database: 0,
        maxRetriesPerRequest: 3,
        retryDelayOnFailover: 100,
        enableOfflineQueue: false,
        connectionConfig: { maxReconnectAttempts: 5, reconnectOnError: true, lazyConnect: true, keepAlive: 30000 },
        clusterConfig: { enableReadyCheck: true, redisOptions: { password: "secure_password" }, scaleReads: "slave", maxRedirections: 16 },
        performanceConfig: { maxMemoryPolicy: "allkeys-lru", maxMemory: "2gb", keyspaceNotifications: "Ex" },
        persistenceConfig: { save: ["900 1"], appendOnly: true, appendFsync: "everysec" },
      },
    });
    const config = loadRedisConfig({ file, env: {} });
    expect(config).toMatchObject({
      mode: "standalone",
      host: "localhost",
      retry: { maxRetriesPerRequest: 3, maxReconnectAttempts: 5, reconnectOnReadonly: true },
      offlineQueue: { enabled: false },
      keepAliveMs: 30000,
      server: { performance: { maxMemoryPolicy: "allkeys-lru" }, persistence: { appendOnly: true } },
    });
    expect(config.password?.reveal()).toBe("secure_password");
  });

  it("reads cluster and Sentinel topologies", () => {
    const cluster = loadRedisConfig({ env: { REDIS_CLUSTER_NODES: "10.0.0.1:7000, 10.0.0.2:7001", REDIS_PASSWORD: "pw" } });
    expect(cluster).toMatchObject({
      mode: "cluster",
      cluster: {
        nodes: [
          { host: "10.0.0.1", port: 7000 },
          { host: "10.0.0.2", port: 7001 },
        ],
        scaleReads: "master",
      },
    });
    const sentinel = loadRedisConfig({
      env: { REDIS_SENTINELS: "127.0.0.1:26379,[::1]:26380", REDIS_SENTINEL_NAME: "mymaster", REDIS_SENTINEL_PASSWORD: "spw" },
    });
    expect(sentinel).toMatchObject({
      mode: "sentinel",
      sentinel: {
        name: "mymaster",
        sentinels: [
          { host: "127.0.0.1", port: 26379 },
          { host: "::1", port: 26380 },
        ],
        role: "master",
      },
    });
    expect(sentinel.sentinel?.password?.reveal()).toBe("spw");
  });

  it("loads TLS material from files", () => {
    const ca = join(directory, "ca.pem");
    writeFileSync(ca, "-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n");
    const config = loadRedisConfig({ env: { REDIS_TLS_CA_FILE: ca } });
    expect(config.tls?.ca).toContain("BEGIN CERTIFICATE");
  });

  it("resolves a URL or settings given in code", () => {
    expect(resolveRedisConfig("unix:///tmp/redis.sock?db=2")).toMatchObject({ path: "/tmp/redis.sock", db: 2 });
    const config = resolveRedisConfig({ host: "h", port: "6390" });
    expect(config.port).toBe(6390);
    expect(resolveRedisConfig(config)).toBe(config);
  });
});

describe("loadRedisConfig bad input", () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      "a port that is not a number",
      () => loadRedisConfig({ env: { REDIS_PORT: "abc" } }),
      /port = "abc" \(from environment variable REDIS_PORT\): .*Fix: use the port Redis listens on/,
    ],
    [
      "a port out of range",
      () => loadRedisConfig({ env: {}, flags: { port: 70000 }, flagNames: { port: "--port" } }),
      /port = 70000 \(from flag --port\).*Fix:/,
    ],
    [
      "an unknown URL scheme",
      () => loadRedisConfig({ env: { REDIS_URL: "http://user:hunter2@host:1" } }),
      /url = "http:\/\/user:\*\*\*\*@host:1" \(from environment variable REDIS_URL\): has the scheme "http"/,
    ],
    ["a malformed URL", () => loadRedisConfig({ env: { REDIS_URL: "not a url" } }), /url = "not a url".*is not a valid URL/],
    ["a URL database that is not a number", () => resolveRedisConfig("redis://host:1/abc"), /has the database "abc"/],
    ["a URL with unknown query parameters", () => resolveRedisConfig("redis://host:1?ssl=true"), /unsupported query parameters \(ssl\)/],
    ["a negative db", () => loadRedisConfig({ env: { REDIS_DB: "-1" } }), /db = "-1" \(from environment variable REDIS_DB\)/],
    [
      "a cluster node without a port",
      () => loadRedisConfig({ env: { REDIS_CLUSTER_NODES: "a:1,b" } }),
      /cluster.nodes = "b" \(from environment variable REDIS_CLUSTER_NODES\): is not "host:port"/,
    ],
    [
      "sentinels without a master name",
      () => loadRedisConfig({ env: { REDIS_SENTINELS: "127.0.0.1:26379" } }),
      /sentinel.name = \(missing\).*is required with sentinels.*Fix: set the name the sentinels monitor/,
    ],
    [
      "both cluster and sentinel",
      () => resolveRedisConfig({ cluster: { nodes: "a:1" }, sentinel: { name: "m", sentinels: "b:2" } }),
      /either Cluster or Sentinel/,
    ],
    ["a database other than 0 on a cluster", () => resolveRedisConfig({ cluster: { nodes: "a:1" }, db: 2 }), /db = 2.*must be 0 on Redis Cluster/],
    [
      "a missing TLS file",
      () => loadRedisConfig({ env: { REDIS_TLS_CA_FILE: "/nonexistent/ca.pem" } }),
      /tls.caFile = "\/nonexistent\/ca.pem" \(from environment variable REDIS_TLS_CA_FILE\): does not exist/,
    ],
    ["a certificate without its key", () => resolveRedisConfig({ tls: { cert: "-----BEGIN CERTIFICATE-----" } }), /mutual TLS takes both/],
    ["a non-boolean TLS flag", () => loadRedisConfig({ env: { REDIS_TLS: "maybe" } }), /tls.enabled = "maybe".*expected true or false/],
    ["a zero timeout", () => loadRedisConfig({ env: { REDIS_COMMAND_TIMEOUT_MS: "0" } }), /commandTimeoutMs = "0".*Fix: use a positive number of milliseconds/],
    ["a client name with spaces", () => resolveRedisConfig({ clientName: "my app" }), /clientName = "my app".*Fix: use a name without spaces/],
    [
      "a retry cap below the first delay",
      () => resolveRedisConfig({ retry: { initialDelayMs: 500, maxDelayMs: 100 } }),
      /retry.maxDelayMs = 100.*below retry.initialDelayMs/,
    ],
    ["an unknown setting", () => resolveRedisConfig({ hots: "x" } as never), /hots = "x" \(from options\): is not a known setting/],
    [
      "an unknown setting in the file",
      () => loadRedisConfig({ env: {}, file: writeJson("typo.json", { redis: { prot: 1 } }) }),
      /prot = 1 \(from config file .*typo.json \(redis.prot\)\): is not a known setting/,
    ],
    ["a missing config file", () => loadRedisConfig({ env: {}, file: "/nonexistent/redis.json" }), /config file \/nonexistent\/redis.json does not exist/],
    ["a config file that is not JSON", () => loadRedisConfig({ env: {}, file: writeJson("broken.json", "{ redis: ") }), /is not valid JSON/],
    ["a config file that is not an object", () => loadRedisConfig({ env: {}, file: writeJson("array.json", "[1]") }), /must contain a JSON object/],
  ];

  it.each(cases)("rejects %s with E_CONFIG_INVALID, naming the field, source and fix", (_name, work, expected) => {
    const error = failure(work);
    expect(error.code).toBe("E_CONFIG_INVALID");
    expect(error.name).toBe("ConfigError");
    expect(error.message).toMatch(expected);
  });

  it("lists every problem at once", () => {
    const error = failure(() => loadRedisConfig({ env: { REDIS_PORT: "x", REDIS_DB: "y" } }));
    expect(error.message.split("\n").filter((line) => line.startsWith("  - "))).toHaveLength(2);
  });
});

describe("secrets", () => {
  const config = loadRedisConfig({
    env: { REDIS_URL: "redis://app:url-pass@h:1", REDIS_SENTINELS: "s:26379", REDIS_SENTINEL_NAME: "m", REDIS_SENTINEL_PASSWORD: "sentinel-pass" },
    options: { tls: { key: "PRIVATE-KEY", cert: "CERT" } },
  });

  it("never show up in JSON, String(), inspect or errors", () => {
    for (const rendering of [JSON.stringify(config), String(config), `${config}`, inspect(config, { depth: 10 })]) {
      expect(rendering).not.toContain("url-pass");
      expect(rendering).not.toContain("sentinel-pass");
      expect(rendering).not.toContain("PRIVATE-KEY");
    }
    expect(JSON.stringify(config)).toContain("********");
    expect(String(config)).toBe('RedisConfig(sentinel master "m" via s:26379)');
    const error = failure(() =>
      loadRedisConfig({ env: { REDIS_PASSWORD: "top-secret", REDIS_PORT: "nope" }, options: { password: new Secret("also-secret"), db: -1 } }),
    );
    expect(error.message).not.toContain("top-secret");
    expect(error.message).not.toContain("also-secret");
  });

  it("mask a bad password value itself", () => {
    const error = failure(() => resolveRedisConfig({ password: 42 } as never));
    expect(error.message).toMatch(/password = \*{8}/);
    expect(error.message).not.toContain("42");
  });
});
