import { redisBloomModulePath, type StandaloneRedis, startRedisServer } from "@redis-mcp/test-redis";
import fc from "fast-check";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CommandKeySpec, parseCommandInfo } from "../src/commands/command-key-spec.js";
import { accessOf, planRawCommand, type RawCommandPlan } from "../src/commands/raw-command.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";

const PREFIX = "tenant:";

/** Every command and subcommand the server describes (RedisBloom's module commands included). */
async function commandTable(raw: Redis): Promise<CommandKeySpec[]> {
  const entries: CommandKeySpec[] = [];
  const walk = (entry: unknown) => {
    const spec = parseCommandInfo(entry);
    if (!spec) return;
    entries.push(spec);
    const subcommands = (entry as unknown[])[9];
    if (Array.isArray(subcommands)) for (const sub of subcommands) walk(sub);
  };
  for (const entry of (await raw.call("COMMAND")) as unknown[]) walk(entry);
  return entries.sort((left, right) => left.name.localeCompare(right.name));
}

/** The command line's first words: `config|get` is sent as `CONFIG GET`. */
function words(spec: CommandKeySpec): string[] {
  return spec.name.split("|").map((word) => word.toUpperCase());
}

/** Arguments that steer commands into their key-bearing shapes: counts, option names, keys, patterns. */
const argument = fc.oneof(
  fc.constantFrom("0", "1", "2", "3", "-1", "k1", "k2", "{t}a", "{t}b", "*", "#", "nosort"),
  fc.constantFrom("BY", "GET", "STORE", "STREAMS", "KEYS", "WEIGHTS", "LIMIT", "COUNT", "MATCH", "LEFT", "RIGHT", "STOREDIST", "FROMMEMBER"),
  fc.string({ minLength: 1, maxLength: 6 }),
);

async function planOrRefusal(client: Redis, line: string[]): Promise<RawCommandPlan | string> {
  try {
    return await planRawCommand(client, line);
  } catch (error) {
    if (RedisMcpError.isInstance(error)) return error.code;
    throw error;
  }
}

