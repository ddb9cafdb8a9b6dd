import type { Secret } from "@redis-mcp/core";
import type { Tier } from "../guard/tier.js";
import type { Toolset } from "../toolsets/toolset-catalog.js";
import type { ApplicationSettings } from "./application-settings.js";

/** An HTTP bearer token and what it grants. */
export interface AccessToken {
  /** Label for the audit log and metrics; the token itself is never logged. Unique. */
  name: string;
  /**
   * Stable identity of the token: a SHA-256 digest of its value. Sessions, cached Redis
   * connections and confirmation tokens are bound to it, never to the name alone. Never logged.
   */
  id: string;
  token: Secret;
  /** At most the server's tier (a token cannot grant more than the server allows). */
  tier: Tier;
  /** Redis ACL user for this token's sessions (default: the server's connection user). */
  redisUsername?: string;
  redisPassword?: Secret;
}

/** HTTP transport settings. */
export interface HttpSettings {
  host: string;
  port: number;
  tokens: AccessToken[];
  /** Extra Host header values accepted; loopback names and the bound address with the real port always are (DNS-rebinding protection). */
  allowedHosts: string[];
  /**
   * Origin header values accepted besides the server's own loopback origins
   * (`http://127.0.0.1:PORT`, `http://localhost:PORT`, `http://[::1]:PORT`); requests without
   * Origin (non-browser clients) are fine.
   */
  allowedOrigins: string[];
  /** Allow a non-loopback address without tokens. */
  insecure: boolean;
  /** Requests in progress at once, open event streams (GET) included. */
  maxConcurrentRequests: number;
  /** Requests one token may have in progress at once (not applied without tokens). */
  maxConcurrentRequestsPerToken: number;
  /** Open MCP sessions per token (not applied without tokens). */
  maxSessionsPerToken: number;
  /** A session without a request for this long is closed. */
  sessionIdleTimeoutMs: number;
  maxBodyBytes: number;
}

/** Everything about the server that is not the Redis connection. */
export interface McpServerSettings {
  transport: "stdio" | "http";
  tier: Tier;
  keyPrefix: string;
  /** Toolsets listed at start; the others the tier allows are one enable_toolset away. */
  toolsets: Toolset[];
  dynamicToolsets: boolean;
  /** Where the cache, session and metrics toolsets find the application's data. */
  applications: ApplicationSettings;
  maxResultBytes: number;
  requestTimeoutMs: number;
  /** Resource subscriptions (URIs) one MCP session may hold: each subscribed key is a SUBSCRIBE on every master. */
  maxSubscriptions: number;
  audit: "stderr" | { file: string };
  /** Where the embedded default Redis keeps its data. */
  dataDir: string;
  /** Where to look for a Redis when none is configured (default 127.0.0.1:6379). */
  defaultRedis: { host: string; port: number };
  /** Start a private redis-server when no Redis is configured and none answers at defaultRedis. */
  embedded: boolean;
  http: HttpSettings;
}
