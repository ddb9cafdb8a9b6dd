import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@redis-mcp/core/local-server";
import { type RedisCluster, RedisNode, type StandaloneRedis, startRedisCluster, startRedisServer } from "@redis-mcp/test-redis";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runJson, stable, type Target, targets } from "./support/cli.js";

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "redis-mcp-cli-config-"));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

async function file(name: string, text: string): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, text);
  return path;
}

const SEED_CONF = "# the seed's redis.conf\nmaxmemory 2gb\nmaxmemory-policy allkeys-lru\nsave 900 1\nsave 300 10\nsave 60 10000\nappendonly no\n";

interface DiffDocument {
  file: string;
  changes: number;
  unknown: string[];
  ignored: { name: string; reason: string }[];
  nodes: { node: string; parameters: { parameter: string; current: string | null; desired: string; changed: boolean }[] }[];
}

describe.each(targets)("config show and diff on $name (read-only)", (target) => {
  let redis: Target;
  beforeAll(async () => {
    redis = await target.connect();
  });
  afterAll(() => redis.close());

  it("config show gives the seed's settings per master, or the patterns asked for", async () => {
    const { json } = await runJson<{ nodes: { node: string; config: Record<string, string> }[] }>(["config", "show", ...redis.flags]);
    expect(json.nodes).toHaveLength(redis.masters);
    for (const node of json.nodes) expect(node.config).toMatchObject({ maxmemory: "0", "maxmemory-policy": "noeviction", appendonly: "no" });
    const asked = await runJson<{ nodes: { config: Record<string, string> }[] }>(["config", "show", "maxmemory*", ...redis.flags]);
    expect(Object.keys(asked.json.nodes[0]?.config ?? {}).every((name) => name.startsWith("maxmemory"))).toBe(true);
    const human = await runCli(["config", "show", "maxmemory-policy", ...redis.flags]);
    // Ports differ in length from run to run, so the columns are compared without their padding.
    expect(stable(human.stdout).replace(/ +/g, " ")).toBe(
      redis.masters === 1
        ? "PARAMETER VALUE\nmaxmemory-policy noeviction\n"
        : "PARAMETER 127.0.0.1:<port> 127.0.0.1:<port> 127.0.0.1:<port>\nmaxmemory-policy noeviction noeviction noeviction\n",
    );
  });

  it("config diff compares a redis.conf with every master", async () => {
    const path = await file(`seed-${target.name}.conf`, `${SEED_CONF}include /etc/redis/extra.conf\nfacility 6379\n`);
    const { code, json } = await runJson<DiffDocument>(["config", "diff", path, ...redis.flags]);
    expect(code).toBe(0);
    expect(json.changes).toBe(3 * redis.masters);
    expect(json.unknown).toEqual(["facility"]);
    expect(json.ignored).toEqual([{ name: "include", reason: expect.any(String) }]);
    expect(json.nodes).toHaveLength(redis.masters);
    for (const node of json.nodes) {
      expect(node.parameters).toEqual([
        { parameter: "maxmemory", current: "0", desired: "2gb", changed: true },
        { parameter: "maxmemory-policy", current: "noeviction", desired: "allkeys-lru", changed: true },
        { parameter: "save", current: "", desired: "900 1 300 10 60 10000", changed: true },
        { parameter: "appendonly", current: "no", desired: "no", changed: false },
        { parameter: "facility", current: null, desired: "6379", changed: true },
      ]);
    }
    const human = await runCli(["config", "diff", path, ...redis.flags]);
    expect(stable(human.stdout)).toMatchSnapshot();
    expect((await runCli(["config", "diff", path, "--exit-code", ...redis.flags])).code).toBe(1);
  });

  it("config diff reads the seed's JSON shape", async () => {
    const path = await file(
      `seed-${target.name}.json`,
      JSON.stringify({
        redis: { host: "localhost", password: "secure_password", performanceConfig: { maxMemoryPolicy: "noeviction", tcpUserTimeout: 30000 } },
      }),
    );
    const { code, json, stdout } = await runJson<DiffDocument>(["config", "diff", path, "--exit-code", ...redis.flags]);
    expect(code).toBe(0);
    expect(json.changes).toBe(0);
    expect(json.ignored.map((entry) => entry.name)).toEqual(["tcpUserTimeout", "host", "password"]);
    expect(stdout).not.toContain("secure_password");
  });

  it("refuses an unreadable or malformed file with exit 2", async () => {
    const missing = await runCli(["config", "diff", join(directory, "nope.conf"), ...redis.flags]);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/^redis-mcp: cannot read .*nope\.conf: ENOENT\.\n$/) });
    const broken = await runCli(["config", "diff", await file("broken.conf", 'dir "/tmp\n'), ...redis.flags]);
    expect(broken).toMatchObject({ code: 2, stderr: expect.stringContaining("line 1: unbalanced quotes") });
  });
});

