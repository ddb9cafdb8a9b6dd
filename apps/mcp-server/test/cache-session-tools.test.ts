import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCache } from "@redis-mcp/core";
import { createSessionStore } from "@redis-mcp/session";
import { afterAll, describe, expect, it, vi } from "vitest";
import { textOf } from "./support/server-process.js";
import { serveTarget } from "./support/target-server.js";
import { TARGETS } from "./support/topologies.js";

/** The application's session secret, given to the server in a file (never as a tool argument). */
const SESSION_SECRET = "app-session-secret-0123456789-abcdef";
const secretFile = join(mkdtempSync(join(tmpdir(), "redis-mcp-session-")), "secret");
writeFileSync(secretFile, `${SESSION_SECRET}\n`, { mode: 0o600 });

const APP_FLAGS = ["--cache-namespace", "shop", "--session-prefix", "app:sess:", "--session-secret-file", secretFile];

describe.each(TARGETS)("cache and session toolsets on $name", ({ target }) => {
  const server = serveTarget(target, APP_FLAGS);
  const reader = serveTarget(target, [...APP_FLAGS, "--read-only"]);
  const call = server.call;
  const closers: (() => Promise<unknown>)[] = [];
  afterAll(() => Promise.all(closers.map((close) => close())));

  /** The application's own cache, with its in-process tier: what the tools change must reach it. */
  function appCache() {
    const cache = createCache(server.raw, { namespace: "shop", ttlMs: 60_000 });
    closers.push(() => cache.close());
    return cache;
  }

  function appSessions() {
    return createSessionStore(server.raw, { secret: SESSION_SECRET, prefix: "app:sess:" });
  }

  it("reads what the application cached, and the application reads what the tools write", async () => {
    const cache = appCache();
    await cache.ready();
    await cache.set("product:1", { name: "Lamp", price: 30 }, { tags: ["products"] });
    expect((await call("cache_get", { key: "product:1" })).structuredContent).toEqual({
      found: true,
      value: { encoding: "json", value: { name: "Lamp", price: 30 } },
    });
    expect((await call("cache_get", { key: "product:2" })).structuredContent).toEqual({ found: false, value: null });

    // The app holds product:1 in its in-process tier; the tool's write reaches it through the bus.
    expect(await cache.get("product:1")).toEqual({ name: "Lamp", price: 30 });
    expect((await call("cache_set", { key: "product:1", value: { name: "Lamp", price: 25 }, ttlMs: 60_000, tags: ["products"] })).structuredContent).toEqual({
      written: true,
    });
    await vi.waitFor(async () => expect(await cache.get("product:1")).toEqual({ name: "Lamp", price: 25 }));

    await call("cache_set", { key: "product:3", value: [1, 2, 3], ttlMs: 60_000, tags: ["products"] });
    expect(await cache.get("product:3")).toEqual([1, 2, 3]);
    expect((await call("cache_invalidate_tag", { tags: ["products"] })).structuredContent).toEqual({ invalidated: ["products"] });
    await vi.waitFor(async () => expect(await cache.get("product:1")).toBeUndefined());
    expect((await call("cache_get", { key: "product:3" })).structuredContent).toMatchObject({ found: false });

    await cache.set("cart:9", { items: 2 });
    expect((await call("cache_delete", { keys: ["cart:9", "cart:10"] })).structuredContent).toEqual({ deleted: 2 });
    await vi.waitFor(async () => expect(await cache.get("cart:9")).toBeUndefined());
    const stats = (await call("cache_stats", {})).structuredContent as { namespace: string; stats: { redisHits: number; circuit: string } };
    expect(stats.namespace).toBe("shop");
    expect(stats.stats.redisHits).toBeGreaterThan(0);
    expect(stats.stats.circuit).toBe("closed");
  });

  it("refuses bad cache input and changes nothing", async () => {
    expect(textOf(await call("cache_set", { key: "k", value: 1 }))).toMatch(/ttlMs/);
    expect(textOf(await call("cache_set", { key: "", value: 1, ttlMs: 1000 }))).toMatch(/key/);
    expect((await call("cache_set", { key: "k", value: "x".repeat(1024 * 1024 + 1), ttlMs: 1000 })).isError).toBe(true);
    expect((await call("cache_invalidate_tag", { tags: [] })).isError).toBe(true);
    expect((await call("cache_get", { key: "k" })).structuredContent).toMatchObject({ found: false });
  });

  it("reads and changes the application's sessions with its secret", async () => {
    const store = appSessions();
    const session = await store.create({ cart: ["lamp"], theme: "light" }, { userId: "42", ip: "10.0.0.1" });
    const read = (await call("session_get", { sessionId: session.id })).structuredContent as { found: boolean; session: Record<string, unknown> };
    expect(read).toMatchObject({ found: true, session: { userId: "42", data: { cart: ["lamp"], theme: "light" }, ip: "10.0.0.1" } });

    const updated = await call("session_update", { sessionId: session.id, set: { theme: "dark" }, remove: ["cart"] });
    expect(updated.structuredContent).toMatchObject({ found: true, session: { data: { theme: "dark" } } });
    expect((await store.peek(session.id))?.data).toEqual({ theme: "dark" });

    const created = (await call("session_create", { data: { step: 1 }, userId: "42" })).structuredContent as { sessionId: string };
    expect((await store.peek(created.sessionId))?.data).toEqual({ step: 1 });
    const listed = (await call("session_list_for_user", { userId: "42" })).structuredContent as { sessions: { sessionId?: string }[] };
    expect(listed.sessions.map((entry) => entry.sessionId).sort()).toEqual([session.id, created.sessionId].sort());

    expect((await call("session_destroy", { sessionId: created.sessionId })).structuredContent).toEqual({ destroyed: true });
    expect(await store.peek(created.sessionId)).toBeNull();
    expect((await call("session_destroy_for_user", { userId: "42" })).structuredContent).toEqual({ destroyed: 1 });
    expect(await store.listForUser("42")).toEqual([]);
    expect((await call("session_get", { sessionId: session.id })).structuredContent).toEqual({ found: false, session: null });
  });

  it("refuses bad session input", async () => {
    expect((await call("session_update", { sessionId: "x", set: {} })).isError).toBe(true);
    expect(textOf(await call("session_update", { sessionId: "x", set: { a: 1 }, remove: ["a"] }))).toMatch(/both in set and in remove/);
    expect((await call("session_get", { sessionId: "" })).isError).toBe(true);
    expect((await call("session_create", { data: { a: 1 }, secret: SESSION_SECRET })).isError).toBe(true);
    expect((await call("session_update", { sessionId: "no-such-session", set: { a: 1 } })).structuredContent).toEqual({ found: false, session: null });
  });

  it("shows the read tier session metadata only, and no write tools", async () => {
    const session = await appSessions().create({ secretNote: "do-not-show" }, { userId: "7", ip: "10.9.9.9" });
    const read = await reader.call("session_get", { sessionId: session.id });
    expect(read.structuredContent).toEqual({
      found: true,
      session: { userId: "7", createdAt: session.createdAt, lastAccessed: expect.any(Number), expiresAt: expect.any(Number) },
    });
    expect(JSON.stringify(read)).not.toContain("do-not-show");
    const listed = (await reader.call("session_list_for_user", { userId: "7" })).structuredContent as { sessions: Record<string, unknown>[] };
    expect(listed.sessions).toHaveLength(1);
    expect(Object.keys(listed.sessions[0] ?? {}).sort()).toEqual(["createdAt", "expiresAt", "lastAccessed", "userId"]);
    const names = (await reader.connection.client.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(["cache_get", "cache_stats", "session_get", "session_list_for_user"]));
    for (const write of [
      "cache_set",
      "cache_delete",
      "cache_invalidate_tag",
      "session_create",
      "session_update",
      "session_destroy",
      "session_destroy_for_user",
    ]) {
      expect(names).not.toContain(write);
      expect(textOf(await reader.call(write, {}))).toMatch(/not found on this server/);
    }
  });
});

describe.each(TARGETS)("the session toolset without a secret on $name", ({ target }) => {
  const server = serveTarget(target);

  it("says how to give the server the application's secret", async () => {
    const result = await server.call("session_get", { sessionId: "abc" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/REDIS_MCP_SESSION_SECRET.*--session-secret-file/);
  });
});
