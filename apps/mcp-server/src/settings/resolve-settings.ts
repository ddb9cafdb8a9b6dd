import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { ConfigError, Secret } from "@redis-mcp/core";
import { z } from "zod";
import { TIERS, type Tier, tierAllows } from "../guard/tier.js";
import { resolveToolsets } from "../toolsets/toolset-catalog.js";
import { resolveApplicationSettings } from "./application-settings.js";
import { defaultDataDir } from "./data-home.js";
import type { AccessToken, McpServerSettings } from "./mcp-server-settings.js";
import type { ParsedArguments } from "./parse-arguments.js";

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

const tokenSchema = z
  .object({
    name: z.string().regex(/^[\w.-]{1,64}$/, "use letters, digits, '.', '_' or '-'"),
    token: z.string().min(16, "must be at least 16 characters (generate one with: openssl rand -hex 32)"),
    tier: z.enum(TIERS).optional(),
    redisUsername: z.string().min(1).optional(),
    redisPassword: z.string().min(1).optional(),
  })
  .strict();

function integer(name: string, value: string | boolean | undefined, minimum: number, maximum: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < minimum || parsed > maximum) {
    throw new ConfigError(`Invalid server setting: ${name} = ${JSON.stringify(value)}: use a whole number from ${minimum} to ${maximum}.`);
  }
  return parsed;
}

function list(value: string | boolean | undefined): string[] {
  return typeof value === "string"
    ? value
        .split(",")
        .map((entry) => entry.trim())
        .filter(Boolean)
    : [];
}

/** A token's stable id: the SHA-256 of its value (the value itself is never kept in a map key or logged). */
export function tokenId(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** Names label audit lines and metrics, ids bind sessions: both must single out one token. */
function assertDistinct(tokens: readonly AccessToken[]): void {
  const names = new Set<string>();
  const ids = new Set<string>();
  for (const token of tokens) {
    if (names.has(token.name)) {
      throw new ConfigError(
        `Invalid server setting: two tokens are named "${token.name}" (REDIS_MCP_AUTH_TOKEN is named "default"). Give every token its own name: the audit log tells callers apart by it.`,
      );
    }
    if (ids.has(token.id)) {
      throw new ConfigError(`Invalid server setting: token "${token.name}" has the same value as another token. Give every token its own value.`);
    }
    names.add(token.name);
    ids.add(token.id);
  }
}

function readTokens(file: string | undefined, environment: Record<string, string | undefined>, serverTier: Tier): AccessToken[] {
  const tokens: AccessToken[] = [];
  const single = environment.REDIS_MCP_AUTH_TOKEN;
  if (single) {
    if (single.length < 16)
      throw new ConfigError("Invalid server setting: REDIS_MCP_AUTH_TOKEN must be at least 16 characters (generate one with: openssl rand -hex 32).");
    tokens.push({ name: "default", id: tokenId(single), token: new Secret(single), tier: serverTier });
  }
  if (!file) return tokens;
  let entries: unknown;
  try {
    entries = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigError(`Invalid server setting: auth tokens file ${file} cannot be read as JSON (${(error as Error).message}).`);
  }
  const parsed = z.array(tokenSchema).safeParse(entries);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new ConfigError(`Invalid server setting: auth tokens file ${file}:\n${issues}`);
  }
  for (const entry of parsed.data) {
    const tier = entry.tier ?? serverTier;
    if (!tierAllows(serverTier, tier)) {
      throw new ConfigError(
        `Invalid server setting: token "${entry.name}" asks for tier ${tier}, above the server's ${serverTier}. Lower the token's tier or raise --tier.`,
      );
    }
    const token: AccessToken = { name: entry.name, id: tokenId(entry.token), token: new Secret(entry.token), tier };
    if (entry.redisUsername) token.redisUsername = entry.redisUsername;
    if (entry.redisPassword) token.redisPassword = new Secret(entry.redisPassword);
    tokens.push(token);
  }
  assertDistinct(tokens);
  return tokens;
}

