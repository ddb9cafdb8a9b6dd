import { Cluster, type Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnvironment, connectStdio, type StdioConnection, textOf } from "./support/server-process.js";
import { allKeys, TARGETS } from "./support/topologies.js";

/** Every key on every master, via SCAN. */
async function keysEverywhere(raw: Redis | Cluster): Promise<string[]> {
  const nodes = raw instanceof Cluster ? raw.nodes("master") : [raw];
  return (await Promise.all(nodes.map((node) => allKeys(node)))).flat().sort();
}

describe.each(TARGETS)("strings, hashes and lists under a key scope on $name", ({ target }) => {
  let connection: StdioConnection;
  let raw: Redis | Cluster;
  beforeAll(async () => {
    const resolved = await target();
    raw = resolved.raw();
    connection = await connectStdio(["--key-prefix", "app:"], cleanEnvironment(resolved.environment));
  });
  afterAll(async () => {
    raw.disconnect();
    await connection.close();
  });
  async function ok<T>(tool: string, args: Record<string, unknown>): Promise<T> {
    const result = await connection.client.callTool({ name: tool, arguments: args });
    expect(result.isError, textOf(result)).toBeFalsy();
    return result.structuredContent as T;
  }

  it("reads and writes only inside the scope, and never shows the prefix", async () => {
    await raw.set("outside", "secret");
    const values = Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`k${index}`, `v${index}`]));
    await ok("string_mset", { values });
    await ok("string_set", { key: "one", value: "1" });
    await ok("hash_set", { key: "h", fields: { f: "x" } });
    await ok("list_push", { key: "l", values: ["a"] });
    const stored = await keysEverywhere(raw);
    expect(stored).toEqual(["outside", ...[...Object.keys(values), "one", "h", "l"].map((key) => `app:${key}`)].sort());

    const page = await ok<{ values: { key: string; value: { value: string } | null }[] }>("string_mget", { keys: [...Object.keys(values), "outside"] });
    expect(page.values.map((entry) => entry.key)).toEqual([...Object.keys(values), "outside"]);
    expect(page.values.slice(0, 20).map((entry) => entry.value?.value)).toEqual(Object.values(values));
    expect(page.values[20]?.value).toBeNull();
    expect(await ok("string_get", { key: "outside" })).toMatchObject({ exists: false });
    expect(await ok("hash_get", { key: "h" })).toMatchObject({ fields: [{ field: "f", value: { encoding: "utf8", value: "x" } }] });
    expect(await raw.lrange("app:l", 0, -1)).toEqual(["a"]);
  });

  it("a waiting list_pop waits on the scoped key", async () => {
    const waiting = ok("list_pop", { key: "inbox", waitMs: 10_000 });
    await ok("list_push", { key: "inbox", values: ["scoped"] });
    expect(await waiting).toEqual({ value: { encoding: "utf8", value: "scoped" }, truncated: false });
    expect(await ok("list_pop", { key: "inbox", waitMs: 200 })).toEqual({ value: null, truncated: false });
    expect(await raw.exists("app:inbox")).toBe(0);
    expect(await raw.exists("inbox")).toBe(0);
  });
});
