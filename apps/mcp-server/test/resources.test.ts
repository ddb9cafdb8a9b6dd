import type { ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import { useRedis } from "@redis-mcp/test-redis/vitest";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { cleanEnvironment, connectStdio } from "./support/server-process.js";
import { serveTarget } from "./support/target-server.js";
import { TARGETS } from "./support/topologies.js";

const KEY_TEMPLATE = "redis://key/{key}";
const FIELD_TEMPLATE = "redis://key/{key}/field/{field}";

/** The JSON of a read's first (text) content. */
function jsonOf(result: ReadResourceResult): unknown {
  const first = result.contents[0];
  return JSON.parse(first && "text" in first ? first.text : "null");
}

describe.each(TARGETS)("key resources on $name", ({ target }) => {
  const server = serveTarget(target);
  const client = () => server.connection.client;
  const complete = async (uri: string, name: string, value: string, context?: Record<string, string>) =>
    (await client().complete({ ref: { type: "ref/resource", uri }, argument: { name, value }, ...(context ? { context: { arguments: context } } : {}) }))
      .completion.values;
  const read = async (uri: string) => jsonOf(await client().readResource({ uri }));

  it("offers the key and hash-field templates, with completions declared", async () => {
    const templates = (await client().listResourceTemplates()).resourceTemplates.map((template) => template.uriTemplate);
    expect(templates.sort()).toEqual(["redis://channel/{channel}", KEY_TEMPLATE, FIELD_TEMPLATE, "redis://metric/{name}"].sort());
    expect(client().getServerCapabilities()).toMatchObject({ completions: {}, resources: {} });
  });

  it("completes key names by prefix, literally, on every node", async () => {
    await Promise.all(["user:1", "user:2", "user:10", "users", "order:1", "user*x"].map((key) => server.raw.set(key, "v")));
    await server.raw.hset("user:h", "email", "a@b");
    expect((await complete(KEY_TEMPLATE, "key", "user:")).sort()).toEqual(["user:1", "user:10", "user:2", "user:h"]);
    expect(await complete(KEY_TEMPLATE, "key", "user*")).toEqual(["user*x"]);
    // The field template's key completes hashes only.
    expect(await complete(FIELD_TEMPLATE, "key", "user:")).toEqual(["user:h"]);
  });

  it("completes hash fields of the key already chosen", async () => {
    await server.raw.hset("profile:1", { email: "a@b", emailVerified: "1", name: "Ann" });
    expect(await complete(FIELD_TEMPLATE, "field", "em", { key: "profile:1" })).toEqual(["email", "emailVerified"]);
    expect(await complete(FIELD_TEMPLATE, "field", "em")).toEqual([]);
    // A key of another type gives no suggestions rather than an error.
    await server.raw.set("plain", "x");
    expect(await complete(FIELD_TEMPLATE, "field", "", { key: "plain" })).toEqual([]);
  });

  it("reads a key type-aware and a hash field, with percent-encoded names", async () => {
    await server.raw.set("greeting:en", "hello");
    await server.raw.hset("user/1", { email: "a@b", name: "Ann" });
    expect(await read(`redis://key/${encodeURIComponent("greeting:en")}`)).toMatchObject({
      type: "string",
      exists: true,
      value: { encoding: "utf8", value: "hello" },
    });
    expect(await read("redis://key/greeting:en")).toMatchObject({ type: "string", exists: true });
    const hash = await read(`redis://key/${encodeURIComponent("user/1")}`);
    expect(hash).toMatchObject({ type: "hash", exists: true, total: 2 });
    expect(await read(`redis://key/${encodeURIComponent("user/1")}/field/email`)).toMatchObject({
      fields: [{ field: "email", value: { encoding: "utf8", value: "a@b" } }],
    });
  });

  it("answers a missing key with resource-not-found and a wrong type with the tool's hint", async () => {
    await expect(client().readResource({ uri: "redis://key/missing" })).rejects.toMatchObject({ code: -32002 });
    await server.raw.set("text", "x");
    await expect(client().readResource({ uri: "redis://key/text/field/a" })).rejects.toThrow(/E_WRONG_TYPE: .*holds a string/);
  });
});

describe("key resources under a key scope", () => {
  it("complete and read only keys inside the prefix, named without it", async () => {
    const redis = await useRedis();
    const raw = new Redis(redis.port);
    const connection = await connectStdio(["--key-prefix", "tenant-a:"], cleanEnvironment({ REDIS_URL: redis.url }));
    try {
      await raw.mset("tenant-a:user:1", "inside", "tenant-b:user:2", "outside", "user:3", "plain");
      const values = (await connection.client.complete({ ref: { type: "ref/resource", uri: KEY_TEMPLATE }, argument: { name: "key", value: "user:" } }))
        .completion.values;
      expect(values).toEqual(["user:1"]);
      const inside = jsonOf(await connection.client.readResource({ uri: "redis://key/user:1" }));
      expect(inside).toMatchObject({ exists: true, value: { value: "inside" } });
      await expect(connection.client.readResource({ uri: "redis://key/user:3" })).rejects.toMatchObject({ code: -32002 });
    } finally {
      raw.disconnect();
      await connection.close();
    }
  });
});

describe.each(TARGETS)("redis://info and redis://keyspace on $name", ({ name, target }) => {
  const server = serveTarget(target);
  const read = async (uri: string) => jsonOf(await server.connection.client.readResource({ uri }));

  it("reads every master's INFO and a keyspace summary that counts keys on every node", async () => {
    for (let index = 0; index < 40; index++) await server.raw.set(`user:${index}:profile`, "x");
    for (let index = 0; index < 10; index++) await server.raw.hset(`order:${index}`, "total", "1");
    const masters = name === "cluster" ? 3 : 1;
    const info = (await read("redis://info")) as { nodes: { node: string; role: string; info: { keyspace?: { db0?: { keys: number } } } }[] };
    expect(info.nodes).toHaveLength(masters);
    expect(info.nodes.every((node) => node.role === "master")).toBe(true);
    expect(info.nodes.reduce((sum, node) => sum + (node.info.keyspace?.db0?.keys ?? 0), 0)).toBe(50);

    const keyspace = (await read("redis://keyspace")) as {
      namespaces: { pattern: string; types: Record<string, number> }[];
      totals: { totalKeys: number; nodes: unknown[] };
    };
    expect(keyspace.totals.totalKeys).toBe(50);
    expect(keyspace.totals.nodes).toHaveLength(masters);
    expect(keyspace.namespaces.map((namespace) => [namespace.pattern, namespace.types])).toEqual(
      expect.arrayContaining([
        ["user:{id}:profile", { string: 40 }],
        ["order:{id}", { hash: 10 }],
      ]),
    );
  });
});
