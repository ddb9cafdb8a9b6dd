import type { Secret } from "@redis-mcp/core";
import type { Tier } from "../guard/tier.js";
import type { Toolset } from "../toolsets/toolset-catalog.js";

/** An HTTP bearer token and what it grants. */
export interface AccessToken {
  /** Label for the audit log and metrics; the token itself is never logged. */
  name: string;
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
  /** Origin header values accepted; requests without Origin (non-browser clients) are fine. */
  allowedOrigins: string[];
  /** Allow a non-loopback address without tokens. */
  insecure: boolean;
  maxConcurrentRequests: number;
  maxBodyBytes: number;
}

/** Everything about the server that is not the Redis connection. */
export interface McpServerSettings {
  transport: "stdio" | "http";
  tier: Tier;
  keyPrefix: string;
  toolsets: Toolset[];
  dynamicToolsets: boolean;
  maxResultBytes: number;
  requestTimeoutMs: number;
  audit: "stderr" | { file: string };
  /** Where the embedded default Redis keeps its data. */
  dataDir: string;
  /** Where to look for a Redis when none is configured (default 127.0.0.1:6379). */
  defaultRedis: { host: string; port: number };
  /** Start a private redis-server when no Redis is configured and none answers at defaultRedis. */
  embedded: boolean;
  http: HttpSettings;
}
