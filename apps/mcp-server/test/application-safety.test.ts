import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createCache } from "@redis-mcp/core";
import { createMetrics } from "@redis-mcp/metrics";
import { createPubSub, type PubSubMessage } from "@redis-mcp/pubsub";
import { useRedis } from "@redis-mcp/test-redis/vitest";
import { type Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  cleanEnvironment,
  connectHttp,
  connectStdio,
  type HttpServerProcess,
  SERVER_BIN,
  type StdioConnection,
  startHttpServer,
  textOf,
} from "./support/server-process.js";
import { serveTarget } from "./support/target-server.js";
import { allKeys, TARGETS } from "./support/topologies.js";

const execFileAsync = promisify(execFile);
const SESSION_SECRET = "scope-test-session-secret-9876543210";

describe.each(TARGETS)("the key scope on the application toolsets on $name", ({ target }) => {
  const server = serveTarget(target, ["--key-prefix", "tenant:", "--cache-namespace", "shop", "--metrics-prefix", "shop"]);
  const call = server.call;

  it("keeps cache entries and metrics under the scope, where a scoped application finds them", async () => {
    await call("cache_set", { key: "product:1", value: { price: 3 }, ttlMs: 60_000 });
    await call("metric_increment", { name: "visits_total" });
    // An application whose client has the same prefix reads what the tools wrote.
    const scoped =
      server.name === "cluster" ? (server.raw as Cluster).duplicate([], { keyPrefix: "tenant:" }) : (server.raw as Redis).duplicate({ keyPrefix: "tenant:" });
    const cache = createCache(scoped, { namespace: "shop", ttlMs: 60_000, l1: false });
    try {
      expect(await cache.get("product:1")).toEqual({ price: 3 });
      expect((await createMetrics(scoped, { prefix: "shop" }).summary()).counters.visits_total?.total).toBe(1);
    } finally {
      await cache.close();
      scoped.disconnect();
    }
    // An unscoped application with the same namespace sees nothing: the data is the tenant's.
    expect(await createCache(server.raw, { namespace: "shop", ttlMs: 60_000, l1: false, bus: false }).get("product:1")).toBeUndefined();
    if (server.name === "standalone") {
      const keys = await allKeys(server.raw as Redis);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.filter((key) => !key.startsWith("tenant:"))).toEqual([]);
    }
  });

  it("confines channels to the scope: publish, list, collect and complete", async () => {
    const outside = createPubSub(server.raw);
    try {
      const inScope: PubSubMessage[] = [];
      await outside.subscribe("tenant:orders", (message) => {
        inScope.push(message);
      });
      await outside.subscribe("other:orders", () => undefined);
      await call("pubsub_publish", { channel: "orders", data: { id: 1 } });
      await vi.waitFor(() => expect(inScope).toHaveLength(1));

      // Every channel in the scope (the cache's bus too, when a cache tool ran), none of another tenant's.
      const listed = ((await call("pubsub_channels", {})).structuredContent as { channels: { name: string }[] }).channels.map((channel) => channel.name);
      expect(listed).toContain("orders");
      expect(listed.filter((name) => name.includes("other") || name.startsWith("tenant:"))).toEqual([]);
      const completion = await server.connection.client.complete({
        ref: { type: "ref/resource", uri: "redis://channel/{channel}" },
        argument: { name: "channel", value: "o" },
      });
      expect(completion.completion.values).toEqual(["orders"]);

      const collecting = call("pubsub_collect", { patterns: ["*"], maxMessages: 1, waitMs: 30_000 });
      await vi.waitFor(async () => expect(await outside.patternCount()).toBe(1));
      // Another tenant's message first: the collector must not see it.
      await outside.publish("other:orders", { secret: "other-tenant" });
      await outside.publish("tenant:orders", { mine: true });
      const collected = (await collecting).structuredContent as { messages: { channel: string; pattern?: string; data?: unknown }[] };
      expect(collected.messages).toEqual([expect.objectContaining({ channel: "orders", pattern: "*", data: { mine: true } })]);
    } finally {
      await outside.close();
    }
  });
});

