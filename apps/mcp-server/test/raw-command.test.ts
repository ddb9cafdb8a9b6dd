import { redisBloomModulePath, type StandaloneRedis, startRedisServer } from "@redis-mcp/test-redis";
import { useRedis } from "@redis-mcp/test-redis/vitest";
import { type Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cleanEnvironment, connectHttp, connectStdio, startHttpServer, textOf } from "./support/server-process.js";
import { serveTarget } from "./support/target-server.js";
import { TARGETS } from "./support/topologies.js";

type RawResult = { command: string; access: string; reply?: unknown; nodes?: { node: string; reply?: unknown; error?: string }[] };
const run = (result: unknown) => (result as { structuredContent: RawResult }).structuredContent;

describe.each(TARGETS)("redis_command on $name, unscoped at the admin tier", ({ target }) => {
  const server = serveTarget(target, ["--toolsets", "raw", "--tier", "admin"]);
  const command = (...line: (string | number)[]) => server.call("redis_command", { command: line });

  it("runs reads and writes and reports how each was classified", async () => {
    expect(run(await command("HSET", "user:1", "name", "Ada", "role", "admin"))).toEqual({ command: "hset", access: "write", reply: 2 });
    expect(await server.raw.hget("user:1", "name")).toBe("Ada");
    expect(run(await command("HGETALL", "user:1"))).toEqual({ command: "hgetall", access: "read", reply: ["name", "Ada", "role", "admin"] });
    expect(run(await command("CONFIG", "GET", "maxmemory-policy"))).toMatchObject({ command: "config|get", access: "admin" });
    // A script may call anything (FLUSHALL included): admin, whatever keys it declares.
    const script = run(await command("EVAL", "return 1", 0));
    expect(script).toMatchObject({ command: "eval", access: "admin" });
    // Without keys a script runs once: on a cluster on one master, named in the reply.
    if (server.name === "cluster") expect(script.nodes).toEqual([{ node: expect.stringMatching(/:\d+$/), reply: 1 }]);
    else expect(script.reply).toBe(1);
    expect(run(await command("GET", "absent"))).toMatchObject({ reply: null });
    await server.raw.set("binary", Buffer.from([0xff, 0x00, 0xfe]));
    expect(run(await command("GET", "binary"))).toMatchObject({ reply: { encoding: "base64", value: "/wD+" } });
  });

  it("keeps keys used together in one slot on a cluster", async () => {
    expect(run(await command("MSET", "{t}a", "1", "{t}b", "2"))).toMatchObject({ reply: "OK" });
    expect(run(await command("MGET", "{t}a", "{t}b"))).toMatchObject({ reply: ["1", "2"] });
    const spread = await command("MSET", "a1", "1", "b2", "2", "c3", "3");
    if (server.name === "cluster") expect(textOf(spread)).toMatch(/E_CROSSSLOT.*hash tag/);
    else expect(spread.isError).toBeFalsy();
  });

  it("refuses blocking, pub/sub, transaction and connection-state commands, and bad input", async () => {
    expect(textOf(await command("BLPOP", "queue", 0))).toMatch(/E_UNSUPPORTED.*block/);
    expect(textOf(await command("SUBSCRIBE", "news"))).toMatch(/E_UNSUPPORTED.*pubsub tools/);
    expect(textOf(await command("MULTI"))).toMatch(/E_UNSUPPORTED/);
    expect(textOf(await command("SELECT", 1))).toMatch(/E_UNSUPPORTED.*connection/);
    expect(textOf(await command("CLIENT", "SETNAME", "evil"))).toMatch(/E_UNSUPPORTED/);
    expect(textOf(await command("CONFIG"))).toMatch(/subcommands/);
    expect(textOf(await command("NOSUCHCOMMAND"))).toMatch(/E_UNSUPPORTED/);
    expect((await server.call("redis_command", { command: [] })).isError).toBe(true);
    expect((await server.call("redis_command", { command: [{ a: 1 }] })).isError).toBe(true);
    expect(textOf(await command("GET"))).toMatch(/E_INVALID_ARGUMENT.*wrong number of arguments/);
    // Still answering after all of that.
    const ping = run(await command("PING"));
    expect(ping.access).toBe("read");
    expect(ping.reply ?? ping.nodes?.map((node) => node.reply)).toEqual(server.name === "cluster" ? ["PONG", "PONG", "PONG"] : "PONG");
  });

  it("runs a keyless command on every master of a cluster, or on the one named", async () => {
    for (let index = 0; index < 30; index++) await server.raw.set(`spread:${index}`, "x");
    const sizes = run(await command("DBSIZE"));
    if (server.name === "standalone") {
      expect(sizes.reply).toBe(await server.raw.dbsize());
      expect(textOf(await server.call("redis_command", { command: ["DBSIZE"], node: "127.0.0.1:6379" }))).toMatch(
        /E_INVALID_ARGUMENT.*single Redis.*leave node out/,
      );
      return;
    }
    const masters = sizes.nodes ?? [];
    expect(masters).toHaveLength(3);
    const perNode = masters.map((node) => node.reply as number);
    expect(perNode.every((size) => size > 0)).toBe(true);
    const cluster = server.raw as Cluster;
    const counted = await Promise.all(cluster.nodes("master").map((node) => node.dbsize()));
    expect(perNode.reduce((sum, size) => sum + size, 0)).toBe(counted.reduce((sum, size) => sum + size, 0));
    const first = masters[0]?.node as string;
    const one = run(await server.call("redis_command", { command: ["DBSIZE"], node: first }));
    expect(one.nodes).toEqual([{ node: first, reply: perNode[0] }]);
    // A SCAN cursor belongs to one node: follow it there.
    const page = run(await server.call("redis_command", { command: ["SCAN", 0, "COUNT", 5], node: first }));
    expect(page.nodes?.[0]?.node).toBe(first);
    expect(textOf(await server.call("redis_command", { command: ["DBSIZE"], node: "10.0.0.1:1" }))).toMatch(
      new RegExp(`E_INVALID_ARGUMENT.*not a master here; the masters are .*${first.replace(/\./g, "\\.")}`),
    );
    expect(textOf(await server.call("redis_command", { command: ["GET", "spread:1"], node: first }))).toMatch(/names keys.*leave node out/);
    // Refused by every master: an error, as on a single Redis.
    expect(textOf(await command("CONFIG", "SET", "no-such-parameter", "1"))).toMatch(/E_/);
  });
});