describe("config apply on a standalone server (round trip)", () => {
  let server: StandaloneRedis;
  let client: Redis;
  beforeAll(async () => {
    server = await startRedisServer({ password: "server-secret" });
    client = new Redis(server.port, "127.0.0.1", { password: "server-secret" });
  });
  afterAll(async () => {
    client.disconnect();
    await server.stop();
  });

  // The password comes from the environment, as the README recommends (a URL would carry it on the command line).
  const flags = () => ["--redis-host", "127.0.0.1", "--redis-port", String(server.port)];
  const env = { REDIS_PASSWORD: "server-secret" };

  it("shows the diff and changes nothing without --yes, applies with it, then finds no difference", async () => {
    const path = await file("apply.conf", SEED_CONF);
    const dry = await runJson<DiffDocument & { applied: boolean }>(["config", "apply", path, ...flags()], { env });
    expect(dry.code).toBe(1);
    expect(dry.json).toMatchObject({ applied: false, changes: 3 });
    expect(dry.stderr).toBe("redis-mcp: not applying 3 changes without --yes (diff shown).\n");
    expect(await client.config("GET", "maxmemory")).toEqual(["maxmemory", "0"]);

    const applied = await runCli(["config", "apply", path, "--yes", ...flags()], { env });
    expect(applied.code).toBe(0);
    expect(stable(applied.stdout)).toBe(
      '# 127.0.0.1:<port> set 3 parameters\n  maxmemory: 0 -> 2gb\n  maxmemory-policy: noeviction -> allkeys-lru\n  save: "" -> 900 1 300 10 60 10000\n',
    );
    expect(await client.config("GET", "maxmemory")).toEqual(["maxmemory", String(2 * 1024 ** 3)]);
    expect(await client.config("GET", "save")).toEqual(["save", "900 1 300 10 60 10000"]);

    const after = await runJson<DiffDocument>(["config", "diff", path, "--exit-code", ...flags()], { env });
    expect(after.code).toBe(0);
    expect(after.json.changes).toBe(0);
    const again = await runCli(["config", "apply", path, "--yes", ...flags()], { env });
    expect(stable(again.stdout)).toBe("# 127.0.0.1:<port> already up to date\n");
  });

  it("never shows a secret it compares or sets", async () => {
    const path = await file("secret.conf", "masterauth upstream-secret\n");
    const run = await runCli(["config", "apply", path, "--yes", ...flags()], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('masterauth: "" -> ********');
    expect(run.stdout + run.stderr).not.toContain("upstream-secret");
    expect(await client.config("GET", "masterauth")).toEqual(["masterauth", "upstream-secret"]);
  });

  it("says per node that CONFIG REWRITE failed and exits 1", async () => {
    const run = await runJson<{ applied: boolean; nodes: { rewritten: boolean; rewriteError: string }[] }>(
      ["config", "apply", await file("timeout.conf", "timeout 120\n"), "--yes", "--rewrite", ...flags()],
      { env },
    );
    expect(run.code).toBe(1);
    expect(run.json.applied).toBe(false);
    expect(run.json.nodes[0]).toMatchObject({ rewritten: false, rewriteError: expect.stringContaining("without a config file") });
    expect(await client.config("GET", "timeout")).toEqual(["timeout", "120"]);
  });

  it("refuses a parameter the server does not know, changing nothing (exit 2)", async () => {
    const run = await runCli(["config", "apply", await file("typo.conf", "maxmemory 1mb\nfacility 6379\n"), "--yes", ...flags()], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/does not know facility/);
    expect(await client.config("GET", "maxmemory")).toEqual(["maxmemory", String(2 * 1024 ** 3)]);
  });
});

/** A standalone server started from a config file of its own, which CONFIG REWRITE writes back to. */
async function startWithConfigFile(text: string): Promise<{ node: RedisNode; configFile: string }> {
  for (let attempt = 1; ; attempt++) {
    const serverDirectory = await mkdtemp(join(tmpdir(), "redis-mcp-cli-rewrite-"));
    const configFile = join(serverDirectory, "redis.conf");
    await writeFile(configFile, text);
    const port = await freePort();
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", serverDirectory, "--save", "", "--appendonly", "no"];
    const node = new RedisNode({ port, dir: serverDirectory, configFile, args });
    try {
      await node.start();
      return { node, configFile };
    } catch (error) {
      await node.dispose();
      // Another process may take the port between freePort and the server binding it.
      if (attempt >= 3 || !/Address already in use/.test(String(error))) throw error;
    }
  }
}

describe("config apply --rewrite on a server with a config file", () => {
  let node: RedisNode;
  let configFile: string;
  beforeAll(async () => {
    ({ node, configFile } = await startWithConfigFile("# the server's own file\nmaxmemory-policy noeviction\n"));
  });
  afterAll(() => node.dispose());

  it("sets the parameters, saves them to the server's config file, and they survive a restart", async () => {
    const path = await file("rewrite.conf", "maxmemory 100mb\nmaxmemory-policy allkeys-lru\n");
    const flags = ["--redis-url", `redis://127.0.0.1:${node.port}`];
    const run = await runCli(["config", "apply", path, "--yes", "--rewrite", ...flags]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(stable(run.stdout)).toBe(
      "# 127.0.0.1:<port> set 2 parameters\n  maxmemory: 0 -> 100mb\n  maxmemory-policy: noeviction -> allkeys-lru\n  CONFIG REWRITE: saved to the config file\n",
    );
    const saved = await readFile(configFile, "utf8");
    expect(saved).toMatch(/^# the server's own file$/m);
    expect(saved).toMatch(/^maxmemory 100mb$/m);
    expect(saved).toMatch(/^maxmemory-policy allkeys-lru$/m);
    expect(saved).not.toMatch(/noeviction/);

    await node.stop();
    await node.start();
    const after = await runJson<DiffDocument>(["config", "diff", path, "--exit-code", ...flags]);
    expect(after).toMatchObject({ code: 0, json: { changes: 0 } });
  });
});

describe("config apply on a cluster", () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  }, 60_000);
  afterAll(() => cluster.stop());

  it("applies to every master and says so per node", async () => {
    const nodes = cluster.startupNodes.map((node) => `${node.host}:${node.port}`);
    const run = await runJson<{ applied: boolean; nodes: { node: string; applied: boolean; changed: { parameter: string }[] }[] }>([
      "config",
      "apply",
      await file("cluster.conf", "maxmemory-policy allkeys-lfu\n"),
      "--yes",
      "--redis-cluster-nodes",
      nodes.join(","),
    ]);
    expect(run.code).toBe(0);
    expect(run.json.nodes.map((node) => node.node).sort()).toEqual([...nodes].sort());
    for (const node of run.json.nodes) expect(node).toMatchObject({ applied: true, changed: [{ parameter: "maxmemory-policy" }] });
    for (const node of cluster.startupNodes) {
      const client = new Redis(node.port, node.host);
      expect(await client.config("GET", "maxmemory-policy")).toEqual(["maxmemory-policy", "allkeys-lfu"]);
      client.disconnect();
    }
  });
});
