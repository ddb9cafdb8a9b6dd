import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { Tier } from "../guard/tier.js";
import type { AccessToken, HttpSettings } from "../settings/mcp-server-settings.js";
import { authenticate } from "./bearer-auth.js";
import { HttpSessions } from "./http-sessions.js";

/** Who a session belongs to: a token, or everyone when no tokens are configured. */
export interface Principal {
  /** For the audit log and metrics. */
  name: string;
  /** Stable identity: the token's digest, or `anonymous` without tokens. Sessions are bound to it. */
  id: string;
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
  /** A request failed inside the server: for the operator's log, never for the client. */
  onError(error: unknown): void;
}

/** A running HTTP transport. */
export interface HttpTransport {
  url: string;
  close(): Promise<void>;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  close(): Promise<void>;
}

const MAX_SESSIONS = 1_000;
const ANONYMOUS = "anonymous";

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
 * MCP-SERVER.md asks for, in this order: the server-wide concurrency limit (every request counts
 * while it is open, event streams included), Host (DNS rebinding), Origin, bearer token, the
 * token's own concurrency limit, body size, then the session: bound to the token that opened it
 * (by the token's digest), at most `maxSessionsPerToken` per token, closed after
 * `sessionIdleTimeoutMs` without a request.
 */
export async function startHttpTransport(settings: HttpSettings, application: HttpApplication): Promise<HttpTransport> {
  const sessions = new HttpSessions<Session>({
    idleTimeoutMs: settings.sessionIdleTimeoutMs,
    maxSessions: MAX_SESSIONS,
    // Without tokens every caller is the same principal: only the server-wide limit applies.
    maxSessionsFor: (principalId) => (principalId === ANONYMOUS ? undefined : settings.maxSessionsPerToken),
  });
  // Filled once the real port is known (--port 0 picks one).
  const allowedHosts = new Set<string>();
  const allowedOrigins = new Set(settings.allowedOrigins.map((origin) => origin.toLowerCase()));
  let inFlight = 0;
  const inFlightPerToken = new Map<string, number>();

  /** Counts a token's request until its response closes; false (and a 429 sent) when the token is at its limit. */
  function admitForToken(principal: Principal, response: ServerResponse): boolean {
    if (!principal.token) return true;
    const active = inFlightPerToken.get(principal.id) ?? 0;
    if (active >= settings.maxConcurrentRequestsPerToken) {
      rpcError(
        response,
        429,
        -32000,
        `Too many requests for this token: ${settings.maxConcurrentRequestsPerToken} in progress (open event streams included). Close unused sessions or streams, or retry shortly.`,
        { "retry-after": "1" },
      );
      return false;
    }
    inFlightPerToken.set(principal.id, active + 1);
    response.once("close", () => {
      const left = (inFlightPerToken.get(principal.id) ?? 1) - 1;
      if (left > 0) inFlightPerToken.set(principal.id, left);
      else inFlightPerToken.delete(principal.id);
    });
    return true;
  }

  async function openSession(principal: Principal, response: ServerResponse): Promise<Session | undefined> {
    const reservation = sessions.reserve(principal.id);
    if (reservation === "server-full") {
      rpcError(response, 503, -32000, "Too many open sessions on this server; close unused ones (DELETE /mcp) or retry later.", { "retry-after": "5" });
      return undefined;
    }
    if (reservation === "quota-full") {
      rpcError(
        response,
        429,
        -32000,
        `This token has ${settings.maxSessionsPerToken} open sessions, its quota. Close unused ones (DELETE /mcp with their Mcp-Session-Id), or wait for idle ones to expire.`,
        { "retry-after": "5" },
      );
      return undefined;
    }
    try {
      const server = await application.openSession(principal);
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => reservation.open(id, session),
      });
      const session: Session = { transport, server, close: () => transport.close() };
      transport.onclose = () => {
        reservation.release();
        if (transport.sessionId) sessions.delete(transport.sessionId);
        void server.close();
      };
      await server.connect(transport);
      return session;
    } catch (error) {
      reservation.release();
      throw error;
    }
  }

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
    let principal: Principal = { name: ANONYMOUS, id: ANONYMOUS, tier: application.defaultTier };
    if (settings.tokens.length > 0) {
      const token = authenticate(request.headers.authorization, settings.tokens);
      if (!token) {
        rpcError(response, 401, -32001, "Unauthorized: send Authorization: Bearer <token>.", { "www-authenticate": 'Bearer realm="redis-mcp"' });
        return;
      }
      principal = { name: token.name, id: token.id, tier: token.tier, token };
    }
    if (!admitForToken(principal, response)) return;
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
    const existing = typeof sessionId === "string" ? sessions.get(sessionId) : undefined;
    if (existing && existing.principalId !== principal.id) {
      rpcError(response, 403, -32001, "This session belongs to another token.");
      return;
    }
    let session = existing?.value;
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
      session = await openSession(principal, response);
      if (!session) return;
    }
    // Event streams (GET) keep a session open but are not work: an idle session with only a
    // stream still expires. Requests that do work hold it open until they finish.
    const id = typeof sessionId === "string" ? sessionId : undefined;
    const work = request.method !== "GET";
    if (id) {
      sessions.begin(id, work);
      response.once("close", () => sessions.end(id, work));
    }
    await session.transport.handleRequest(request, response, body);
    // An initialize the SDK refused leaves a transport without a session id: give its room back.
    if (!existing && session.transport.sessionId === undefined) await session.close();
  }

  const http = createServer((request, response) => {
    if (inFlight >= settings.maxConcurrentRequests) {
      rpcError(response, 503, -32000, `Server busy: ${settings.maxConcurrentRequests} requests in progress (open event streams included). Retry shortly.`, {
        "retry-after": "1",
      });
      return;
    }
    inFlight += 1;
    response.once("close", () => {
      inFlight -= 1;
    });
    handle(request, response).catch((error: unknown) => {
      // The details are for the operator's log: they may name internals a client has no business seeing.
      application.onError(error);
      if (!response.headersSent) rpcError(response, 500, -32603, "Internal error. The server's log has the details.");
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
  const ownNames = ["127.0.0.1", "localhost", "[::1]", hostForUrl];
  for (const name of [...ownNames, ...settings.allowedHosts]) {
    allowedHosts.add((name.includes(":") && !name.startsWith("[") ? name : `${name}:${port}`).toLowerCase());
  }
  // Same-origin requests (a page served by this server, or a client that sends its target as
  // Origin) are accepted: DNS rebinding needs a foreign origin.
  for (const name of ownNames) allowedOrigins.add(`http://${name}:${port}`.toLowerCase());
  return {
    url: `http://${hostForUrl}:${port}/mcp`,
    async close() {
      await sessions.closeAll();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
