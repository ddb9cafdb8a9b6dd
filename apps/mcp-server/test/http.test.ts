import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useRedis, useRedisCluster } from "@redis-mcp/test-redis/vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnvironment, connectHttp, type HttpServerProcess, SERVER_BIN, startHttpServer, textOf } from "./support/server-process.js";

const ADMIN_TOKEN = "admin-token-0123456789abcdef";
const READER_TOKEN = "reader-token-0123456789abcdef";

/** A raw HTTP request, to send what an MCP client never would (bad Host, Origin, huge bodies). */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const outgoing = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: options.method ?? "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...options.headers },
      },
      (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => {
          body += chunk.toString();
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    outgoing.on("error", reject);
    outgoing.end(options.body);
  });
}

const INITIALIZE = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "0" } },
});

describe("Streamable HTTP with bearer tokens", () => {
  let server: HttpServerProcess;
  beforeAll(async () => {
    const redis = await useRedis();
    const directory = await mkdtemp(join(tmpdir(), "redis-mcp-http-"));
    const tokens = join(directory, "tokens.json");
    await writeFile(tokens, JSON.stringify([{ name: "ci-reader", token: READER_TOKEN, tier: "read" }]));
    server = await startHttpServer(
      ["--tier", "destructive", "--auth-tokens-file", tokens],
      cleanEnvironment({ REDIS_URL: redis.url, REDIS_MCP_AUTH_TOKEN: ADMIN_TOKEN }),
    );
  });
  afterAll(() => server.stop());

  it("refuses requests without a token or with a wrong one", async () => {
    const missing = await send(server.url, { body: INITIALIZE });
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body).error.message).toMatch(/Bearer/);
    const wrong = await send(server.url, { body: INITIALIZE, headers: { authorization: `Bearer ${ADMIN_TOKEN.replace("a", "b")}` } });
    expect(wrong.status).toBe(401);
    await expect(connectHttp(server.url, "x".repeat(32))).rejects.toThrow();
  });

  it("gives each token its own tier", async () => {
    const reader = await connectHttp(server.url, READER_TOKEN);
    const admin = await connectHttp(server.url, ADMIN_TOKEN);
    try {
      const readerTools = (await reader.listTools()).tools;
      expect(readerTools.every((tool) => tool.annotations?.readOnlyHint)).toBe(true);
      expect(textOf(await reader.callTool({ name: "delete_keys", arguments: { keys: ["a"] } }))).toMatch(/not found/i);
      const adminTools = (await admin.listTools()).tools.map((tool) => tool.name);
      expect(adminTools).toContain("delete_keys");
      expect((await admin.callTool({ name: "scan_keys", arguments: {} })).isError).toBeFalsy();
    } finally {
      await reader.close();
      await admin.close();
    }
  });

  it("serves key resources and completions to a read-only token", async () => {
    const reader = await connectHttp(server.url, READER_TOKEN);
    const admin = await connectHttp(server.url, ADMIN_TOKEN);
    try {
      await admin.callTool({ name: "hash_set", arguments: { key: "account:7", fields: { plan: "pro", owner: "ann" } } });
      const completion = await reader.complete({ ref: { type: "ref/resource", uri: "redis://key/{key}" }, argument: { name: "key", value: "acc" } });
      expect(completion.completion.values).toEqual(["account:7"]);
      const fields = await reader.complete({
        ref: { type: "ref/resource", uri: "redis://key/{key}/field/{field}" },
        argument: { name: "field", value: "p" },
        context: { arguments: { key: "account:7" } },
      });
      expect(fields.completion.values).toEqual(["plan"]);
      const read = await reader.readResource({ uri: "redis://key/account%3A7/field/plan" });
      expect(JSON.parse(textOf({ content: read.contents }))).toMatchObject({ fields: [{ field: "plan", value: { value: "pro" } }] });
    } finally {
      await reader.close();
      await admin.close();
    }
  });

  it("binds a session to the token that opened it", async () => {
    const opened = await send(server.url, { body: INITIALIZE, headers: { authorization: `Bearer ${READER_TOKEN}` } });
    expect(opened.status).toBe(200);
    const raw = await new Promise<string | undefined>((resolve) => {
      const target = new URL(server.url);
      request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json, text/event-stream", authorization: `Bearer ${READER_TOKEN}` },
        },
        (response) => {
          resolve(response.headers["mcp-session-id"] as string | undefined);
          response.resume();
        },
      ).end(INITIALIZE);
    });
    const hijack = await send(server.url, {
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "mcp-session-id": raw ?? "", "mcp-protocol-version": "2025-11-25" },
    });
    expect(hijack.status).toBe(403);
  });

  it("rejects DNS-rebinding Host and foreign Origin headers", async () => {
    const authorization = `Bearer ${ADMIN_TOKEN}`;
    expect((await send(server.url, { body: INITIALIZE, headers: { authorization, host: "evil.example:80" } })).status).toBe(403);
    const origin = await send(server.url, { body: INITIALIZE, headers: { authorization, origin: "http://evil.example" } });
    expect(origin.status).toBe(403);
    expect(origin.body).toContain("--allowed-origins");
  });

  it("answers /healthz without a token and /metrics with one", async () => {
    const healthz = await send(server.url.replace("/mcp", "/healthz"), { method: "GET" });
    expect(healthz.status).toBe(200);
    expect(JSON.parse(healthz.body)).toEqual({ status: "ok", redis: "up" });
    expect((await send(server.url.replace("/mcp", "/metrics"), { method: "GET" })).status).toBe(401);
    const metrics = await send(server.url.replace("/mcp", "/metrics"), { method: "GET", headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(metrics.body).toMatch(/redis_mcp_tool_calls_total\{tool="scan_keys",outcome="ok"\} [1-9]/);
  });

  it("refuses an oversized body clearly and keeps answering", async () => {
    const huge = await send(server.url, {
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "x", arguments: { v: "x".repeat(5 * 1024 * 1024) } } }),
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body).error.message).toMatch(/exceeds/);
    const client = await connectHttp(server.url, ADMIN_TOKEN);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await client.close();
  });
});

