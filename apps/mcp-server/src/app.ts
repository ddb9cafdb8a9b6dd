import { randomUUID } from "node:crypto";
import { health, type LoadRedisConfigOptions, REDIS_ENVIRONMENT_VARIABLES } from "@redis-mcp/core";
import { ApplicationStores } from "./applications/application-stores.js";
import { AuditLog } from "./guard/audit-log.js";
import { ConfirmationTokens } from "./guard/confirmation.js";
import { ToolMetrics } from "./guard/tool-metrics.js";
import { type EmbeddedRedis, startEmbeddedRedis } from "./redis/embedded-redis.js";
import { answersRedis } from "./redis/probe-default.js";
import type { RedisConnections } from "./redis/redis-connections.js";
import { createMcpServer } from "./server.js";
import type { McpServerSettings } from "./settings/mcp-server-settings.js";
import type { ParsedArguments } from "./settings/parse-arguments.js";
import { CallDeadlines } from "./tools/call-deadlines.js";
import type { AnyToolDefinition } from "./tools/define-tool.js";
import type { McpSessionContext } from "./tools/mcp-session-context.js";
import { StdioTransport } from "./transports/stdio-transport.js";

/** A started server: how to stop it, and where HTTP listens. */
export interface RunningServer {
  httpUrl?: string;
  /** `fast`: no QUIT, no waiting (stdin closed: exit within 100 ms). */
  close(options?: { fast?: boolean }): Promise<void>;
}

type Environment = Record<string, string | undefined>;

/** True when the user configured a Redis anywhere: flags, a config file, or REDIS_* variables. */
export function redisConfigured(parsed: ParsedArguments, environment: Environment): boolean {
  if (Object.keys(parsed.redisFlags).length > 0 || parsed.configFile) return true;
  return REDIS_ENVIRONMENT_VARIABLES.some((variable) => variable.field !== "" && (environment[variable.name] ?? "").trim() !== "");
}

/**
 * Where Redis comes from. Configured: flags > env > file. Not configured: 127.0.0.1:6379 if a Redis
 * answers there, else a private embedded redis-server (said on stderr), else an error saying
 * what to install.
 */
export async function redisSources(
  parsed: ParsedArguments,
  settings: McpServerSettings,
  environment: Environment,
  log: (line: string) => void,
): Promise<{ sources: LoadRedisConfigOptions; embedded?: EmbeddedRedis }> {
  const configured: LoadRedisConfigOptions = { flags: parsed.redisFlags, flagNames: parsed.redisFlagNames, file: parsed.configFile ?? false, env: environment };
  if (redisConfigured(parsed, environment) || !settings.embedded) return { sources: configured };
  const { host, port } = settings.defaultRedis;
  if (await answersRedis(host, port)) {
    log(`redis-mcp-server: no Redis configured; using the one answering on ${host}:${port}`);
    return { sources: { env: {}, file: false, options: { host, port } } };
  }
  const embedded = await startEmbeddedRedis(settings.dataDir, environment);
  log(
    `redis-mcp-server: no Redis configured and none on ${host}:${port}; started a private redis-server on 127.0.0.1:${embedded.port} (AOF in ${embedded.dir}); it stops with this server. Set REDIS_URL to use your own.`,
  );
  return { sources: { env: {}, file: false, options: { host: embedded.host, port: embedded.port, password: embedded.password } }, embedded };
}

/** Starts the configured transport with the given tools. */
export async function startServer(
  settings: McpServerSettings,
  connections: RedisConnections,
  tools: readonly AnyToolDefinition[],
  log: (line: string) => void,
): Promise<RunningServer> {
  const audit = new AuditLog(settings.audit);
  const metrics = new ToolMetrics();
  const confirmations = new ConfirmationTokens();
  // One set of application objects per Redis client (sessions of one token share a client).
  const applications = new Map<McpSessionContext["redis"], ApplicationStores>();
  const applicationsFor = (redis: McpSessionContext["redis"]) => {
    let stores = applications.get(redis);
    if (!stores) {
      stores = new ApplicationStores(redis, settings.applications);
      applications.set(redis, stores);
    }
    return stores;
  };
  const closeApplications = () => Promise.allSettled([...applications.values()].map((stores) => stores.close()));
  const sessionFor = async (
    principal: { name: string; id: string },
    tier: McpServerSettings["tier"],
    redis: McpSessionContext["redis"],
  ): Promise<McpSessionContext> => ({
    principal: principal.name,
    principalId: principal.id,
    sessionKey: randomUUID(),
    redis,
    applications: applicationsFor(redis),
    tier,
    toolsets: settings.toolsets,
    dynamicToolsets: settings.dynamicToolsets,
    scope: settings.keyPrefix,
    budgetBytes: settings.maxResultBytes,
    requestTimeoutMs: settings.requestTimeoutMs,
    maxSubscriptions: settings.maxSubscriptions,
    audit,
    metrics,
    confirmations,
    deadlines: new CallDeadlines(settings.requestTimeoutMs),
  });
  if (settings.transport === "stdio") {
    const server = createMcpServer(await sessionFor({ name: "stdio", id: "stdio" }, settings.tier, await connections.clientFor()), tools);
    // Messages the transport or the protocol could not take (oversized, not JSON): the client got
    // an error reply where it could; the operator gets a line on stderr.
    server.server.onerror = (error) => log(`redis-mcp-server: ${error.message}`);
    await server.connect(new StdioTransport({ maxMessageBytes: settings.http.maxBodyBytes }));
    return {
      async close(options) {
        await closeApplications();
        await connections.closeAll(options);
        await server.close();
      },
    };
  }
  // Loaded only for --http: the SDK's Streamable HTTP server (and the fetch machinery it pulls in)
  // was a fifth of a stdio start-up.
  const { startHttpTransport } = await import("./transports/http-transport.js");
  const http = await startHttpTransport(settings.http, {
    defaultTier: settings.tier,
    openSession: async (principal) => createMcpServer(await sessionFor(principal, principal.tier, await connections.clientFor(principal.token)), tools),
    onError: (error) => log(`redis-mcp-server: an HTTP request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    health: async () => {
      const report = await health(await connections.clientFor());
      return { status: report.ok ? "ok" : "degraded", redis: report.ok ? "up" : "down" };
    },
    metrics: () => metrics.render(),
  });
  log(
    `redis-mcp-server: MCP over Streamable HTTP at ${http.url} (${settings.http.tokens.length > 0 ? `${settings.http.tokens.length} bearer token(s)` : "no authentication"}, tier ${settings.tier})`,
  );
  return {
    httpUrl: http.url,
    async close(options) {
      await http.close();
      await closeApplications();
      await connections.closeAll(options);
    },
  };
}