describe.each(TARGETS)("redis_command on $name under --key-prefix app: at the write tier", ({ target }) => {
  const server = serveTarget(target, ["--toolsets", "raw", "--key-prefix", "app:"]);
  const command = (...line: (string | number)[]) => server.call("redis_command", { command: line });

  it("applies the scope to every key position, and gives key names back without it", async () => {
    expect(run(await command("SET", "greeting", "hi"))).toMatchObject({ reply: "OK", access: "write" });
    expect(await server.raw.get("app:greeting")).toBe("hi");
    expect(await server.raw.exists("greeting")).toBe(0);
    await server.raw.set("other:secret", "theirs");
    expect(run(await command("GET", "other:secret"))).toMatchObject({ reply: null });
    expect(run(await command("MSET", "{u}a", "1", "{u}b", "2"))).toMatchObject({ reply: "OK" });
    expect(await server.raw.get("app:{u}a")).toBe("1");
    await server.raw.rpush("app:{u}list", "x", "y");
    expect(run(await command("LMPOP", 2, "{u}none", "{u}list", "LEFT"))).toMatchObject({ reply: ["{u}list", ["x"]] });
    expect(run(await command("OBJECT", "ENCODING", "greeting"))).toMatchObject({ reply: "embstr", access: "read" });
    expect(run(await command("OBJECT", "ENCODING", "other:secret"))).toMatchObject({ reply: null });
  });

  it("refuses what the scope cannot confine, and what the tier does not allow", async () => {
    await server.raw.set("other:secret", "theirs");
    for (const line of [
      ["KEYS", "*"],
      ["SCAN", 0, "MATCH", "*"],
      ["SORT", "list", "BY", "other:*"],
      ["EVAL", "return redis.call('GET', 'other:secret')", 0],
      ["MIGRATE", "127.0.0.1", 1, "k", 0, 1000],
      ["DBSIZE"],
      ["FLUSHDB"],
    ]) {
      expect(textOf(await command(...line)), line.join(" ")).toMatch(/E_UNSUPPORTED.*scope "app:"/);
    }
    expect(textOf(await command("UNLINK", "greeting"))).not.toMatch(/E_TIER/);
    expect(textOf(await command("RESTORE", "x", 0, "payload"))).toMatch(/E_TIER.*admin/);
    expect(await server.raw.get("other:secret")).toBe("theirs");
  });
});

