import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useRedis } from "@redis-mcp/test-redis/vitest";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cleanEnvironment, connectStdio, textOf } from "./support/server-process.js";
import { allKeys } from "./support/topologies.js";

describe("tiers", () => {
  it("a read-only server lists no write tools and refuses them", async () => {
    const redis = await useRedis();
    const connection = await connectStdio(["--read-only"], cleanEnvironment({ REDIS_URL: redis.url }));
    try {
      const { tools } = await connection.client.listTools();
      expect(tools.length).toBeGreaterThan(5);
      expect(tools.every((tool) => tool.annotations?.readOnlyHint === true)).toBe(true);
      expect(tools.map((tool) => tool.name)).not.toContain("delete_keys");
      const refused = await connection.client.callTool({ name: "delete_keys", arguments: { keys: ["a"] } });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(/delete_keys not found/i);
      expect(connection.client.getInstructions()).toContain("Safety tier: read");
    } finally {
      await connection.close();
    }
  });
});

describe("destructive tier: pattern deletes", () => {
  let raw: Redis;
  let auditFile: string;
  let connection: Awaited<ReturnType<typeof connectStdio>>;
  beforeAll(async () => {
    const redis = await useRedis();
    raw = new Redis(redis.port);
    auditFile = join(await mkdtemp(join(tmpdir(), "redis-mcp-audit-")), "audit.log");
    connection = await connectStdio(["--tier", "destructive", "--audit-log", auditFile], cleanEnvironment({ REDIS_URL: redis.url }));
  });
  afterAll(async () => {
    raw.disconnect();
    await connection.close();
  });

  it("dry-runs first, changes nothing, and deletes only with the matching confirmation token", async () => {
    await Promise.all(Array.from({ length: 40 }, (_, index) => raw.set(`temp:${index}`, "x".repeat(100))));
    await raw.set("keep:me", "1");
    const call = (args: Record<string, unknown>) => connection.client.callTool({ name: "delete_keys", arguments: args });
    const dry = (await call({ pattern: "temp:*" })).structuredContent as {
      dryRun: boolean;
      matched: number;
      estimatedBytes: number;
      confirmationToken: string;
    };
    expect(dry).toMatchObject({ dryRun: true, matched: 40 });
    expect(dry.estimatedBytes).toBeGreaterThan(40 * 100);
    expect(await raw.dbsize()).toBe(41);
    expect(textOf(await call({ pattern: "temp:*", dryRun: false }))).toMatch(/^E_CONFIRMATION_REQUIRED: .*dryRun: true first/);
    expect(textOf(await call({ pattern: "temp:1*", dryRun: false, confirmationToken: dry.confirmationToken }))).toMatch(/issued for other arguments/);
    expect(await raw.dbsize()).toBe(41);
    const done = await call({ pattern: "temp:*", dryRun: false, confirmationToken: dry.confirmationToken });
    expect(done.structuredContent).toMatchObject({ dryRun: false, deleted: 40 });
    expect(await allKeys(raw)).toEqual(["keep:me"]);
  });

  it("audits write calls with secrets redacted", async () => {
    const readLog = async () =>
      (await readFile(auditFile, "utf8"))
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line).audit);
    // Lines are buffered for up to AUDIT_FLUSH_MS before they are written.
    const log = await vi.waitFor(async () => {
      const entries = await readLog();
      expect(entries.filter((entry) => entry.tool === "delete_keys")).toHaveLength(4);
      return entries;
    });
    const outcomes = log.filter((entry) => entry.tool === "delete_keys").map((entry) => entry.outcome);
    expect(outcomes).toEqual(["dry-run", "error", "error", "ok"]);
    // A pattern delete is recorded at the tier it needed, though delete_keys is listed at write.
    expect(log.at(-1)).toMatchObject({ principal: "stdio", tier: "destructive", arguments: { pattern: "temp:*", confirmationToken: "[redacted]" } });
  });
});

describe("key scope", () => {
  it("never touches keys outside the prefix, even with * patterns", async () => {
    const redis = await useRedis();
    const raw = new Redis(redis.port);
    const connection = await connectStdio(["--key-prefix", "tenant-a:", "--tier", "destructive"], cleanEnvironment({ REDIS_URL: redis.url }));
    try {
      await raw.set("tenant-a:visible", "1");
      await raw.set("tenant-b:hidden", "2");
      await raw.set("plain", "3");
      const scanned = await connection.client.callTool({ name: "scan_keys", arguments: { pattern: "*" } });
      expect(scanned.structuredContent).toEqual({ keys: ["visible"] });
      const outside = await connection.client.callTool({ name: "read_key", arguments: { key: "tenant-b:hidden" } });
      expect(outside.structuredContent).toMatchObject({ exists: false });
      await connection.client.callTool({ name: "queue_enqueue", arguments: { queue: "jobs", payloads: [{ n: 1 }] } });
      expect((await allKeys(raw, "*queue*")).every((key) => key.startsWith("tenant-a:queue:{jobs}:"))).toBe(true);
      const dry = (await connection.client.callTool({ name: "delete_keys", arguments: { pattern: "*" } })).structuredContent as {
        confirmationToken: string;
        matched: number;
      };
      await connection.client.callTool({ name: "delete_keys", arguments: { pattern: "*", dryRun: false, confirmationToken: dry.confirmationToken } });
      expect(await allKeys(raw)).toEqual(["plain", "tenant-b:hidden"]);
    } finally {
      raw.disconnect();
      await connection.close();
    }
  });
});