describe("HTTP listening rules", () => {
  it("refuses a non-loopback address without authentication", async () => {
    const failure = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        [SERVER_BIN, "--http", "--host", "0.0.0.0", "--port", "0"],
        { env: cleanEnvironment({ REDIS_URL: "redis://127.0.0.1:1" }) },
        (error, _stdout, stderr) => resolve({ code: (error as { code?: number } | null)?.code ?? 0, stderr }),
      ),
    );
    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/Refusing to serve HTTP on 0\.0\.0\.0 without authentication/);
  });

  it("serves loopback without tokens at the server's tier", async () => {
    const redis = await useRedis();
    const server = await startHttpServer(["--read-only"], cleanEnvironment({ REDIS_URL: redis.url }));
    try {
      const client = await connectHttp(server.url);
      expect((await client.listTools()).tools.every((tool) => tool.annotations?.readOnlyHint)).toBe(true);
      await client.close();
    } finally {
      await server.stop();
    }
  });

  it("serves a cluster over HTTP", async () => {
    const cluster = await useRedisCluster();
    const nodes = cluster.startupNodes.map((node) => `${node.host}:${node.port}`).join(",");
    const server = await startHttpServer([], cleanEnvironment({ REDIS_CLUSTER_NODES: nodes }));
    try {
      const client = await connectHttp(server.url);
      await client.callTool({ name: "queue_enqueue", arguments: { queue: "c", payloads: [1, 2, 3] } });
      expect((await client.callTool({ name: "queue_stats", arguments: { queue: "c" } })).structuredContent).toMatchObject({ ready: 3 });
      const info = (await client.callTool({ name: "server_info", arguments: { section: "server" } })).structuredContent as { nodes: unknown[] };
      expect(info.nodes).toHaveLength(3);
      await client.close();
    } finally {
      await server.stop();
    }
  });
});