describe("redis_command's classifier over the server's whole COMMAND table", () => {
  let server: StandaloneRedis;
  let raw: Redis;
  let scoped: Redis;
  let table: CommandKeySpec[];
  beforeAll(async () => {
    server = await startRedisServer({ args: ["--loadmodule", redisBloomModulePath()] });
    raw = new Redis(server.port);
    scoped = new Redis(server.port, { keyPrefix: PREFIX });
    table = await commandTable(raw);
  });
  afterAll(async () => {
    raw?.disconnect();
    scoped?.disconnect();
    await server?.stop();
  });

  it("covers core and module commands", () => {
    expect(table.length).toBeGreaterThan(200);
    expect(table.some((spec) => spec.flags.has("module"))).toBe(true);
  });

  it("never lets a write command through at the read tier (every entry)", () => {
    for (const spec of table) {
      const writes = spec.flags.has("write") || spec.aclCategories.has("@write");
      if (writes) expect(accessOf(spec), spec.name).not.toBe("read");
      if (spec.flags.has("admin") || spec.aclCategories.has("@dangerous")) expect(accessOf(spec), spec.name).toBe("admin");
    }
  });

  it("never plans a read for a write command, whatever the arguments", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 10_000 }), fc.array(argument, { maxLength: 8 }), async (pick, args) => {
        const spec = table[pick % table.length] as CommandKeySpec;
        const plan = await planOrRefusal(raw, [...words(spec), ...args]);
        if (typeof plan === "string") return;
        if (spec.flags.has("write") || spec.aclCategories.has("@write")) expect(plan.access, spec.name).not.toBe("read");
      }),
      { numRuns: 1500 },
    );
  });

  it("refuses blocking, pub/sub, transaction and connection-state commands", async () => {
    for (const spec of table) {
      const refused =
        spec.flags.has("blocking") ||
        spec.aclCategories.has("@blocking") ||
        spec.flags.has("pubsub") ||
        spec.aclCategories.has("@pubsub") ||
        spec.aclCategories.has("@transaction");
      if (!refused) continue;
      const [name, ...rest] = words(spec);
      expect(await planOrRefusal(raw, [name as string, ...rest, "k1", "0"]), spec.name).toBe("E_UNSUPPORTED");
    }
    for (const line of [["SELECT", "1"], ["AUTH", "x"], ["HELLO", "3"], ["CLIENT", "SETNAME", "x"], ["CLIENT", "REPLY", "OFF"], ["MONITOR"], ["QUIT"]]) {
      expect(await planOrRefusal(raw, line), line.join(" ")).toBe("E_UNSUPPORTED");
    }
  });

  it("lets no key escape the scope: every key the server finds in the sent line carries the prefix", async () => {
    let planned = 0;
    let withKeys = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 10_000 }), fc.array(argument, { maxLength: 8 }), async (pick, args) => {
        const spec = table[pick % table.length] as CommandKeySpec;
        const line = [...words(spec), ...args];
        const plan = await planOrRefusal(scoped, line);
        if (typeof plan === "string") return;
        planned += 1;
        const [name, ...rest] = line;
        const sent = rest.map((value, index) => (plan.keyIndexes.includes(index) ? `${PREFIX}${value}` : value));
        // Ask the server itself where the keys of the line as sent are.
        const keys = await raw.call("COMMAND", "GETKEYS", name as string, ...sent).then(
          (reply) => (reply as string[]).map(String),
          () => [] as string[],
        );
        if (keys.length > 0) withKeys += 1;
        for (const key of keys) expect(key.startsWith(PREFIX), `${line.join(" ")} -> ${key}`).toBe(true);
        if (plan.keyIndexes.length === 0)
          expect(
            ["ping", "echo", "time", "lolwut", "cluster|keyslot", "acl|whoami"].includes(plan.name) ||
              plan.name.startsWith("command") ||
              plan.name.endsWith("|help"),
            plan.name,
          ).toBe(true);
      }),
      { numRuns: 3000 },
    );
    // The property must have been exercised, not vacuously true.
    expect(planned).toBeGreaterThan(100);
    expect(withKeys).toBeGreaterThan(50);
  });

  it("refuses under a scope what the scope cannot confine", async () => {
    const lines = [
      ["KEYS", "*"],
      ["SCAN", "0", "MATCH", "*"],
      ["RANDOMKEY"],
      ["DBSIZE"],
      ["FLUSHDB"],
      ["SORT", "list", "BY", "weight_*"],
      ["SORT", "list", "GET", "#"],
      ["EVAL", "return redis.call('GET', 'other')", "0"],
      ["EVAL", "return 1", "1", "mine"],
      ["FCALL", "f", "0"],
      ["MIGRATE", "127.0.0.1", "1", "k", "0", "1000"],
      ["CLUSTER", "GETKEYSINSLOT", "0", "10"],
      ["DEBUG", "OBJECT", "k"],
      ["CMS.MERGE", "dest", "1", "source"],
      ["INFO", "keyspace"],
    ];
    for (const line of lines) expect(await planOrRefusal(scoped, line), line.join(" ")).toBe("E_UNSUPPORTED");
    expect(await planOrRefusal(raw, ["SORT", "list", "BY", "weight_*"])).toMatchObject({ access: "admin" });
    expect(await planOrRefusal(scoped, ["OBJECT", "ENCODING", "k"])).toMatchObject({ name: "object|encoding", access: "read", keyIndexes: [1] });
    expect(await planOrRefusal(scoped, ["SORT", "list", "LIMIT", "0", "5"])).toMatchObject({ keyIndexes: [0] });
  });

  it("rejects malformed lines and unknown commands, and names the subcommands of a bare container", async () => {
    expect(await planOrRefusal(raw, [])).toBe("E_INVALID_ARGUMENT");
    expect(await planOrRefusal(raw, ["GET", { key: 1 } as unknown as string])).toBe("E_INVALID_ARGUMENT");
    expect(await planOrRefusal(raw, ["NOSUCHCOMMAND"])).toBe("E_UNSUPPORTED");
    await expect(planRawCommand(raw, ["CONFIG"])).rejects.toThrow(/subcommands \(.*get.*\)/);
    expect(await planOrRefusal(raw, ["BF.ADD", "f", "x"])).toMatchObject({ access: "write", module: true, keyIndexes: [0] });
    expect(await planOrRefusal(raw, ["BF.EXISTS", "f", "x"])).toMatchObject({ access: "read", module: true });
    expect(await planOrRefusal(raw, ["PING"])).toMatchObject({ access: "read" });
    expect(await planOrRefusal(raw, ["EVAL", "return 1", "0"])).toMatchObject({ access: "write" });
    expect(await planOrRefusal(raw, ["CONFIG", "SET", "maxmemory", "1"])).toMatchObject({ access: "admin" });
  });
});
