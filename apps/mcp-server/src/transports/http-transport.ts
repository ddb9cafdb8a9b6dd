import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { Tier } from "../guard/tier.js";
import type { AccessToken, HttpSettings } from "../settings/mcp-server-settings.js";
import { authenticate } from "./bearer-auth.js";

/** Who a session belongs to: a token, or everyone when no tokens are configured. */
export interface Principal {
  name: string;
  tier: Tier;
  token?: AccessToken;
}

/** What the HTTP transport needs from the application. */
export interface HttpApplication {
  /** A fresh MCP server for a new session of this principal. */
  openSession(principal: Principal): Promise<McpServer>;
  /** `/healthz` body; must not reveal secrets. */
  health(): Promise<{ status: "ok" | "degraded"; redis: "up" | "down" }>;
  /** `/metrics` body (Prometheus text). */
  metrics(): string;
  /** Tier for sessions when no tokens are configured. */
  defaultTier: Tier;
}

/** A running HTTP transport. */
export interface HttpTransport {
  url: string;
  close(): Promise<void>;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  principal: string;
}

const MAX_SESSIONS = 1_000;

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
}

function rpcError(response: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(response, status, { jsonrpc: "2.0", error: { code, message }, id: null }, headers);
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | "too-large"> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return "too-large";
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Streamable HTTP at `/mcp` (stateful sessions), `/healthz` and `/metrics`, with the checks
 * MCP-SERVER.md asks for, in this order: Host (DNS rebinding), Origin, bearer token, concurrency
 * limit, body size. A session is bound to the token that opened it.
 */
export async function startHttpTransport(settings: HttpSettings, application: HttpApplication): Promise<HttpTransport> {
  const sessions = new Map<string, Session>();
  // Filled once the real port is known (--port 0 picks one).
  const allowedHosts = new Set<string>();
  const allowedOrigins = new Set(settings.allowedOrigins.map((origin) => origin.toLowerCase()));
  let inFlight = 0;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? "/").split("?")[0];
    const host = (request.headers.host ?? "").toLowerCase();
    if (!allowedHosts.has(host)) {
      sendJson(response, 403, {
        error: `Host ${JSON.stringify(request.headers.host ?? "")} is not allowed (DNS-rebinding protection). Add it with --allowed-hosts.`,
      });
      return;
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin.toLowerCase())) {
      sendJson(response, 403, { error: `Origin ${JSON.stringify(origin)} is not allowed. Add it with --allowed-origins.` });
      return;
    }
    if (path === "/healthz" && request.method === "GET") {
      const health = await application.health();
      sendJson(response, health.status === "ok" ? 200 : 503, health);
      return;
    }
    let principal: Principal = { name: "anonymous", tier: application.defaultTier };
    if (settings.tokens.length > 0) {
      const token = authenticate(request.headers.authorization, settings.tokens);
      if (!token) {
        rpcError(response, 401, -32001, "Unauthorized: send Authorization: Bearer <token>.", { "www-authenticate": 'Bearer realm="redis-mcp"' });
        return;
      }
      principal = { name: token.name, tier: token.tier, token };
    }
    if (path === "/metrics" && request.method === "GET") {
      response.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(application.metrics());
      return;
    }
    if (path !== "/mcp") {
      sendJson(response, 404, { error: "Not found. The MCP endpoint is /mcp." });
      return;
    }
    let body: unknown;
    if (request.method === "POST") {
      const raw = await readBody(request, settings.maxBodyBytes);
      if (raw === "too-large") {
        rpcError(
          response,
          413,
          -32600,
          `Request body exceeds ${settings.maxBodyBytes} bytes. Send less per call: split bulk writes over several calls (values this large are better written with a Redis client than through an agent).`,
          { connection: "close" },
        );
        return;
      }
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        rpcError(response, 400, -32700, "Parse error: the body is not JSON.");
        return;
      }
    }
    const sessionId = request.headers["mcp-session-id"];
    let session = typeof sessionId === "string" ? sessions.get(sessionId) : undefined;
    if (session && session.principal !== principal.name) {
      rpcError(response, 403, -32001, "This session belongs to another token.");
      return;
    }
    if (!session) {
      if (request.method !== "POST" || sessionId !== undefined || !isInitializeRequest(body)) {
        rpcError(
          response,
          sessionId === undefined ? 400 : 404,
          -32000,
          sessionId === undefined ? "No session: send an initialize request first." : "Unknown or expired session: initialize a new one.",
        );
        return;
      }
      if (sessions.size >= MAX_SESSIONS) {
        rpcError(response, 503, -32000, "Too many open sessions; close unused ones.", { "retry-after": "5" });
        return;
      }
      const server = await application.openSession(principal);
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          sessions.set(id, { transport, server, principal: principal.name });
        },
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
        void server.close();
      };
      await server.connect(transport);
      session = { transport, server, principal: principal.name };
    }
    await session.transport.handleRequest(request, response, body);
  }

  const http = createServer((request, response) => {
    // GET opens a long-lived event stream; only requests that do work count against the limit.
    const counted = request.method !== "GET";
    if (counted && inFlight >= settings.maxConcurrentRequests) {
      rpcError(response, 503, -32000, `Server busy: ${settings.maxConcurrentRequests} requests in progress. Retry shortly.`, { "retry-after": "1" });
      return;
    }
    if (counted) inFlight += 1;
    response.once("close", () => {
      if (counted) inFlight -= 1;
    });
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) rpcError(response, 500, -32603, `Internal error: ${error instanceof Error ? error.message : String(error)}`);
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(settings.port, settings.host, () => resolve());
  });
  const address = http.address();
  const port = typeof address === "object" && address ? address.port : settings.port;
  const hostForUrl = settings.host.includes(":") ? `[${settings.host}]` : settings.host;
  for (const name of ["127.0.0.1", "localhost", "[::1]", hostForUrl, ...settings.allowedHosts]) {
    allowedHosts.add((name.includes(":") && !name.startsWith("[") ? name : `${name}:${port}`).toLowerCase());
  }
  return {
    url: `http://${hostForUrl}:${port}/mcp`,
    async close() {
      await Promise.all([...sessions.values()].map((session) => session.transport.close()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
