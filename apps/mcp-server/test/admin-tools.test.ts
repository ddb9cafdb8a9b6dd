import { type StandaloneRedis, startRedisServer } from "@redis-mcp/test-redis";
import { useRedis } from "@redis-mcp/test-redis/vitest";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnvironment, connectStdio, type StdioConnection, textOf } from "./support/server-process.js";
import { serveTarget } from "./support/target-server.js";
import { TARGETS } from "./support/topologies.js";

type FlushResult = { dryRun: boolean; nodes: { node: string; keys: number }[]; totalKeys: number; confirmationToken?: string };

describe.each(TARGETS)("admin toolset on $name", ({ target }) => {
  const server = serveTarget(target, ["--toolsets", "admin", "--tier", "admin"]);
  const call = server.call;
  const nodeCount = () => (server.name === "cluster" ? 3 : 1);

  it("reads configuration per node by parameter or glob, and rejects bad patterns", async () => {
    const result = (await call("config_get", { pattern: "maxmemory*" })).structuredContent as { nodes: { node: string; config: Record<string, string> }[] };
    expect(result.nodes).toHaveLength(nodeCount());
    for (const node of result.nodes) expect(node.config).toHaveProperty("maxmemory-policy");
    const several = (await call("config_get", { pattern: ["save", "appendonly"] })).structuredContent as { nodes: { config: Record<string, string> }[] };
    expect(Object.keys(several.nodes[0]?.config ?? {}).sort()).toEqual(["appendonly", "save"]);
    expect((await call("config_get", { pattern: "" })).isError).toBe(true);
    expect((await call("config_get", { pattern: "MAXMEMORY; FLUSHALL" })).isError).toBe(true);
  });

  it("reports LASTSAVE without saving, then starts a background save on every master", async () => {
    const status = (await call("persistence_save", { statusOnly: true })).structuredContent as { nodes: { started: boolean; lastSave: number }[] };
    expect(status.nodes).toHaveLength(nodeCount());
    expect(status.nodes.every((node) => !node.started && node.lastSave > 0)).toBe(true);
    const saved = (await call("persistence_save", {})).structuredContent as { nodes: { started: boolean; message: string; lastStatus: string }[] };
    expect(saved.nodes).toHaveLength(nodeCount());
    // Started now, or refused because a save was already running: either way the server said so.
    for (const node of saved.nodes) expect(node.started || /in progress/i.test(node.message), node.message).toBe(true);
    expect((await call("persistence_save", { statusOnly: "yes" })).isError).toBe(true);
  });

  it("flushes only after a dry run with counts and its confirmation token", async () => {
    for (let index = 0; index < 30; index++) await server.raw.set(`flush:${index}`, "x");
    const dry = (await call("flush_database", {})).structuredContent as FlushResult;
    expect(dry).toMatchObject({ dryRun: true, totalKeys: 30 });
    expect(dry.nodes).toHaveLength(nodeCount());
    const refused = await call("flush_database", { dryRun: false });
    expect(textOf(refused)).toMatch(/E_CONFIRMATION_REQUIRED/);
    // A token from a dry run with other arguments does not confirm this one.
    const other = await call("flush_database", { dryRun: false, async: true, confirmationToken: dry.confirmationToken });
    expect(textOf(other)).toMatch(/E_CONFIRMATION_REQUIRED/);
    const remaining = async () =>
      (await Promise.all(Array.from({ length: 30 }, (_, index) => server.raw.exists(`flush:${index}`)))).reduce((sum, n) => sum + n, 0);
    expect(await remaining()).toBe(30);
    const done = (await call("flush_database", { dryRun: false, confirmationToken: dry.confirmationToken })).structuredContent as FlushResult;
    expect(done).toMatchObject({ dryRun: false, totalKeys: 30 });
    expect(await remaining()).toBe(0);
    expect((await call("flush_database", { dryRun: false, confirmationToken: "1.forged" })).isError).toBe(true);
  });
});