describe("the audit log of the application toolsets", () => {
  let connection: StdioConnection;
  let auditFile: string;
  const written = {
    cacheValue: "cache-value-5b1e",
    sessionData: "session-data-a9c4",
    sessionPatch: "session-patch-03fd",
    payload: "published-payload-7e2a",
  };
  let sessionId = "";
  beforeAll(async () => {
    const redis = await useRedis();
    auditFile = join(await mkdtemp(join(tmpdir(), "redis-mcp-audit-")), "audit.log");
    connection = await connectStdio(["--audit-log", auditFile], cleanEnvironment({ REDIS_URL: redis.url, REDIS_MCP_SESSION_SECRET: SESSION_SECRET }));
    const call = (name: string, args: Record<string, unknown>) => connection.client.callTool({ name, arguments: args });
    await call("cache_set", { key: "page:home", value: { html: written.cacheValue }, ttlMs: 60_000, tags: ["pages"] });
    const created = await call("session_create", { data: { note: written.sessionData }, userId: "u1" });
    sessionId = (created.structuredContent as { sessionId: string }).sessionId;
    await call("session_update", { sessionId, set: { note: written.sessionPatch } });
    await call("pubsub_publish", { channel: "news", data: [written.payload] });
    await call("gauge_set", { name: "audit_gauge", value: 4242.5 });
  });
  afterAll(() => connection.close());

  it("never contains a written value, a session id or the session secret", async () => {
    const text = await vi.waitFor(async () => {
      const content = await readFile(auditFile, "utf8");
      expect(content.trim().split("\n")).toHaveLength(5);
      return content;
    });
    for (const [what, value] of Object.entries({ ...written, sessionId, secret: SESSION_SECRET, gauge: "4242.5" })) expect(text, what).not.toContain(value);
    expect(connection.stderr()).not.toContain(SESSION_SECRET);
    const entries = text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line).audit as { tool: string; arguments: Record<string, unknown> });
    // What each call was about stays: the cache key and tags, the channel, the metric name.
    expect(entries.find((entry) => entry.tool === "cache_set")?.arguments).toMatchObject({ key: "page:home", tags: ["pages"], value: { html: "[redacted]" } });
    expect(entries.find((entry) => entry.tool === "pubsub_publish")?.arguments).toMatchObject({ channel: "news", data: "[redacted: 1 item]" });
    expect(entries.find((entry) => entry.tool === "session_update")?.arguments).toMatchObject({ sessionId: `[redacted: ${sessionId.length} chars]` });
  });
});

describe("the session secret", () => {
  it("is masked in --print-config and read from a file", async () => {
    const directory = await mkdtemp(join(tmpdir(), "redis-mcp-secret-"));
    const file = join(directory, "secret");
    await writeFile(file, `${SESSION_SECRET}\n`);
    for (const [args, environment] of [
      [["--print-config"], { REDIS_MCP_SESSION_SECRET: SESSION_SECRET }],
      [["--print-config", "--session-secret-file", file, "--session-prefix", "app:s:"], {}],
    ] as const) {
      const { stdout } = await execFileAsync(process.execPath, [SERVER_BIN, ...args], {
        env: cleanEnvironment({ REDIS_URL: "redis://127.0.0.1:1", ...environment }),
      });
      expect(stdout).not.toContain(SESSION_SECRET);
      expect(JSON.parse(stdout).server.applications).toMatchObject({ sessionSecret: expect.stringMatching(/\*/) });
    }
    await expect(
      execFileAsync(process.execPath, [SERVER_BIN, "--session-secret-file", file], {
        env: cleanEnvironment({ REDIS_URL: "redis://127.0.0.1:1", REDIS_MCP_SESSION_SECRET: "x" }),
      }),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/not both/) });
    await expect(
      execFileAsync(process.execPath, [SERVER_BIN, "--cache-namespace", "a{b}"], { env: cleanEnvironment({ REDIS_URL: "redis://127.0.0.1:1" }) }),
    ).rejects.toMatchObject({
      stderr: expect.stringMatching(/--cache-namespace.*without braces/),
    });
  });
});

describe("the application toolsets over Streamable HTTP", () => {
  let server: HttpServerProcess;
  let port = 0;
  beforeAll(async () => {
    const redis = await useRedis();
    port = redis.port;
    server = await startHttpServer(["--toolsets", "app", "--cache-namespace", "web"], cleanEnvironment({ REDIS_URL: redis.url }));
  });
  afterAll(() => server.stop());

  it("serves the cache toolset to an HTTP client, on the data the application writes", async () => {
    const client = await connectHttp(server.url);
    const raw = new Redis(port);
    const cache = createCache(raw, { namespace: "web", ttlMs: 60_000, l1: false });
    try {
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(names).toEqual(expect.arrayContaining(["cache_get", "session_get", "metric_get", "pubsub_collect", "queue_stats"]));
      expect(names).not.toContain("string_get");
      await cache.set("greeting", "hello");
      expect((await client.callTool({ name: "cache_get", arguments: { key: "greeting" } })).structuredContent).toEqual({
        found: true,
        value: { encoding: "json", value: "hello" },
      });
      await client.callTool({ name: "cache_set", arguments: { key: "greeting", value: "bonjour", ttlMs: 60_000 } });
      expect(await cache.get("greeting")).toBe("bonjour");
      expect(textOf(await client.callTool({ name: "cache_set", arguments: { key: "greeting", value: "x", ttlMs: 0 } }))).toMatch(/ttlMs/);
    } finally {
      await cache.close();
      raw.disconnect();
      await client.close();
    }
  });
});
