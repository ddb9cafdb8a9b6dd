import { type ClientRequest, type IncomingMessage, request } from "node:http";

/** A finished raw HTTP exchange. */
export interface RawResponse {
  status: number;
  headers: IncomingMessage["headers"];
  body: string;
}

/** What {@link send} takes: defaults are a JSON POST accepting JSON and event streams. */
export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

function options(url: string, raw: RawRequest) {
  const target = new URL(url);
  return {
    host: target.hostname,
    port: target.port,
    path: target.pathname,
    method: raw.method ?? "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...raw.headers },
  };
}

/** A raw HTTP request, to send what an MCP client never would (bad Host, Origin, huge bodies, many streams). */
export function send(url: string, raw: RawRequest = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(options(url, raw), (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    outgoing.on("error", reject);
    outgoing.end(raw.body);
  });
}

/** An initialize request body. */
export const INITIALIZE = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw-http-test", version: "0" } },
});

/** Headers of a request in an initialized session. */
export function sessionHeaders(sessionId: string, token?: string): Record<string, string> {
  return { "mcp-session-id": sessionId, "mcp-protocol-version": "2025-11-25", ...(token ? { authorization: `Bearer ${token}` } : {}) };
}

/**
 * Opens a session the way a client does (initialize, then notifications/initialized) and returns
 * its id, or the refusal's status and body.
 */
export async function openSession(url: string, token?: string): Promise<{ sessionId: string } | { status: number; body: string }> {
  const initialized = await send(url, { body: INITIALIZE, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const sessionId = initialized.headers["mcp-session-id"];
  if (initialized.status !== 200 || typeof sessionId !== "string") return { status: initialized.status, body: initialized.body };
  await send(url, { body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }), headers: sessionHeaders(sessionId, token) });
  return { sessionId };
}

/** A standing GET event stream of a session; resolves once the server answered its headers. */
export interface EventStream {
  status: number;
  close(): Promise<void>;
}

/** Opens the session's GET event stream and keeps it open until `close()`. */
export function openEventStream(url: string, sessionId: string, token?: string): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    let outgoing: ClientRequest | undefined;
    outgoing = request(options(url, { method: "GET", headers: { ...sessionHeaders(sessionId, token), accept: "text/event-stream" } }), (response) => {
      response.resume();
      resolve({
        status: response.statusCode ?? 0,
        close: () =>
          new Promise<void>((done) => {
            if (response.destroyed || response.complete) return done();
            response.once("close", () => done());
            outgoing?.destroy();
          }),
      });
    });
    outgoing.on("error", reject);
    outgoing.end();
  });
}

/** A tools/call body. */
export function toolCall(id: number, name: string, args: Record<string, unknown>): string {
  return JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } });
}