describe("config_set", () => {
  let redis: StandaloneRedis;
  let raw: Redis;
  let connection: StdioConnection;
  beforeAll(async () => {
    redis = await startRedisServer({ password: "s3cret-pass" });
    raw = new Redis(redis.port, { password: "s3cret-pass" });
    connection = await connectStdio(
      ["--toolsets", "admin", "--tier", "admin"],
      cleanEnvironment({ REDIS_URL: `redis://127.0.0.1:${redis.port}`, REDIS_PASSWORD: "s3cret-pass" }),
    );
  });
  afterAll(async () => {
    raw?.disconnect();
    await connection?.close();
    await redis?.stop();
  });
  const call = (name: string, args: Record<string, unknown>) => connection.client.callTool({ name, arguments: args });

  it("sets only what differs and says what changed", async () => {
    const result = (await call("config_set", { parameters: { "maxmemory-policy": "allkeys-lru", "slowlog-max-len": "256" } })).structuredContent as {
      nodes: { applied: boolean; changed: { parameter: string; current: string | null; desired: string }[] }[];
    };
    expect(result.nodes[0]?.applied).toBe(true);
    expect(result.nodes[0]?.changed.map((change) => change.parameter).sort()).toEqual(["maxmemory-policy", "slowlog-max-len"]);
    expect(await raw.config("GET", "maxmemory-policy")).toEqual(["maxmemory-policy", "allkeys-lru"]);
    const again = (await call("config_set", { parameters: { "maxmemory-policy": "allkeys-lru" } })).structuredContent as { nodes: { changed: unknown[] }[] };
    expect(again.nodes[0]?.changed).toEqual([]);
  });

  it("refuses unknown and start-up-only parameters without changing anything", async () => {
    const unknown = await call("config_set", { parameters: { "no-such-parameter": "1", "maxmemory-policy": "noeviction" } });
    expect(unknown.isError).toBe(true);
    expect(await raw.config("GET", "maxmemory-policy")).toEqual(["maxmemory-policy", "allkeys-lru"]);
    expect((await call("config_set", { parameters: {} })).isError).toBe(true);
    expect((await call("config_set", { parameters: { include: "/etc/passwd" } })).isError).toBe(true);
  });

  it("masks secrets in config_get and in config_set's report", async () => {
    const got = await call("config_get", { pattern: "requirepass" });
    expect(textOf(got)).not.toContain("s3cret-pass");
    expect((got.structuredContent as { nodes: { config: Record<string, string> }[] }).nodes[0]?.config.requirepass).toBe("********");
    const set = await call("config_set", { parameters: { masterauth: "other-secret-9" } });
    expect(set.isError).toBeFalsy();
    expect(JSON.stringify(set)).not.toContain("other-secret-9");
    expect(connection.stderr()).not.toContain("other-secret-9");
  });
});

describe("admin toolset refusals", () => {
  it("is not listed below the admin tier, and flush_database refuses under a key scope", async () => {
    const redis = await useRedis();
    const writer = await connectStdio(["--toolsets", "admin,keys"], cleanEnvironment({ REDIS_URL: redis.url }));
    const scoped = await connectStdio(["--toolsets", "admin", "--tier", "admin", "--key-prefix", "app:"], cleanEnvironment({ REDIS_URL: redis.url }));
    try {
      const names = (await writer.client.listTools()).tools.map((tool) => tool.name);
      expect(names).toContain("scan_keys");
      expect(names.filter((name) => ["config_get", "config_set", "persistence_save", "flush_database"].includes(name))).toEqual([]);
      expect((await writer.client.callTool({ name: "flush_database", arguments: {} })).isError).toBe(true);
      const raw = new Redis(redis.port);
      await raw.set("other:tenant", "1");
      const refused = await scoped.client.callTool({ name: "flush_database", arguments: {} });
      expect(textOf(refused)).toMatch(/E_SCOPE.*delete_keys/);
      expect(await raw.exists("other:tenant")).toBe(1);
      raw.disconnect();
    } finally {
      await writer.close();
      await scoped.close();
    }
  });

  it("leaves admin and raw out of the default toolsets", async () => {
    const redis = await useRedis();
    // The real default: no --toolsets and no REDIS_MCP_TOOLSETS (cleanEnvironment lists every toolset).
    const { REDIS_MCP_TOOLSETS: _everything, ...defaultEnvironment } = cleanEnvironment({ REDIS_URL: redis.url });
    const admin = await connectStdio(["--tier", "admin"], defaultEnvironment);
    const all = await connectStdio(["--tier", "admin", "--toolsets", "all"], cleanEnvironment({ REDIS_URL: redis.url }));
    try {
      const defaults = (await admin.client.listTools()).tools.map((tool) => tool.name);
      expect(defaults).toContain("scan_keys");
      expect(defaults).not.toContain("config_get");
      expect(defaults).not.toContain("redis_command");
      const everything = (await all.client.listTools()).tools.map((tool) => tool.name);
      expect(everything).toContain("config_get");
      // The raw escape hatch only by name, never through a preset.
      expect(everything).not.toContain("redis_command");
    } finally {
      await admin.close();
      await all.close();
    }
  });
});