/**
 * Validates the server settings from the command line and environment.
 * @throws ConfigError (`E_CONFIG_INVALID`) naming the setting and the fix.
 */
export function resolveSettings(parsed: ParsedArguments, environment: Record<string, string | undefined>): McpServerSettings {
  const options = parsed.server;
  const tierText = options.readOnly ? "read" : String(options.tier ?? "write");
  if (!(TIERS as readonly string[]).includes(tierText)) {
    throw new ConfigError(`Invalid server setting: --tier = ${JSON.stringify(tierText)}: use one of ${TIERS.join(", ")}.`);
  }
  const tier = tierText as Tier;
  let toolsets: McpServerSettings["toolsets"];
  try {
    toolsets = resolveToolsets(String(options.toolsets ?? "default"));
  } catch (error) {
    throw new ConfigError(`Invalid server setting: --toolsets: ${(error as Error).message}`);
  }
  const host = String(options.host ?? "127.0.0.1");
  const port = integer("--port", options.port ?? "3000", 0, 65535);
  const tokens = readTokens(options.authTokensFile as string | undefined, environment, tier);
  const http = options.http === true;
  const insecure = options.insecure === true;
  if (http && !LOOPBACK.has(host) && tokens.length === 0 && !insecure) {
    throw new ConfigError(
      `Refusing to serve HTTP on ${host} without authentication: set REDIS_MCP_AUTH_TOKEN (or --auth-tokens-file), bind to 127.0.0.1, or pass --insecure if something else guards it.`,
    );
  }
  const auditLog = String(options.auditLog ?? "stderr");
  const defaultRedis = /^(\[[^\]]+\]|[^:\s]+):(\d{1,5})$/.exec(String(options.defaultRedis ?? "127.0.0.1:6379"));
  if (!defaultRedis)
    throw new ConfigError(`Invalid server setting: --default-redis = ${JSON.stringify(options.defaultRedis)}: use host:port, e.g. 127.0.0.1:6379.`);
  return {
    transport: http ? "http" : "stdio",
    tier,
    keyPrefix: String(options.keyPrefix ?? ""),
    toolsets,
    dynamicToolsets: options.dynamicToolsets === true,
    applications: resolveApplicationSettings(options, environment),
    maxResultBytes: integer("--max-result-bytes", options.maxResultBytes ?? "65536", 1024, 64 * 1024 * 1024),
    requestTimeoutMs: integer("--request-timeout-ms", options.requestTimeoutMs ?? "30000", 100, 3_600_000),
    maxSubscriptions: integer("--max-subscriptions", options.maxSubscriptions ?? "100", 1, 10_000),
    audit: auditLog === "stderr" ? "stderr" : { file: auditLog },
    dataDir: String(options.dataDir ?? defaultDataDir(environment)),
    embedded: options.embedded !== false,
    defaultRedis: { host: (defaultRedis[1] as string).replace(/^\[(.*)\]$/, "$1"), port: integer("--default-redis port", defaultRedis[2], 1, 65535) },
    http: {
      host,
      port,
      tokens,
      allowedHosts: list(options.allowedHosts),
      allowedOrigins: list(options.allowedOrigins),
      insecure,
      maxConcurrentRequests: integer("--max-concurrent-requests", options.maxConcurrentRequests ?? "64", 1, 10_000),
      maxConcurrentRequestsPerToken: integer("--max-concurrent-requests-per-token", options.maxConcurrentRequestsPerToken ?? "16", 1, 10_000),
      maxSessionsPerToken: integer("--max-sessions-per-token", options.maxSessionsPerToken ?? "16", 1, 1_000),
      sessionIdleTimeoutMs: integer("--session-idle-timeout-ms", options.sessionIdleTimeoutMs ?? "1800000", 1_000, 7 * 86_400_000),
      maxBodyBytes: 4 * 1024 * 1024,
    },
  };
}
