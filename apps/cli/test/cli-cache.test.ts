import { createCache } from "@redis-mcp/core/cache";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runJson, stable, type Target, targets } from "./support/cli.js";

describe.each(targets)("cache commands on $name", (target) => {
  let redis: Target;
  beforeAll(async () => {
    redis = await target.connect();
  });
  afterAll(() => redis.close());

  /** The cache as an application on this target creates it (default buckets: 64 on a cluster). */
  const appCache = () => createCache(redis.client, { namespace: "pages", ttlMs: 60_000, l1: false, bus: false });

  it("get reads what the application cached, and set writes what it reads", async () => {
    const cache = appCache();
    await cache.set("home", { title: "Home", views: 3 });
    const read = await runJson(["cache", "get", "home", "--namespace", "pages", ...redis.flags]);
    expect(read).toMatchObject({ code: 0, json: { namespace: "pages", key: "home", value: { title: "Home", views: 3 } } });
    expect((await runCli(["cache", "get", "home", "--namespace", "pages", ...redis.flags])).stdout).toBe('{"title":"Home","views":3}\n');

    const written = await runJson([
      "cache",
      "set",
      "about",
      '{"title":"About"}',
      "--as",
      "json",
      "--ttl",
      "5m",
      "--tags",
      "static",
      "--namespace",
      "pages",
      ...redis.flags,
    ]);
    expect(written.json).toEqual({ namespace: "pages", key: "about", ttlMs: 300_000, tags: ["static"] });
    expect(await cache.get("about")).toEqual({ title: "About" });
    await cache.invalidateTags(["static"]);
    expect(await cache.get("about")).toBeUndefined();
    await cache.close();
  });

  it("get of a missing key is one line on stderr and exit 1", async () => {
    const run = await runCli(["cache", "get", "nothing", "--namespace", "pages", ...redis.flags]);
    expect(run).toMatchObject({ code: 1, stdout: "", stderr: 'redis-mcp: cache pages has no fresh value for "nothing".\n' });
    const json = await runJson(["cache", "get", "nothing", "--namespace", "pages", ...redis.flags]);
    expect(json.json).toEqual({ error: { code: "E_NOT_FOUND", message: 'cache pages has no fresh value for "nothing".' } });
  });

  it("del removes keys, one round trip per node", async () => {
    const cache = appCache();
    await cache.setMany([
      ["a", 1],
      ["b", 2],
      ["c", 3],
    ]);
    const run = await runJson(["cache", "del", "a", "b", "--namespace", "pages", ...redis.flags]);
    expect(run.json).toEqual({ namespace: "pages", keys: ["a", "b"] });
    expect(await cache.getMany(["a", "b", "c"])).toEqual([undefined, undefined, 3]);
    await cache.close();
  });

  it("stats counts the namespace's keys on every master, and nothing else", async () => {
    const cache = appCache();
    await cache.setMany(Array.from({ length: 30 }, (_, index): [string, number] => [`k${index}`, index]));
    await redis.client.set("pages-other", "not the cache's");
    const { json } = await runJson<{ namespace: string; keys: number; estimatedBytes: number; nodes: { matched: number }[] }>([
      "cache",
      "stats",
      "--namespace",
      "pages",
      ...redis.flags,
    ]);
    expect(json.keys).toBe(30);
    expect(json.estimatedBytes).toBeGreaterThan(0);
    expect(json.nodes).toHaveLength(redis.masters);
    expect(json.nodes.reduce((sum, node) => sum + node.matched, 0)).toBe(30);
    expect((await runCli(["cache", "stats", "--namespace", "pages", ...redis.flags])).stdout).toMatch(
      /^cache pages: 30 keys, [\d.]+ (B|KiB)\n\nNODE +KEYS +MEASURED\n/,
    );
    await cache.close();
  });

  it("clear shows the count and deletes only with --yes", async () => {
    const cache = appCache();
    await cache.setMany([
      ["a", 1],
      ["b", 2],
    ]);
    await redis.client.set("kept", "1");
    const refused = await runCli(["cache", "clear", "--namespace", "pages", ...redis.flags]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("dry run: cache pages holds 2 keys. Nothing was deleted. Run again with --yes to clear it.\n");
    expect(refused.stderr).toBe("redis-mcp: not clearing cache pages without --yes.\n");
    expect(await cache.get("a")).toBe(1);
    const cleared = await runJson(["cache", "clear", "--namespace", "pages", "--yes", ...redis.flags]);
    expect(cleared).toMatchObject({ code: 0, json: { namespace: "pages", keys: 2, cleared: true } });
    expect(await cache.getMany(["a", "b"])).toEqual([undefined, undefined]);
    expect(await redis.client.get("kept")).toBe("1");
    await cache.close();
  });

  it("refuses bad input with exit 2 and changes nothing", async () => {
    const noNamespace = await runCli(["cache", "get", "a", ...redis.flags]);
    expect(noNamespace).toMatchObject({ code: 2, stderr: "redis-mcp: required option '--namespace <name>' not specified\n" });
    const braces = await runCli(["cache", "set", "a", "1", "--ttl", "1m", "--namespace", "{x}", ...redis.flags]);
    expect(braces.code).toBe(2);
    expect(braces.stderr).toMatch(/^redis-mcp: createCache: namespace must be a non-empty string .*without braces/);
    expect(braces.stderr.split("\n")).toHaveLength(2);
    const badJson = await runCli(["cache", "set", "a", "{nope", "--as", "json", "--ttl", "1m", "--namespace", "pages", ...redis.flags]);
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toMatch(/^redis-mcp: the value is not JSON/);
    expect(await appCache().get("a")).toBeUndefined();
  });

  it("human output", async () => {
    const cache = appCache();
    await cache.set("home", "plain text");
    const outputs = [
      await runCli(["cache", "get", "home", "--namespace", "pages", ...redis.flags]),
      await runCli(["cache", "set", "x", "1", "--ttl", "90s", "--namespace", "pages", ...redis.flags]),
      await runCli(["cache", "del", "x", "home", "--namespace", "pages", ...redis.flags]),
      await runCli(["cache", "clear", "--namespace", "pages", "--yes", ...redis.flags]),
    ].map((run) => stable(run.stdout));
    expect(outputs).toMatchSnapshot();
    await cache.close();
  });
});
