import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { textOf } from "./support/server-process.js";
import { serveTarget } from "./support/target-server.js";
import { TARGETS } from "./support/topologies.js";

type Decoded = { encoding: "utf8" | "base64"; value: string };
type HashPage = { fields: { field: string; value: Decoded | null; totalBytes?: number }[]; total?: number; truncated: boolean; nextCursor?: string };

const BUDGET = 65_536;

describe.each(TARGETS)("hashes toolset on $name", ({ target }) => {
  const server = serveTarget(target, ["--max-result-bytes", String(BUDGET)]);
  const call = server.call;
  async function ok<T>(tool: string, args: Record<string, unknown>): Promise<T> {
    const result = await call(tool, args);
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(Buffer.byteLength(JSON.stringify(result.structuredContent))).toBeLessThanOrEqual(BUDGET);
    return result.structuredContent as T;
  }
  async function fails(tool: string, args: Record<string, unknown>): Promise<string> {
    const result = await call(tool, args);
    expect(result.isError).toBe(true);
    return textOf(result);
  }
  /** Every page of hash_get without fields, until nextCursor runs out. */
  async function allFields(key: string, limit?: number): Promise<HashPage["fields"]> {
    const fields: HashPage["fields"] = [];
    let cursor: string | undefined;
    do {
      const page: HashPage = await ok<HashPage>("hash_get", { key, cursor, limit });
      fields.push(...page.fields);
      expect(page.truncated).toBe(page.nextCursor !== undefined);
      cursor = page.nextCursor;
    } while (cursor);
    return fields;
  }

  it("hash_set writes fields and hash_get reads given fields", async () => {
    expect(await ok("hash_set", { key: "user:1", fields: { name: "Ada", city: "Zürich" } })).toEqual({ added: 2 });
    expect(await ok("hash_set", { key: "user:1", fields: { name: "Ada L.", visits: "1" } })).toEqual({ added: 1 });
    expect(await server.raw.hgetall("user:1")).toEqual({ name: "Ada L.", city: "Zürich", visits: "1" });
    expect(await ok("hash_get", { key: "user:1", fields: ["city", "nope"] })).toEqual({
      fields: [
        { field: "city", value: { encoding: "utf8", value: "Zürich" } },
        { field: "nope", value: null },
      ],
      truncated: false,
    });
    expect(await fails("hash_set", { key: "user:1", fields: {} })).toMatch(/^E_INVALID_ARGUMENT: give between 1 and 1000 fields/);
    expect(await fails("hash_get", { key: "user:1", fields: [] })).toMatch(/Input validation error/);
    expect(await fails("hash_get", { key: "user:1", fields: ["name"], limit: 5 })).toMatch(/^E_INVALID_ARGUMENT: limit pages through all fields/);
  });

  it("binary field values round-trip byte for byte", async () => {
    const bytes = Buffer.concat([Buffer.from([0x80, 0xff]), randomBytes(300)]);
    await ok("hash_set", { key: "files", fields: { avatar: bytes.toString("base64") }, encoding: "base64" });
    expect((await server.raw.hgetBuffer("files", "avatar"))?.equals(bytes)).toBe(true);
    const read = await ok<HashPage>("hash_get", { key: "files", fields: ["avatar"] });
    expect(read.fields[0]?.value).toEqual({ encoding: "base64", value: bytes.toString("base64") });
    const scanned = await ok<HashPage>("hash_get", { key: "files" });
    expect(scanned.fields).toEqual([{ field: "avatar", value: { encoding: "base64", value: bytes.toString("base64") } }]);
    expect(await fails("hash_set", { key: "files", fields: { bad: "***" }, encoding: "base64" })).toMatch(/^E_INVALID_ARGUMENT: .*base64/);
  });

  it("hash_get without fields pages through a large hash with a cursor", async () => {
    const entries = Object.fromEntries(Array.from({ length: 600 }, (_, index) => [`field:${index}`, `value-${index}`]));
    await server.raw.hset("large", entries);
    const first = await ok<HashPage>("hash_get", { key: "large", limit: 50 });
    expect(first.total).toBe(600);
    expect(first.truncated).toBe(true);
    const fields = await allFields("large", 50);
    const seen = new Map(fields.map((entry) => [entry.field, entry.value?.value]));
    expect(seen.size).toBe(600);
    expect(seen.get("field:599")).toBe("value-599");
    expect(await ok("hash_get", { key: "absent" })).toEqual({ fields: [], total: 0, truncated: false });
    expect(await fails("hash_get", { key: "large", cursor: "not-a-cursor" })).toMatch(/^E_INVALID_ARGUMENT: .*cursor/);
  });

  it("hash_get stays within the budget: fields past it are named with their size", async () => {
    const big = Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`part:${index}`, `${index}`.padEnd(10_000, "z")]));
    await server.raw.hset("heavy", { ...big, huge: "h".repeat(100_000) });
    const values = new Map<string, string>();
    let cursor: string | undefined;
    let marked = 0;
    do {
      const page: HashPage = await ok<HashPage>("hash_get", { key: "heavy", cursor });
      for (const entry of page.fields) {
        if (entry.value === null) {
          marked++;
          expect(entry.totalBytes).toBe(entry.field === "huge" ? 100_000 : 10_000);
        } else {
          values.set(entry.field, entry.value.value);
        }
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(marked).toBeGreaterThan(0);
    // Fields named with their size can be asked for by name, and come back in budget-sized pages.
    const names = [...Object.keys(big), "huge"];
    const byName: HashPage["fields"] = [];
    cursor = undefined;
    do {
      const page: HashPage = await ok<HashPage>("hash_get", { key: "heavy", fields: names, cursor });
      byName.push(...page.fields);
      cursor = page.nextCursor;
    } while (cursor);
    expect(byName.map((entry) => entry.field)).toEqual(names);
    for (const entry of byName) {
      if (entry.field === "huge") expect(entry).toEqual({ field: "huge", value: null, totalBytes: 100_000 });
      else expect(entry.value?.value).toBe(big[entry.field]);
    }
  });

  it("hash_delete_fields and hash_increment", async () => {
    await server.raw.hset("stats", { views: "10", ratio: "0.5", stale: "x" });
    expect(await ok("hash_delete_fields", { key: "stats", fields: ["stale", "never"] })).toEqual({ deleted: 1 });
    expect(await server.raw.hexists("stats", "stale")).toBe(0);
    expect(await ok("hash_increment", { key: "stats", field: "views", by: 5 })).toEqual({ value: 15 });
    expect(await ok("hash_increment", { key: "stats", field: "fresh" })).toEqual({ value: 1 });
    expect(await ok("hash_increment", { key: "stats", field: "ratio", by: 0.25, float: true })).toEqual({ value: 0.75 });
    expect(await server.raw.hget("stats", "ratio")).toBe("0.75");
    expect(await fails("hash_increment", { key: "stats", field: "views", by: 0.5 })).toMatch(/^E_INVALID_ARGUMENT: .*integer unless float/);
    expect(await fails("hash_delete_fields", { key: "stats", fields: [] })).toMatch(/Input validation error/);
  });

  it("names the right tool for another type", async () => {
    await server.raw.set("plain", "text");
    expect(await fails("hash_get", { key: "plain" })).toMatch(/^E_WRONG_TYPE: .*holds a string: use string_get/);
    expect(await fails("hash_get", { key: "plain", fields: ["a"] })).toMatch(/^E_WRONG_TYPE: .*use string_get/);
    expect(await fails("hash_set", { key: "plain", fields: { a: "1" } })).toMatch(/^E_WRONG_TYPE/);
    expect(await server.raw.get("plain")).toBe("text");
  });
});
