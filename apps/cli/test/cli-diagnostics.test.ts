import { type StandaloneRedis, startRedisCluster, startRedisServer } from "@redis-mcp/test-redis";
import { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runJson, stable, type Target, targets, withoutPadding } from "./support/cli.js";

describe.each(targets)("diagnostics on $name", (target) => {
  let redis: Target;
  beforeAll(async () => {
    redis = await target.connect();
  });
  afterAll(() => redis.close());

  it("ping reports latency, version and the cluster's masters", async () => {
    const { code, json } = await runJson(["ping", ...redis.flags]);
    expect(code).toBe(0);
    expect(json).toMatchObject({ ok: true, latencyMs: expect.any(Number), version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    if (redis.name === "cluster") expect(json.cluster).toEqual({ masters: 3 });
    const human = await runCli(["ping", ...redis.flags]);
    expect(human.stdout).toMatch(
      redis.name === "cluster" ? /^PONG [\d.]+ ms \(Redis [\d.]+, cluster of 3 masters\)\n$/ : /^PONG [\d.]+ ms \(Redis [\d.]+, master\)\n$/,
    );
  });

  it("info gives one parsed INFO per master, and a section alone when asked", async () => {
    await redis.client.set("a", "1");
    const { json } = await runJson<{ nodes: { node: string; role: string; info: Record<string, Record<string, unknown>> }[] }>([
      "info",
      "keyspace",
      ...redis.flags,
    ]);
    expect(json.nodes).toHaveLength(redis.masters);
    for (const node of json.nodes) {
      expect(node.role).toBe("master");
      expect(Object.keys(node.info)).toEqual(["keyspace"]);
    }
    const keys = json.nodes.map((node) => (node.info.keyspace?.db0 as { keys?: number } | undefined)?.keys ?? 0);
    expect(keys.reduce((total, count) => total + count, 0)).toBe(1);
    const human = await runCli(["info", "server", ...redis.flags]);
    expect(human.stdout.match(/^# 127\.0\.0\.1:\d+ \(master\)$/gm)).toHaveLength(redis.masters);
    expect(human.stdout).toMatch(/^ {2}redis_version +\d+\.\d+\.\d+$/m);
  });

  it("info prints each master's section as aligned field lines (snapshot)", async () => {
    // Slots 15495, 3300 and 7365: one key on each master of a 3-master cluster, so every block is alike.
    for (const key of ["a", "b", "c"]) await redis.client.set(key, "1");
    const outputs: Record<string, string> = {};
    for (const section of ["keyspace", "nope"]) {
      const run = await runCli(["info", section, ...redis.flags]);
      expect(run.code, section).toBe(0);
      // Redis 7.4 adds subexpiry (hash-field TTLs) to each database's line; 7.0 and Valkey 8 do not.
      outputs[section] = stable(run.stdout).replace(/ subexpiry=\d+/g, "");
    }
    expect(outputs).toMatchSnapshot();
  });

  it("doctor lists every node and its findings, exit 0 without a critical one", async () => {
    const { code, json } = await runJson<{
      nodes: { node: string }[];
      findings: { id: string; severity: string; fix: string }[];
      summary: Record<string, number>;
    }>(["doctor", ...redis.flags]);
    expect(code).toBe(0);
    expect(json.nodes.length).toBeGreaterThanOrEqual(redis.masters);
    expect(json.summary.critical).toBe(0);
    expect(json.findings.find((finding) => finding.id === "maxmemory-not-set")).toMatchObject({ severity: "info", fix: expect.stringContaining("maxmemory") });
    const human = await runCli(["doctor", ...redis.flags]);
    expect(human.stdout).toMatch(/^NODE +ROLE +VERSION/m);
    expect(human.stdout).toMatch(/^INFO {6}127\.0\.0\.1:\d+ +No memory limit/m);
    expect(human.stdout).toMatch(/^ +fix: Set maxmemory/m);
    expect(human.stdout).toMatch(/^0 critical, \d+ warnings?, \d+ info\n$/m);
  });

  it("latency says per node when monitoring is off", async () => {
    const { json } = await runJson<{ nodes: { node: string; monitoring: boolean; hint?: string; events: unknown[] }[] }>(["latency", ...redis.flags]);
    expect(json.nodes).toHaveLength(redis.masters);
    for (const node of json.nodes) expect(node).toMatchObject({ monitoring: false, events: [], hint: expect.stringContaining("latency-monitor-threshold") });
    expect(stable((await runCli(["latency", ...redis.flags])).stdout)).toMatchSnapshot();
    const human = await runCli(["latency", "--doctor", ...redis.flags]);
    expect(stable(human.stdout)).toContain("No latency spikes recorded.\n\n127.0.0.1:<port>: Latency monitoring is off");
    const doctor = await runJson<{ doctor: { report: string }[] }>(["latency", "--doctor", ...redis.flags]);
    expect(doctor.json.doctor).toHaveLength(redis.masters);
  });
});

describe("doctor on a server in trouble", () => {
  let server: StandaloneRedis;
  beforeAll(async () => {
    server = await startRedisServer({ args: ["--maxmemory", "1mb", "--maxmemory-policy", "noeviction"] });
    const client = new Redis(server.port, "127.0.0.1");
    // Fill it past 90% of maxmemory (writes beyond the limit are refused: that is the point).
    for (let index = 0; index < 200; index++) await client.set(`fill:${index}`, "x".repeat(2000)).catch(() => undefined);
    client.disconnect();
  });
  afterAll(() => server.stop());

  it("exits 1 on a critical finding and still prints the report", async () => {
    const { code, json } = await runJson<{ findings: { id: string; severity: string }[]; summary: { critical: number } }>([
      "doctor",
      "--redis-url",
      server.url,
    ]);
    expect(code).toBe(1);
    expect(json.findings).toContainEqual(expect.objectContaining({ id: "memory-near-limit", severity: "critical" }));
    const human = await runCli(["doctor", "--redis-url", server.url]);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/^CRITICAL {2}127\.0\.0\.1:\d+ /m);
    expect(human.stderr).toBe("");
  });
});

/** Every command goes to the slowlog (`slowlog-log-slower-than 0`): the test needs no command that happens to be slow. */
const LOG_EVERY_COMMAND = ["--slowlog-log-slower-than", "0"];

/** Empties the slowlog of each node: forming a cluster logs dozens of CLUSTER INFO polls. */
async function resetSlowlogs(nodes: readonly { host: string; port: number }[]): Promise<void> {
  for (const node of nodes) {
    const client = new Redis(node.port, node.host);
    await client.slowlog("RESET");
    client.disconnect();
  }
}

describe.each([
  {
    name: "standalone",
    async start() {
      const server = await startRedisServer({ args: LOG_EVERY_COMMAND });
      await resetSlowlogs([server]);
      const client = new Redis(server.port, "127.0.0.1");
      return { flags: ["--redis-url", server.url], client, stop: () => server.stop().finally(() => client.disconnect()) };
    },
  },
  {
    name: "cluster",
    async start() {
      const cluster = await startRedisCluster({ args: LOG_EVERY_COMMAND });
      await resetSlowlogs(cluster.startupNodes);
      const client = new Cluster(cluster.startupNodes);
      const nodes = cluster.startupNodes.map((node) => `${node.host}:${node.port}`).join(",");
      return { flags: ["--redis-cluster-nodes", nodes], client, stop: () => cluster.stop().finally(() => client.disconnect()) };
    },
  },
])("slowlog on a $name server of its own", ({ start }) => {
  let target: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    target = await start();
  }, 60_000);
  afterAll(() => target.stop());

  it("shows the logged commands of every node, newest first", async () => {
    await target.client.echo("slowlog-probe-1");
    await target.client.echo("slowlog-probe-2");
    // Every command of the CLI's own runs is logged too: ask for more than they can add.
    const { json } = await runJson<{ entries: { command: string[]; node: string; durationMicros: number; timestamp: number }[] }>([
      "slowlog",
      "--count",
      "1000",
      ...target.flags,
    ]);
    const ours = json.entries.filter((entry) => entry.command[0]?.toLowerCase() === "echo" && entry.command[1]?.startsWith("slowlog-probe-"));
    // Newest first by time; the log's time is in seconds, so the two may tie either way.
    expect(ours.map((entry) => entry.command[1]).sort()).toEqual(["slowlog-probe-1", "slowlog-probe-2"]);
    for (const entry of ours) expect(entry).toMatchObject({ node: expect.stringMatching(/^127\.0\.0\.1:\d+$/), durationMicros: expect.any(Number) });
    const times = json.entries.map((entry) => entry.timestamp);
    expect(times).toEqual([...times].sort((left, right) => right - left));
    const human = await runCli(["slowlog", "--count", "1000", ...target.flags]);
    expect(human.stdout).toMatch(/^WHEN \(UTC\) +DURATION +NODE +CLIENT +COMMAND$/m);
    expect(human.stdout).toMatch(/ (ECHO|echo) slowlog-probe-2$/m);
  });
});

/** The doctor's report without what changes between runs and servers: version, uptime, memory used, ops/s, padding. */
function stableReport(text: string): string {
  const lines = stable(text)
    .split("\n")
    .map((line) => {
      const cells = line.split(/ {2,}/);
      if (!line.startsWith("127.0.0.1:") || cells.length !== 10) return line;
      // NODE ROLE VERSION UPTIME MEMORY POLICY CLIENTS KEYS OPS/S HIT RATE; the limit after the used memory stays.
      const memory = (cells[4] ?? "").replace(/^[\d.]+ [KMG]?i?B/, "<used>");
      return [cells[0], cells[1], "<version>", "<uptime>", memory, cells[5], cells[6], cells[7], "<ops/s>", cells[9]].join("  ");
    });
  return withoutPadding(lines.join("\n")).replace(/\b(used_memory|used_memory_rss|total_system_memory)=\d+/g, "$1=<bytes>");
}

/** LATENCY LATEST as the CLI shows it, with the durations left out and only the `command` events (a busy machine may add others). */
function stableLatency(text: string): string {
  const lines = stable(text)
    .split("\n")
    .map((line) => line.split(/ {2,}/))
    .filter((cells) => cells[0] === "NODE" || cells[1] === "command" || cells.length < 5)
    .map((cells) => (cells[1] === "command" ? [cells[0], cells[1], "<ms>", "<ms>", cells[4]] : cells).join("  "));
  return lines.join("\n");
}

describe("doctor and latency on a server of its own (snapshots)", () => {
  let server: StandaloneRedis;
  let client: Redis;
  beforeAll(async () => {
    // What the report says depends only on this: a memory limit with noeviction (a warning), no slowlog
    // (a busy machine would add slow commands), latency events from 10 ms, and DEBUG SLEEP to make one.
    server = await startRedisServer({
      args: [
        "--maxmemory",
        "64mb",
        "--maxmemory-policy",
        "noeviction",
        "--slowlog-log-slower-than",
        "-1",
        "--latency-monitor-threshold",
        "10",
        "--enable-debug-command",
        "yes",
      ],
    });
    client = new Redis(server.port, "127.0.0.1");
    for (const key of ["a", "b", "c"]) await client.set(key, "1");
  });
  afterAll(async () => {
    client.disconnect();
    await server.stop();
  });

  it("doctor prints the vitals table, the findings with evidence and fix, and the summary", async () => {
    const run = await runCli(["doctor", "--redis-url", server.url]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(stableReport(run.stdout)).toMatchSnapshot();
  });

  it("latency lists each event's latest and worst spike with its time", async () => {
    // 50 ms asleep inside a command: over the 10 ms threshold however fast the machine is.
    await client.call("DEBUG", "SLEEP", "0.05");
    const run = await runCli(["latency", "--redis-url", server.url]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(/^127\.0\.0\.1:\d+ +command +\d+ ms +\d+ ms +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/m);
    expect(stableLatency(run.stdout)).toMatchSnapshot();
  });
});