describe("redis_command at the read tier, over HTTP, and in the audit log", () => {
  it("runs reads and refuses writes at the read tier, changing nothing", async () => {
    const redis = await useRedis();
    const raw = new Redis(redis.port);
    const connection = await connectStdio(["--toolsets", "raw", "--read-only"], cleanEnvironment({ REDIS_URL: redis.url }));
    try {
      const listed = (await connection.client.listTools()).tools.find((tool) => tool.name === "redis_command");
      expect(listed?.annotations).toMatchObject({ destructiveHint: true });
      expect(listed?.annotations?.readOnlyHint).toBeUndefined();
      await raw.set("k", "v");
      const call = (...line: string[]) => connection.client.callTool({ name: "redis_command", arguments: { command: line } });
      expect(run(await call("GET", "k"))).toMatchObject({ reply: "v", access: "read" });
      expect(textOf(await call("SET", "k", "changed"))).toMatch(/E_TIER.*write/);
      expect(textOf(await call("DEL", "k"))).toMatch(/E_TIER/);
      expect(textOf(await call("EVAL", "redis.call('SET', KEYS[1], 'x')", "1", "k"))).toMatch(/E_TIER/);
      expect(run(await call("EVAL_RO", "return redis.call('GET', KEYS[1])", "1", "k"))).toMatchObject({ access: "read", reply: "v" });
      expect(await raw.get("k")).toBe("v");
    } finally {
      raw.disconnect();
      await connection.close();
    }
  });

  it("answers over Streamable HTTP and audits writes at the tier they needed", async () => {
    const redis = await useRedis();
    const http = await startHttpServer(["--toolsets", "raw", "--tier", "admin"], cleanEnvironment({ REDIS_URL: redis.url }));
    try {
      const client = await connectHttp(http.url);
      const call = (...line: string[]) => client.callTool({ name: "redis_command", arguments: { command: line } });
      expect(run(await call("SET", "via-http", "1"))).toMatchObject({ reply: "OK" });
      expect(run(await call("CONFIG", "GET", "maxmemory"))).toMatchObject({ access: "admin" });
      await client.close();
      // Audit lines are written in batches: wait for them.
      const audit = () =>
        http
          .stderr()
          .split("\n")
          .filter((line) => line.includes('"tool":"redis_command"'));
      await vi.waitFor(() => expect(audit().length).toBe(2));
      expect(audit().some((line) => line.includes('"tier":"write"'))).toBe(true);
      expect(audit().some((line) => line.includes('"tier":"admin"'))).toBe(true);
      // The command is named, its arguments (which may be values or secrets) only counted.
      expect(audit().some((line) => line.includes('"command":["SET","[redacted: 2 arguments]"]'))).toBe(true);
    } finally {
      await http.stop();
    }
  });
});

describe("redis_command with module commands (RedisBloom) under a key scope", () => {
  let redis: StandaloneRedis;
  let raw: Redis;
  beforeAll(async () => {
    redis = await startRedisServer({ args: ["--loadmodule", redisBloomModulePath()] });
    raw = new Redis(redis.port);
  });
  afterAll(async () => {
    raw?.disconnect();
    await redis?.stop();
  });

  it("prefixes module keys and classifies module writes from the server's flags", async () => {
    const read = await connectStdio(["--toolsets", "raw", "--read-only", "--key-prefix", "app:"], cleanEnvironment({ REDIS_URL: redis.url }));
    const write = await connectStdio(["--toolsets", "raw", "--key-prefix", "app:"], cleanEnvironment({ REDIS_URL: redis.url }));
    try {
      const call = (connection: typeof read, ...line: string[]) => connection.client.callTool({ name: "redis_command", arguments: { command: line } });
      expect(textOf(await call(read, "BF.ADD", "seen", "a"))).toMatch(/E_TIER/);
      expect(run(await call(write, "BF.ADD", "seen", "a"))).toMatchObject({ access: "write", reply: 1 });
      expect(await raw.exists("app:seen")).toBe(1);
      expect(await raw.exists("seen")).toBe(0);
      expect(run(await call(read, "BF.EXISTS", "seen", "a"))).toMatchObject({ access: "read", reply: 1 });
      expect(textOf(await call(write, "CMS.MERGE", "dest", "1", "source"))).toMatch(/E_UNSUPPORTED/);
    } finally {
      await read.close();
      await write.close();
    }
  });
});
