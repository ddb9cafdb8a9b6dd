import { randomBytes } from "node:crypto";
import { Cluster } from "ioredis";
import { describe, expect, it } from "vitest";
import { textOf } from "./support/server-process.js";
import { serveTarget } from "./support/target-server.js";
import { TARGETS } from "./support/topologies.js";

type Decoded = { encoding: "utf8" | "base64"; value: string };
type Range = { items: Decoded[]; total: number; start: number; truncated: boolean; nextStart?: number };

const BUDGET = 65_536;

const texts = (items: Decoded[]) => items.map((item) => item.value);

describe.each(TARGETS)("lists toolset on $name", ({ target }) => {
  // A command timeout longer than any wait: a wait on the shared connection would hold up every other call.
  const server = serveTarget(target, ["--max-result-bytes", String(BUDGET), "--redis-command-timeout-ms", "30000"]);
  const call = server.call;
  async function ok<T>(tool: string, args: Record<string, unknown>): Promise<T> {
    const result = await call(tool, args);
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(Buffer.byteLength(JSON.stringify(result.structuredContent))).toBeLessThanOrEqual(BUDGET);
    return result.structuredContent as T;
  }
  /** Clients blocked in BLPOP and the like, on every master. */
  async function blockedClients(): Promise<number> {
    const nodes = server.raw instanceof Cluster ? server.raw.nodes("master") : [server.raw];
    const infos = await Promise.all(nodes.map((node) => node.info("clients")));
    return infos.reduce((sum, info) => sum + Number(/blocked_clients:(\d+)/.exec(info)?.[1] ?? 0), 0);
  }
  async function fails(tool: string, args: Record<string, unknown>): Promise<string> {
    const result = await call(tool, args);
    expect(result.isError).toBe(true);
    return textOf(result);
  }

  it("list_push appends and prepends; list_length counts", async () => {
    expect(await ok("list_push", { key: "jobs", values: ["b", "c"] })).toEqual({ length: 2 });
    expect(await ok("list_push", { key: "jobs", values: ["a", "z"], side: "left" })).toEqual({ length: 4 });
    expect(await server.raw.lrange("jobs", 0, -1)).toEqual(["z", "a", "b", "c"]);
    expect(await ok("list_length", { key: "jobs" })).toEqual({ length: 4 });
    expect(await ok("list_length", { key: "none" })).toEqual({ length: 0 });
    expect(await fails("list_push", { key: "jobs", values: [] })).toMatch(/Input validation error/);
    expect(await fails("list_push", { key: "jobs", values: ["x"], side: "middle" })).toMatch(/Input validation error/);
    expect(await fails("list_length", { key: "" })).toMatch(/Input validation error/);
  });

  it("list_range reads windows, from the head or the tail", async () => {
    await server.raw.rpush("events", ...Array.from({ length: 250 }, (_, index) => `event-${index}`));
    const first = await ok<Range>("list_range", { key: "events", count: 100 });
    expect(first).toMatchObject({ total: 250, start: 0, truncated: true, nextStart: 100 });
    expect(first.items[0]).toEqual({ encoding: "utf8", value: "event-0" });
    const collected = [...texts(first.items)];
    let next = first.nextStart;
    while (next !== undefined) {
      const page: Range = await ok<Range>("list_range", { key: "events", start: next, count: 100 });
      collected.push(...texts(page.items));
      next = page.nextStart;
    }
    expect(collected).toEqual(Array.from({ length: 250 }, (_, index) => `event-${index}`));
    const tail = await ok<Range>("list_range", { key: "events", start: -3, count: 10 });
    expect(tail).toMatchObject({ start: 247, truncated: false, total: 250 });
    expect(texts(tail.items)).toEqual(["event-247", "event-248", "event-249"]);
    expect(await ok("list_range", { key: "none" })).toEqual({ items: [], total: 0, start: 0, truncated: false });
    expect(await fails("list_range", { key: "events", count: 0 })).toMatch(/Input validation error/);
  });

  it("list_range stops at the budget and goes on from nextStart", async () => {
    const item = (index: number) => `${index}`.padEnd(8_000, "q");
    await server.raw.rpush("heavy", ...Array.from({ length: 20 }, (_, index) => item(index)));
    const first = await ok<Range>("list_range", { key: "heavy", count: 20 });
    expect(first.truncated).toBe(true);
    expect(first.items.length).toBeLessThan(20);
    expect(first.nextStart).toBe(first.items.length);
    expect(texts(first.items)).toEqual(Array.from({ length: first.items.length }, (_, index) => item(index)));
    await server.raw.rpush("oversized", "o".repeat(100_000));
    expect(await fails("list_range", { key: "oversized" })).toMatch(/^E_BUDGET: the element at index 0 is 100000 bytes/);
  });

  it("binary values round-trip byte for byte", async () => {
    const values = [Buffer.from([0xff, 0x00, 0xfe]), randomBytes(500)];
    await ok("list_push", { key: "blobs", values: values.map((value) => value.toString("base64")), encoding: "base64" });
    const stored = await server.raw.lrangeBuffer("blobs", 0, -1);
    expect(stored.map((value) => value.toString("hex"))).toEqual(values.map((value) => value.toString("hex")));
    const range = await ok<Range>("list_range", { key: "blobs" });
    expect(range.items).toEqual(values.map((value) => ({ encoding: "base64", value: value.toString("base64") })));
    expect(await ok("list_pop", { key: "blobs", side: "right" })).toEqual({
      value: { encoding: "base64", value: values[1]?.toString("base64") },
      truncated: false,
    });
    expect(await fails("list_push", { key: "blobs", values: ["%%"], encoding: "base64" })).toMatch(/^E_INVALID_ARGUMENT: .*base64/);
  });

  it("list_pop takes from either end, one or many", async () => {
    await server.raw.rpush("work", "1", "2", "3", "4", "5");
    expect(await ok("list_pop", { key: "work" })).toEqual({ value: { encoding: "utf8", value: "1" }, truncated: false });
    expect(await ok("list_pop", { key: "work", side: "right", count: 2 })).toEqual({
      values: [
        { encoding: "utf8", value: "5" },
        { encoding: "utf8", value: "4" },
      ],
      truncated: false,
    });
    expect(await server.raw.lrange("work", 0, -1)).toEqual(["2", "3"]);
    expect(await ok("list_pop", { key: "empty" })).toEqual({ value: null, truncated: false });
    expect(await ok("list_pop", { key: "empty", count: 3 })).toEqual({ values: [], truncated: false });
    expect(await fails("list_pop", { key: "work", count: 0 })).toMatch(/Input validation error/);
    expect(await fails("list_pop", { key: "work", waitMs: 60_000 })).toMatch(/Input validation error/);
  });

  it("list_pop with waitMs returns null or [] when nothing arrives, and an element that arrives meanwhile", async () => {
    expect(await ok("list_pop", { key: "quiet", waitMs: 300 })).toEqual({ value: null, truncated: false });
    expect(await ok("list_pop", { key: "quiet", count: 2, waitMs: 300 })).toEqual({ values: [], truncated: false });
    let settled = false;
    const waiting = ok("list_pop", { key: "inbox", waitMs: 15_000 }).finally(() => {
      settled = true;
    });
    while ((await blockedClients()) === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    // Other calls keep working while one waits: the wait has a connection of its own.
    expect(await ok("list_length", { key: "inbox" })).toEqual({ length: 0 });
    expect(settled).toBe(false);
    expect(await ok("list_push", { key: "inbox", values: ["hello"] })).toEqual({ length: expect.any(Number) });
    expect(await waiting).toEqual({ value: { encoding: "utf8", value: "hello" }, truncated: false });
    expect(await server.raw.llen("inbox")).toBe(0);
  });

  it("a cancelled list_pop stops waiting and takes nothing", async () => {
    const controller = new AbortController();
    const waiting = server.connection.client.callTool({ name: "list_pop", arguments: { key: "later", waitMs: 15_000 } }, undefined, {
      signal: controller.signal,
    });
    const outcome = waiting.then(
      () => "answered",
      () => "cancelled",
    );
    while ((await blockedClients()) === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    expect(await outcome).toBe("cancelled");
    while ((await blockedClients()) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await server.raw.rpush("later", "kept");
    expect(await ok("list_range", { key: "later" })).toMatchObject({ items: [{ encoding: "utf8", value: "kept" }] });
  });

  it("list_pop never loses what does not fit the budget: it stays in the list", async () => {
    const item = (index: number) => `${index}`.padEnd(9_000, "p");
    await server.raw.rpush("batch", ...Array.from({ length: 10 }, (_, index) => item(index)));
    const popped = await ok<{ values: Decoded[]; truncated: boolean }>("list_pop", { key: "batch", count: 10 });
    expect(popped.truncated).toBe(true);
    const taken = popped.values.length;
    expect(taken).toBeGreaterThan(0);
    expect(taken).toBeLessThan(10);
    expect(texts(popped.values)).toEqual(Array.from({ length: taken }, (_, index) => item(index)));
    expect(await server.raw.lrange("batch", 0, -1)).toEqual(Array.from({ length: 10 - taken }, (_, index) => item(index + taken)));

    await server.raw.rpush("tail", "a", "b", "c");
    await server.raw.rpush("tail", ...Array.from({ length: 8 }, (_, index) => item(index)));
    const fromRight = await ok<{ values: Decoded[]; truncated: boolean }>("list_pop", { key: "tail", side: "right", count: 8 });
    expect(fromRight.truncated).toBe(true);
    const right = fromRight.values.length;
    expect(texts(fromRight.values)).toEqual(Array.from({ length: right }, (_, index) => item(7 - index)));
    expect(await server.raw.lrange("tail", 0, -1)).toEqual(["a", "b", "c", ...Array.from({ length: 8 - right }, (_, index) => item(index))]);

    await server.raw.rpush("oversized", "o".repeat(100_000));
    expect(await fails("list_pop", { key: "oversized" })).toMatch(/^E_BUDGET: the element is 100000 bytes/);
    expect(await server.raw.lrange("oversized", 0, -1)).toEqual(["o".repeat(100_000)]);
  });

  it("list_pop returns text that JSON would blow up as base64, within the budget, and pops it", async () => {
    // Control characters: 6 bytes each as JSON text, 4/3 of a byte each as base64.
    const escaped = "\u0001".repeat(20_000);
    await server.raw.rpush("controls", escaped, escaped, escaped);
    const popped = await ok<{ values: Decoded[]; truncated: boolean }>("list_pop", { key: "controls", count: 3 });
    expect(popped.values.length).toBeGreaterThan(0);
    expect(popped.values.every((value) => value.encoding === "base64" && Buffer.from(value.value, "base64").toString() === escaped)).toBe(true);
    expect(await server.raw.llen("controls")).toBe(3 - popped.values.length);
  });

  it("names the right tool for another type", async () => {
    await server.raw.hset("profile", "name", "Ada");
    expect(await fails("list_range", { key: "profile" })).toMatch(/^E_WRONG_TYPE: .*holds a hash: use hash_get/);
    expect(await fails("list_push", { key: "profile", values: ["x"] })).toMatch(/^E_WRONG_TYPE/);
    expect(await fails("list_pop", { key: "profile" })).toMatch(/^E_WRONG_TYPE/);
    expect(await fails("list_length", { key: "profile" })).toMatch(/^E_WRONG_TYPE/);
  });
});
