import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { afterEach, describe, expect, it } from "vitest";
import { INITIALIZE, send } from "../../test/support/raw-http.js";
import type { HttpSettings } from "../settings/mcp-server-settings.js";
import { type HttpApplication, type HttpTransport, startHttpTransport } from "./http-transport.js";

const SETTINGS: HttpSettings = {
  host: "127.0.0.1",
  port: 0,
  tokens: [],
  allowedHosts: [],
  allowedOrigins: ["https://app.example"],
  insecure: false,
  maxConcurrentRequests: 8,
  maxConcurrentRequestsPerToken: 4,
  maxSessionsPerToken: 4,
  sessionIdleTimeoutMs: 60_000,
  maxBodyBytes: 1024 * 1024,
};

function application(overrides: Partial<HttpApplication> = {}): HttpApplication & { errors: unknown[] } {
  const errors: unknown[] = [];
  return {
    errors,
    defaultTier: "read",
    openSession: async () => new McpServer({ name: "test", version: "0" }),
    health: async () => ({ status: "ok", redis: "up" }),
    metrics: () => "",
    onError: (error) => errors.push(error),
    ...overrides,
  };
}

let running: HttpTransport | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe("the HTTP transport", () => {
  it("answers an internal failure with a bare 500 and gives the details to the operator's log only", async () => {
    const app = application({
      health: async () => {
        throw new Error("ECONNREFUSED 10.1.2.3:6379 while reading /etc/redis-mcp/secret.conf");
      },
    });
    running = await startHttpTransport(SETTINGS, app);
    const response = await send(running.url.replace("/mcp", "/healthz"), { method: "GET" });
    expect(response.status).toBe(500);
    expect(response.body).not.toMatch(/ECONNREFUSED|10\.1\.2\.3|secret/);
    expect(JSON.parse(response.body).error).toMatchObject({ code: -32603, message: "Internal error. The server's log has the details." });
    expect(String(app.errors[0])).toContain("ECONNREFUSED 10.1.2.3:6379");
  });

  it("accepts the server's own loopback origins and listed ones, and refuses others", async () => {
    running = await startHttpTransport(SETTINGS, application());
    const port = new URL(running.url).port;
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`, "https://app.example"]) {
      expect((await send(running.url, { body: INITIALIZE, headers: { origin } })).status, origin).toBe(200);
    }
    for (const origin of ["http://evil.example", `http://127.0.0.1:${Number(port) + 1}`, `https://127.0.0.1:${port}`, "null"]) {
      const refused = await send(running.url, { body: INITIALIZE, headers: { origin } });
      expect(refused.status, origin).toBe(403);
      expect(refused.body).toContain("--allowed-origins");
    }
  });
});
