import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { textOf } from "./support/server-process.js";
import { serveTarget } from "./support/target-server.js";
import { TARGETS } from "./support/topologies.js";

type Decoded = { encoding: "utf8" | "base64"; value: string };
type Window = { exists: boolean; value: Decoded | null; totalBytes: number; offset: number; truncated: boolean; nextOffset?: number };
type MgetPage = { values: { key: string; value: Decoded | null; totalBytes?: number }[]; truncated: boolean; nextCursor?: string };

const BUDGET = 65_536;

function bytesOf(decoded: Decoded): Buffer {
  return Buffer.from(decoded.value, decoded.encoding === "base64" ? "base64" : "utf8");
}

describe.each(TARGETS)("strings toolset on $name", ({ target }) => {
  const server = serveTarget(target, ["--max-result-bytes", String(BUDGET)]);
  const call = server.call;
  async function ok<T>(tool: string, args: Record<string, unknown>): Promise<T> {
    const result = await call(tool, args);
    expect(result.isError, textOf(result)).toBeFalsy();
    return result.structuredContent as T;
  }
  async function fails(tool: string, args: Record<string, unknown>): Promise<string> {
    const result = await call(tool, args);
    expect(result.isError).toBe(true);
    return textOf(result);
  }

  it("string_set writes with TTL and NX/XX; string_get reads it back", async () => {
    expect(await ok("string_set", { key: "greeting", value: "héllo 😀" })).toEqual({ written: true });
    expect(await server.raw.get("greeting")).toBe("héllo 😀");
    expect(await ok("string_get", { key: "greeting" })).toEqual({
      exists: true,
      value: { encoding: "utf8", value: "héllo 😀" },
      totalBytes: Buffer.byteLength("héllo 😀"),
      offset: 0,
      truncated: false,
    });
    expect(await ok("string_set", { key: "greeting", value: "other", condition: "NX" })).toEqual({ written: false });
    expect(await ok("string_set", { key: "absent", value: "x", condition: "XX" })).toEqual({ written: false });
    expect(await server.raw.exists("absent")).toBe(0);

    expect(await ok("string_set", { key: "greeting", value: "ttl", ttlMs: 60_000 })).toEqual({ written: true });
    expect(await server.raw.pttl("greeting")).toBeGreaterThan(50_000);
    await ok("string_set", { key: "greeting", value: "kept", keepTtl: true, condition: "XX" });
    expect(await server.raw.get("greeting")).toBe("kept");
    expect(await server.raw.pttl("greeting")).toBeGreaterThan(50_000);
    await ok("string_set", { key: "greeting", value: "plain" });
    expect(await server.raw.pttl("greeting")).toBe(-1);

    expect(await ok("string_get", { key: "missing" })).toEqual({ exists: false, value: null, totalBytes: 0, offset: 0, truncated: false });
    // An empty string exists: it is not reported as a missing key.
    await server.raw.set("blank", "");
    expect(await ok("string_get", { key: "blank" })).toEqual({
      exists: true,
      value: { encoding: "utf8", value: "" },
      totalBytes: 0,
      offset: 0,
      truncated: false,
    });
    expect(await fails("string_set", { key: "greeting", value: "x", ttlMs: 1000, keepTtl: true })).toMatch(/^E_INVALID_ARGUMENT: give ttlMs or keepTtl/);
    expect(await fails("string_set", { key: "greeting", value: "not base64!", encoding: "base64" })).toMatch(/^E_INVALID_ARGUMENT: .*not canonical base64/);
    expect(await fails("string_set", { key: "", value: "x" })).toMatch(/Input validation error/);
    // A misspelt argument is refused, never dropped: "ttl" would otherwise write a key without a TTL.
    expect(await fails("string_set", { key: "typo", value: "x", ttl: 60 })).toMatch(
      /Unrecognized key: "ttl".*string_set takes only: key, value, encoding, ttlMs, condition, keepTtl \(nothing was changed\)/s,
    );
    expect(await server.raw.exists("typo")).toBe(0);
    expect(await server.raw.get("greeting")).toBe("plain");
  });

  it("binary values round-trip byte for byte through base64", async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0xc3]), randomBytes(1000)]);
    expect(await ok("string_set", { key: "blob", value: bytes.toString("base64"), encoding: "base64" })).toEqual({ written: true });
    expect((await server.raw.getBuffer("blob"))?.equals(bytes)).toBe(true);
    const read = await ok<Window>("string_get", { key: "blob" });
    expect(read.value).toEqual({ encoding: "base64", value: bytes.toString("base64") });
    expect(read.totalBytes).toBe(bytes.length);
  });

  it("string_get on another type names the right tool", async () => {
    await server.raw.hset("profile", "name", "Ada");
    expect(await fails("string_get", { key: "profile" })).toMatch(/^E_WRONG_TYPE: .*holds a hash: use hash_get/);
    await server.raw.rpush("queue", "a");
    expect(await fails("string_increment", { key: "queue" })).toMatch(/^E_WRONG_TYPE: .*holds a list: use list_range/);
  });

  it("string_get reads a 10 MB string in windows within the budget, byte-exact", { timeout: 180_000 }, async () => {
    const unit = "Redis ✓ — 日本語 😀 text;\n";
    const original = Buffer.from(unit.repeat(Math.ceil((10 * 1024 * 1024) / Buffer.byteLength(unit))));
    await server.raw.set("big", original);
    const parts: Buffer[] = [];
    let offset: number | undefined = 0;
    let calls = 0;
    while (offset !== undefined) {
      const result = await call("string_get", { key: "big", offset });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(Buffer.byteLength(JSON.stringify(result.structuredContent))).toBeLessThanOrEqual(BUDGET);
      const window = result.structuredContent as Window;
      expect(window).toMatchObject({ exists: true, totalBytes: original.length, offset });
      // Windows end on character boundaries, so text stays text.
      expect(window.value?.encoding).toBe("utf8");
      parts.push(bytesOf(window.value as Decoded));
      expect(window.truncated).toBe(window.nextOffset !== undefined);
      offset = window.nextOffset;
      calls++;
    }
    expect(calls).toBeGreaterThan(100);
    expect(Buffer.concat(parts).equals(original)).toBe(true);

    const small = await ok<Window>("string_get", { key: "big", offset: 5, maxBytes: 100 });
    expect(small.nextOffset).toBeLessThanOrEqual(105);
    expect(bytesOf(small.value as Decoded).equals(original.subarray(5, small.nextOffset))).toBe(true);
    expect(await fails("string_get", { key: "big", offset: -1 })).toMatch(/Input validation error/);
  });

  it("string_get windows binary data too", { timeout: 60_000 }, async () => {
    const original = randomBytes(200_000);
    await server.raw.set("binary", original);
    const parts: Buffer[] = [];
    let offset: number | undefined = 0;
    while (offset !== undefined) {
      const window: Window = await ok<Window>("string_get", { key: "binary", offset });
      expect(window.value?.encoding).toBe("base64");
      parts.push(bytesOf(window.value as Decoded));
      offset = window.nextOffset;
    }
    expect(Buffer.concat(parts).equals(original)).toBe(true);
  });

  it("string_get keeps text that JSON escapes heavily within the budget, as base64", async () => {
    const original = Buffer.from('\u0001"'.repeat(50_000));
    await server.raw.set("escaped", original);
    const parts: Buffer[] = [];
    let offset: number | undefined = 0;
    while (offset !== undefined) {
      const result = await call("string_get", { key: "escaped", offset });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(Buffer.byteLength(JSON.stringify(result.structuredContent))).toBeLessThanOrEqual(BUDGET);
      const window = result.structuredContent as Window;
      parts.push(bytesOf(window.value as Decoded));
      offset = window.nextOffset;
    }
    expect(Buffer.concat(parts).equals(original)).toBe(true);
    const short = await ok<Window>("string_get", { key: "escaped", maxBytes: 10 });
    expect(short.value).toEqual({ encoding: "utf8", value: '\u0001"'.repeat(5) });
  });

  it("string_increment adds integers and floats", async () => {
    expect(await ok("string_increment", { key: "counter" })).toEqual({ value: 1 });
    expect(await ok("string_increment", { key: "counter", by: 41 })).toEqual({ value: 42 });
    expect(await ok("string_increment", { key: "counter", by: -2 })).toEqual({ value: 40 });
    expect(await ok("string_increment", { key: "counter", by: 0.5, float: true })).toEqual({ value: 40.5 });
    expect(await server.raw.get("counter")).toBe("40.5");
    expect(await fails("string_increment", { key: "counter", by: 1.5 })).toMatch(/^E_INVALID_ARGUMENT: .*integer unless float/);
    await server.raw.set("text", "abc");
    expect(await fails("string_increment", { key: "text" })).toMatch(/^E_REDIS_COMMAND: .*not an integer/);
  });

  it("string_mset and string_mget work across cluster slots", async () => {
    const values = Object.fromEntries(Array.from({ length: 50 }, (_, index) => [`user:${index}`, `name-${index}`]));
    expect(await ok("string_mset", { values })).toEqual({ written: 50 });
    expect(await server.raw.get("user:49")).toBe("name-49");
    const keys = [...Object.keys(values), "missing"];
    const page = await ok<MgetPage>("string_mget", { keys });
    expect(page.truncated).toBe(false);
    expect(page.values).toHaveLength(51);
    expect(page.values[7]).toEqual({ key: "user:7", value: { encoding: "utf8", value: "name-7" } });
    expect(page.values[50]).toEqual({ key: "missing", value: null });

    const bytes = randomBytes(64);
    await ok("string_mset", { values: { "bin:a": bytes.toString("base64"), "bin:b": "" }, encoding: "base64", ttlMs: 60_000 });
    expect((await server.raw.getBuffer("bin:a"))?.equals(bytes)).toBe(true);
    expect(await server.raw.pttl("bin:b")).toBeGreaterThan(50_000);
    const binary = await ok<MgetPage>("string_mget", { keys: ["bin:a"] });
    expect(binary.values[0]?.value).toEqual({ encoding: "base64", value: bytes.toString("base64") });

    expect(await fails("string_mset", { values: {} })).toMatch(/^E_INVALID_ARGUMENT: give between 1 and 1000/);
    expect(await fails("string_mset", { values: { a: "x" }, ttlMs: 0 })).toMatch(/Input validation error/);
    expect(await fails("string_mget", { keys: [] })).toMatch(/Input validation error/);
    expect(await fails("string_mget", { keys: ["a"], cursor: "7" })).toMatch(/^E_INVALID_ARGUMENT: cursor/);
  });

  it("string_mget stops at the budget and pages on with nextCursor", async () => {
    const keys = Array.from({ length: 12 }, (_, index) => `large:${index}`);
    const large = (index: number) => `${index}`.padEnd(15_000, "x");
    await Promise.all(keys.map((key, index) => server.raw.set(key, large(index))));
    await server.raw.set("huge", "y".repeat(200_000));
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const result = await call("string_mget", { keys: [...keys, "huge"], cursor });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(Buffer.byteLength(JSON.stringify(result.structuredContent))).toBeLessThanOrEqual(BUDGET);
      const page = result.structuredContent as MgetPage;
      for (const entry of page.values) {
        seen.push(entry.key);
        if (entry.key === "huge") expect(entry).toEqual({ key: "huge", value: null, totalBytes: 200_000 });
        else expect(entry.value?.value).toBe(large(keys.indexOf(entry.key)));
      }
      expect(page.truncated).toBe(page.nextCursor !== undefined);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThan(1);
    expect(seen).toEqual([...keys, "huge"]);
  });
});
