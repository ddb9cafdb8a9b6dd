import { describe, expect, it } from "vitest";
import { textOf } from "./support/server-process.js";
import { serveTarget } from "./support/target-server.js";
import { TARGETS } from "./support/topologies.js";

describe.each(TARGETS)("keys toolset on $name", ({ target }) => {
  const server = serveTarget(target);
  const call = server.call;

  it("scan_keys pages through every key with a cursor and filters by type", async () => {
    await Promise.all(Array.from({ length: 250 }, (_, index) => server.raw.set(`user:${index}`, "x")));
    await server.raw.hset("user:profile", "name", "Ada");
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await call("scan_keys", { pattern: "user:*", cursor, limit: 60 });
      const content = page.structuredContent as { keys: string[]; nextCursor?: string };
      for (const key of content.keys) seen.add(key);
      cursor = content.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(251);
    const hashes = await call("scan_keys", { pattern: "user:*", type: "hash", limit: 1000 });
    expect((hashes.structuredContent as { keys: string[] }).keys).toEqual(["user:profile"]);
    const bad = await call("scan_keys", { cursor: "not-a-cursor" });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/^E_INVALID_ARGUMENT/);
  });

  it("inspect_key and read_key describe and read without loading everything", async () => {
    await server.raw.rpush("list", ...Array.from({ length: 30 }, (_, index) => `item-${index}`));
    const inspected = await call("inspect_key", { key: "list" });
    expect(inspected.structuredContent).toMatchObject({ exists: true, type: "list", length: 30, ttlMs: -1 });
    const first = await call("read_key", { key: "list", limit: 10 });
    expect(first.structuredContent).toMatchObject({ type: "list", total: 30, truncated: true });
    const next = await call("read_key", { key: "list", limit: 10, cursor: (first.structuredContent as { nextCursor: string }).nextCursor });
    expect((next.structuredContent as { items: { value: string }[] }).items[0]).toMatchObject({ value: "item-10" });
    const missing = await call("read_key", { key: "nope" });
    expect(missing.structuredContent).toMatchObject({ exists: false, type: "none" });
  });

  it("delete_keys removes listed keys and refuses patterns at the write tier", async () => {
    await server.raw.set("a", "1");
    await server.raw.set("b", "2");
    const deleted = await call("delete_keys", { keys: ["a", "b", "c"] });
    expect(deleted.structuredContent).toMatchObject({ deleted: 2, dryRun: false });
    const pattern = await call("delete_keys", { pattern: "user:*" });
    expect(pattern.isError).toBe(true);
    expect(textOf(pattern)).toMatch(/^E_TIER: delete_keys: this call needs the destructive tier, and this session has write\. Nothing was changed/);
    const neither = await call("delete_keys", {});
    expect(textOf(neither)).toMatch(/either keys .* or pattern/);
  });

  it("expire_key sets and removes a TTL", async () => {
    await server.raw.set("session", "x");
    const expired = await call("expire_key", { key: "session", ttlMs: 60_000 });
    expect(expired.structuredContent).toMatchObject({ applied: true });
    expect((expired.structuredContent as { ttlMs: number }).ttlMs).toBeGreaterThan(50_000);
    const persisted = await call("expire_key", { key: "session", persist: true });
    expect(persisted.structuredContent).toMatchObject({ applied: true, ttlMs: -1 });
    expect((await call("expire_key", { key: "session" })).isError).toBe(true);
  });

  it("rename_key refuses to overwrite unless asked, and explains cluster slots", async () => {
    await server.raw.set("{r}:old", "v");
    await server.raw.set("{r}:taken", "w");
    expect(textOf(await call("rename_key", { key: "{r}:old", newKey: "{r}:taken" }))).toMatch(/already exists; pass overwrite: true/);
    expect((await call("rename_key", { key: "{r}:old", newKey: "{r}:new" })).structuredContent).toEqual({ renamed: true, key: "{r}:new" });
    expect(await server.raw.get("{r}:new")).toBe("v");
    expect(textOf(await call("rename_key", { key: "{r}:missing", newKey: "{r}:x" }))).toMatch(/does not exist/);
    const crossSlot = await call("rename_key", { key: "{r}:new", newKey: "elsewhere" });
    if (server.name === "cluster") expect(textOf(crossSlot)).toMatch(/^E_CROSSSLOT: .*hash tag/);
    else expect(crossSlot.isError).toBeFalsy();
  });

  it("names the right tool when a key has another type", async () => {
    await server.raw.hset("profile", "name", "Ada");
    const result = await call("read_key", { key: "profile", cursor: "bogus-cursor-value" });
    expect(result.isError).toBe(true);
  });
});
