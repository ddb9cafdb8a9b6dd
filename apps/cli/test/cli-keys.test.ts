import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli, runJson, stable, type Target, targets, withoutPadding, withoutSizes } from "./support/cli.js";

/** How many of `keys` exist, one EXISTS each (keys in different cluster slots cannot share one). */
async function existing(target: Target, ...keys: string[]): Promise<number> {
  const counts = await Promise.all(keys.map((key) => target.client.exists(key)));
  return counts.reduce((total, count) => total + count, 0);
}

describe.each(targets)("key commands on $name", (target) => {
  let redis: Target;
  beforeAll(async () => {
    redis = await target.connect();
  });
  afterAll(() => redis.close());

  beforeEach(async () => {
    const client = redis.client;
    await client.set("user:1", "Ada");
    await client.hset("user:2:profile", { name: "Grace", born: "1906" });
    await client.rpush("jobs", "first", "second", "third");
    await client.zadd("board", 42, "ada", 7, "grace");
    await client.sadd("tags", "redis");
    await client.xadd("events", "1-1", "type", "login");
    await client.set("blob", Buffer.from([0xff, 0x00, 0x01]));
  });

  it("keys lists matching names sorted, one per line; --json has them with the pattern", async () => {
    const human = await runCli(["keys", "user:*", ...redis.flags]);
    expect(human).toEqual({ code: 0, stdout: "user:1\nuser:2:profile\n", stderr: "" });
    const { json } = await runJson(["keys", ...redis.flags]);
    expect(json).toEqual({
      pattern: "*",
      type: null,
      keys: ["blob", "board", "events", "jobs", "tags", "user:1", "user:2:profile"],
      truncated: false,
      examined: 7,
    });
  });

  it("keys --type filters by type, --limit stops early and says so on stderr", async () => {
    expect((await runJson(["keys", "--type", "hash", ...redis.flags])).json.keys).toEqual(["user:2:profile"]);
    const limited = await runJson(["keys", "--limit", "2", ...redis.flags]);
    expect((limited.json.keys as string[]).length).toBe(2);
    expect(limited.json.truncated).toBe(true);
    expect(limited.stderr).toBe("(stopped at --limit 2; more keys may match)\n");
  });

  it("inspect describes a key without reading it; a missing key exits 1", async () => {
    const { json } = await runJson(["inspect", "user:2:profile", ...redis.flags]);
    expect(json).toMatchObject({
      key: "user:2:profile",
      exists: true,
      type: "hash",
      ttlMs: -1,
      encoding: "listpack",
      length: 2,
      memoryBytes: expect.any(Number),
    });
    expect(withoutSizes((await runCli(["inspect", "user:2:profile", ...redis.flags])).stdout)).toMatchSnapshot();
    const missing = await runJson(["inspect", "nope", ...redis.flags]);
    expect(missing.code).toBe(1);
    expect(missing.json).toEqual({ error: { code: "E_NOT_FOUND", message: 'key "nope" does not exist.' } });
    expect(missing.stderr).toBe('redis-mcp: key "nope" does not exist.\n');
  });

  it("get reads every type readably", async () => {
    const outputs: Record<string, string> = {};
    for (const key of ["user:1", "user:2:profile", "jobs", "board", "tags", "events", "blob"]) {
      const run = await runCli(["get", key, ...redis.flags]);
      expect(run.code, key).toBe(0);
      outputs[key] = run.stdout;
    }
    expect(outputs).toMatchSnapshot();
  });

  it("get --json gives the typed window with encodings; --limit bounds collections", async () => {
    expect((await runJson(["get", "user:1", ...redis.flags])).json).toMatchObject({ type: "string", value: { encoding: "utf8", value: "Ada" }, totalBytes: 3 });
    expect((await runJson(["get", "blob", ...redis.flags])).json).toMatchObject({ type: "string", value: { encoding: "base64", value: "/wAB" } });
    const window = await runJson(["get", "jobs", "--limit", "2", ...redis.flags]);
    expect(window.json).toMatchObject({ type: "list", total: 3, truncated: true, items: [{ value: "first" }, { value: "second" }] });
    expect(window.stderr).toBe("(first items of 3; use --limit for more)\n");
    expect((await runJson(["get", "nope", ...redis.flags])).code).toBe(1);
  });

  it("set writes a string with a TTL; --nx refuses an existing key with exit 1", async () => {
    expect(await runCli(["set", "greeting", "hello", "--ttl", "5m", ...redis.flags])).toEqual({ code: 0, stdout: "OK\n", stderr: "" });
    expect(await redis.client.get("greeting")).toBe("hello");
    const ttl = await redis.client.pttl("greeting");
    expect(ttl).toBeGreaterThan(290_000);
    expect(ttl).toBeLessThanOrEqual(300_000);
    const refused = await runJson(["set", "greeting", "again", "--nx", ...redis.flags]);
    expect(refused.code).toBe(1);
    expect(refused.json).toEqual({ key: "greeting", written: false, ttlMs: null });
    expect(await redis.client.get("greeting")).toBe("hello");
    expect((await runCli(["set", "k", "v", "--nx", "--xx", ...redis.flags])).code).toBe(2);
  });

  it("del deletes named keys and counts the ones that existed", async () => {
    const run = await runJson(["del", "user:1", "jobs", "nope", ...redis.flags]);
    expect(run.json).toEqual({ keys: ["user:1", "jobs", "nope"], deleted: 2 });
    expect(await existing(redis, "user:1", "jobs")).toBe(0);
  });

  it("del --pattern shows the dry run and refuses without --yes (exit 1), deleting nothing", async () => {
    const refused = await runCli(["del", "--pattern", "user:*", ...redis.flags]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("dry run: 2 keys match user:*:\n  user:1\n  user:2:profile\nNothing was deleted. Run again with --yes to delete them.\n");
    expect(refused.stderr).toBe("redis-mcp: not deleting 2 keys without --yes (dry run shown).\n");
    expect(await existing(redis, "user:1", "user:2:profile")).toBe(2);
    const json = await runJson(["del", "--pattern", "user:*", ...redis.flags]);
    expect(json.code).toBe(1);
    expect(json.json).toMatchObject({ pattern: "user:*", matched: 2, deleted: 0, dryRun: true });
    expect((await runCli(["del", "--pattern", "user:*", "--dry-run", ...redis.flags])).code).toBe(0);
    expect(await existing(redis, "user:1", "user:2:profile")).toBe(2);
  });

  it("del --pattern --yes deletes every match on every master", async () => {
    await Promise.all(Array.from({ length: 200 }, (_, index) => redis.client.set(`cache:${index}`, "v")));
    const run = await runJson(["del", "--pattern", "cache:*", "--yes", ...redis.flags]);
    expect(run.code).toBe(0);
    expect(run.json).toMatchObject({ matched: 200, deleted: 200, dryRun: false });
    expect((await runJson(["keys", "cache:*", ...redis.flags])).json.keys).toEqual([]);
    expect(await redis.client.exists("user:1")).toBe(1);
  });

  it("del refuses '*' without --allow-all and mixing names with --pattern, exit 2", async () => {
    const everything = await runCli(["del", "--pattern", "*", "--yes", ...redis.flags]);
    expect(everything.code).toBe(2);
    expect(everything.stderr).toMatch(/^redis-mcp: deleteByPattern: the pattern "\*" matches every key in the database/);
    expect(await redis.client.exists("user:1")).toBe(1);
    expect((await runCli(["del", "user:1", "--pattern", "user:*", ...redis.flags])).code).toBe(2);
    expect((await runCli(["del", ...redis.flags])).code).toBe(2);
  });

  it("memory --pattern counts every match and gives bytes per namespace", async () => {
    await Promise.all(Array.from({ length: 150 }, (_, index) => redis.client.set(`cache:item:${index}`, "x".repeat(200))));
    const { json } = await runJson<{
      matchedKeys: number;
      sampledKeys: number;
      namespaces: { pattern: string; estimatedCount: number; memory: { averageBytes: number } }[];
    }>(["memory", "--pattern", "cache:*", ...redis.flags]);
    expect(json).toMatchObject({ matchedKeys: 150, sampledKeys: 150 });
    expect(json.namespaces).toEqual([expect.objectContaining({ pattern: "cache:item:{id}", estimatedCount: 150 })]);
    expect(json.namespaces[0]?.memory.averageBytes).toBeGreaterThan(200);
    const human = await runCli(["memory", "--pattern", "cache:*", "--samples", "50", ...redis.flags]);
    expect(human.stdout).toMatch(/^150 keys match cache:\*: about [\d.]+ KiB \(50 measured\)$/m);
    expect(human.stdout).toMatch(/^cache:item:\{id\} +string +150 /m);
  });

  it("keyspace summarises the namespaces from a sample", async () => {
    const { json } = await runJson<{ totals: { totalKeys: number; nodes: unknown[] }; namespaces: { pattern: string }[] }>(["keyspace", ...redis.flags]);
    expect(json.totals.totalKeys).toBe(7);
    expect(json.totals.nodes).toHaveLength(redis.masters);
    expect(json.namespaces.map((namespace) => namespace.pattern).sort()).toEqual(["blob", "board", "events", "jobs", "tags", "user:{id}", "user:{id}:profile"]);
    const human = await runCli(["keyspace", ...redis.flags]);
    expect(human.stdout).toMatch(/^NAMESPACE +TYPES +KEYS +MEMORY +AVG +TTL$/m);
  });
});

/** A namespace table without what changes between runs and servers: sizes, TTLs ticking down, column padding. */
function stableTable(text: string): string {
  return withoutPadding(stable(text))
    .replace(/\b(?!0 B\b)\d+(\.\d+)? (B|KiB|MiB)\b/g, "<size>")
    .replace(/median \d+[dhms]( \d+[dhms])*/g, "median <ttl>");
}

describe.each(targets)("memory and keyspace output on $name (snapshots)", (target) => {
  let redis: Target;
  beforeAll(async () => {
    redis = await target.connect();
  });
  afterAll(() => redis.close());

  beforeEach(async () => {
    // Namespaces a few times apart in memory, so their order (largest first) holds even when estimated from a sample.
    const client = redis.client;
    for (const id of [1, 2, 3]) await client.set(`shop:page:${id}`, "x".repeat(2000), "EX", 3600);
    const fields = Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`field-${index}`, `value-${index}`]));
    for (const id of [1, 2]) await client.hset(`shop:cart:${id}`, fields);
    await client.rpush("shop:queue", ...Array.from({ length: 20 }, (_, index) => String(index)));
    await client.set("shop:flag", "1");
  });

  it("memory --pattern prints the total and a table of namespaces, largest first", async () => {
    const outputs: Record<string, string> = {};
    for (const args of [
      ["--pattern", "shop:*"],
      ["--pattern", "shop:*", "--top", "2"],
      ["--pattern", "nothing:*"],
    ]) {
      const run = await runCli(["memory", ...args, ...redis.flags]);
      expect(run, args.join(" ")).toMatchObject({ code: 0, stderr: "" });
      outputs[args.join(" ")] = stableTable(run.stdout);
    }
    expect(outputs).toMatchSnapshot();
  });

  it("keyspace prints the totals and a table of namespaces, largest first", async () => {
    const run = await runCli(["keyspace", ...redis.flags]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(stableTable(run.stdout)).toMatchSnapshot();
  });
});
