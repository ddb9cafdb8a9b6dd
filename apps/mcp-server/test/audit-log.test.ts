import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useRedis } from "@redis-mcp/test-redis/vitest";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cleanEnvironment, connectStdio, type StdioConnection } from "./support/server-process.js";

/** Values every write tool gets: none of them may reach the audit log. */
const WRITTEN = {
  string: "string-value-7f3a",
  mset: "mset-value-91c2",
  hashValue: "hash-value-44d8",
  listValue: "list-value-0b6e",
  setMember: "set-member-c1a9",
  zsetMember: "zset-member-5e21",
  zsetIncremented: "zset-incremented-77aa",
  streamValue: "stream-value-3d90",
  geoMember: "geo-member-8f14",
  longitude: 13.361389,
  latitude: 38.115556,
  hllElement: "hll-element-2c7b",
  bloomItem: "bloom-item-e4f0",
  payloadSecret: "nested-payload-secret-6a3c",
  increment: 987_654,
};

describe("the audit log", () => {
  let connection: StdioConnection;
  let auditFile: string;
  beforeAll(async () => {
    const redis = await useRedis();
    auditFile = join(await mkdtemp(join(tmpdir(), "redis-mcp-audit-")), "audit.log");
    connection = await connectStdio(["--tier", "destructive", "--audit-log", auditFile], cleanEnvironment({ REDIS_URL: redis.url }));
    const calls: [string, Record<string, unknown>][] = [
      ["string_set", { key: "s", value: WRITTEN.string }],
      ["string_mset", { values: { "m:1": WRITTEN.mset, "m:2": WRITTEN.mset } }],
      ["hash_set", { key: "h", fields: { email: WRITTEN.hashValue } }],
      ["hash_increment", { key: "h", field: "visits", by: WRITTEN.increment }],
      ["list_push", { key: "l", values: [WRITTEN.listValue] }],
      ["set_add", { key: "set", members: [WRITTEN.setMember] }],
      ["set_remove", { key: "set", members: [WRITTEN.setMember] }],
      ["zset_add", { key: "z", members: [{ member: WRITTEN.zsetMember, score: 4242 }] }],
      ["zset_increment", { key: "z", member: WRITTEN.zsetIncremented, by: WRITTEN.increment }],
      ["stream_add", { key: "x", fields: { note: WRITTEN.streamValue } }],
      ["geo_add", { key: "g", members: [{ member: WRITTEN.geoMember, longitude: WRITTEN.longitude, latitude: WRITTEN.latitude }] }],
      ["hll_add", { key: "hll", elements: [WRITTEN.hllElement] }],
      ["bloom_add", { name: "seen", items: [WRITTEN.bloomItem] }],
      ["queue_enqueue", { queue: "jobs", payloads: [{ user: { card: WRITTEN.payloadSecret } }, [WRITTEN.payloadSecret]] }],
      ["delete_keys", { keys: Array.from({ length: 50 }, (_, index) => `gone:${index}`) }],
      ["delete_keys", { pattern: "gone:*" }],
    ];
    for (const [name, args] of calls) {
      const result = await connection.client.callTool({ name, arguments: args });
      expect(result.isError, `${name}: ${JSON.stringify(result.content)}`).toBeFalsy();
    }
  });
  afterAll(() => connection.close());

  async function entries(): Promise<{ tool: string; tier: string; arguments: Record<string, unknown> }[]> {
    // Lines are buffered for up to AUDIT_FLUSH_MS before they are written.
    return vi.waitFor(async () => {
      const lines = (await readFile(auditFile, "utf8")).trim().split("\n");
      expect(lines).toHaveLength(16);
      return lines.map((line) => JSON.parse(line).audit);
    });
  }

  it("never contains a written value, however deeply nested", async () => {
    await entries();
    const text = await readFile(auditFile, "utf8");
    for (const [what, value] of Object.entries(WRITTEN)) expect(text, what).not.toContain(String(value));
  });

  it("keeps what a call was about: keys, names, field names and sizes", async () => {
    const log = await entries();
    const byTool = (tool: string) => log.filter((entry) => entry.tool === tool);
    expect(byTool("string_set")[0]?.arguments).toEqual({ key: "s", value: `[redacted: ${WRITTEN.string.length} chars]`, encoding: "utf8" });
    expect(byTool("string_mset")[0]?.arguments.values).toEqual({ "m:1": "[redacted]", "m:2": "[redacted]" });
    expect(byTool("hash_set")[0]?.arguments.fields).toEqual({ email: "[redacted]" });
    expect(byTool("geo_add")[0]?.arguments).toMatchObject({ key: "g", members: "[redacted: 1 item]" });
    expect(byTool("queue_enqueue")[0]?.arguments).toMatchObject({ queue: "jobs", payloads: "[redacted: 2 items]" });
    expect(byTool("hash_increment")[0]?.arguments).toMatchObject({ key: "h", field: "visits", by: "[redacted]" });
  });

  it("caps long lists and records the tier each call needed", async () => {
    const [listed, pattern] = (await entries()).filter((entry) => entry.tool === "delete_keys");
    const keys = listed?.arguments.keys as string[];
    expect(keys).toHaveLength(21);
    expect(keys.at(-1)).toBe("… (30 more)");
    expect(listed?.tier).toBe("write");
    expect(pattern?.tier).toBe("destructive");
  });
});
