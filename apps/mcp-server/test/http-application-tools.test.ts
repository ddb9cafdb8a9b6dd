import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { createPubSub } from "@redis-mcp/pubsub";
import { createSessionStore } from "@redis-mcp/session";
import type { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cleanEnvironment, connectHttp, type HttpServerProcess, startHttpServer, textOf } from "./support/server-process.js";
import { TARGETS } from "./support/topologies.js";

const SESSION_SECRET = "http-app-session-secret-0123456789";
const TOKENS = {
  reader: "http-reader-token-0123456789abcdef",
  writer: "http-writer-token-0123456789abcdef",
  operator: "http-operator-token-0123456789abcd",
  admin: "http-admin-token-0123456789abcdefg",
};

describe.each(TARGETS)("application and admin tools over Streamable HTTP on $name", ({ name, target }) => {
  let server: HttpServerProcess;
  let raw: Redis | Cluster;
  const clients: Client[] = [];
  beforeAll(async () => {
    const resolved = await target();
    raw = resolved.raw();
    const directory = await mkdtemp(join(tmpdir(), "redis-mcp-http-apps-"));
    const tokens = join(directory, "tokens.json");
    await writeFile(
      tokens,
      JSON.stringify([
        { name: "reader", token: TOKENS.reader, tier: "read" },
        { name: "writer", token: TOKENS.writer, tier: "write" },
        { name: "operator", token: TOKENS.operator, tier: "destructive" },
        { name: "admin", token: TOKENS.admin, tier: "admin" },
      ]),
    );
    const secret = join(directory, "secret");
    await writeFile(secret, SESSION_SECRET, { mode: 0o600 });
    server = await startHttpServer(["--tier", "admin", "--auth-tokens-file", tokens, "--session-secret-file", secret], cleanEnvironment(resolved.environment));
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    raw?.disconnect();
    await server?.stop();
  });

  async function connect(token: string): Promise<Client> {
    const client = await connectHttp(server.url, token);
    clients.push(client);
    return client;
  }

  it("shows a read-tier token a session's metadata only, and a write-tier token its data", async () => {
    const session = await createSessionStore(raw, { secret: SESSION_SECRET }).create({ note: "private-note-42" }, { userId: "9", ip: "10.1.2.3" });
    const reader = await connect(TOKENS.reader);
    const read = await reader.callTool({ name: "session_get", arguments: { sessionId: session.id } });
    expect(read.structuredContent).toEqual({
      found: true,
      session: { userId: "9", createdAt: session.createdAt, lastAccessed: expect.any(Number), expiresAt: expect.any(Number) },
    });
    expect(JSON.stringify(read)).not.toContain("private-note-42");
    expect(JSON.stringify(read)).not.toContain("10.1.2.3");

    const writer = await connect(TOKENS.writer);
    const full = await writer.callTool({ name: "session_get", arguments: { sessionId: session.id } });
    expect(full.structuredContent).toMatchObject({ found: true, session: { userId: "9", data: { note: "private-note-42" }, ip: "10.1.2.3" } });
  });

  it("collects a message published with ioredis, and unsubscribes", async () => {
    const reader = await connect(TOKENS.reader);
    const observer = createPubSub(raw);
    try {
      const collecting = reader.callTool({ name: "pubsub_collect", arguments: { channels: ["http-events"], maxMessages: 1, waitMs: 30_000 } });
      await vi.waitFor(async () => expect((await observer.subscriberCounts(["http-events"]))["http-events"]).toBe(1));
      await raw.publish("http-events", "hello over http");
      const result = await collecting;
      expect(result.structuredContent).toEqual({
        messages: [{ channel: "http-events", raw: { encoding: "utf8", value: "hello over http" } }],
        stoppedBy: "count",
      });
      expect((await observer.subscriberCounts(["http-events"]))["http-events"]).toBe(0);
    } finally {
      await observer.close();
    }
  });

  it("serves config_get to an admin-tier token and refuses it to a lower tier", async () => {
    const admin = await connect(TOKENS.admin);
    const config = (await admin.callTool({ name: "config_get", arguments: { pattern: "maxmemory-policy" } })).structuredContent as {
      nodes: { node: string; config: Record<string, string> }[];
    };
    expect(config.nodes).toHaveLength(name === "cluster" ? 3 : 1);
    for (const node of config.nodes) expect(node.config).toHaveProperty("maxmemory-policy");

    const operator = await connect(TOKENS.operator);
    expect((await operator.listTools()).tools.map((tool) => tool.name)).not.toContain("config_get");
    const refused = await operator.callTool({ name: "config_get", arguments: { pattern: "maxmemory-policy" } });
    expect(refused.isError).toBe(true);
    expect(refused.structuredContent).toBeUndefined();
    expect(textOf(refused)).toMatch(/config_get not found on this server: it does not exist or is above this session's tier/);
  });
});
