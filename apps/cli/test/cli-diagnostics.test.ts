import { type StandaloneRedis, startRedisServer } from "@redis-mcp/test-redis";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runJson, stable, type Target, targets } from "./support/cli.js";

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

  it("slowlog shows the slow commands of every node, newest first", async () => {
    // About 20 ms of Lua: over the default slowlog-log-slower-than (10 ms), so logged without reconfiguring the shared server.
    const busy = "local i = 0 while i < 4000000 do i = i + 1 end return i";
    await redis.client.eval(busy, 0);
    await redis.client.eval(`${busy} -- second`, 0);
    const { json } = await runJson<{ entries: { command: string[]; node: string; durationMicros: number; timestamp: number }[] }>([
      "slowlog",
      "--count",
      "50",
      ...redis.flags,
    ]);
    const ours = json.entries.filter((entry) => entry.command[0]?.toLowerCase() === "eval" && entry.command[1]?.startsWith("local i = 0"));
    // Newest first by time; the log's time is in seconds, so the two may tie either way.
    expect(ours.map((entry) => entry.command[1]).sort()).toEqual([busy, `${busy} -- second`]);
    const times = json.entries.map((entry) => entry.timestamp);
    expect(times).toEqual([...times].sort((left, right) => right - left));
    for (const entry of ours) expect(entry.durationMicros).toBeGreaterThanOrEqual(10_000);
    const human = await runCli(["slowlog", "--count", "50", ...redis.flags]);
    expect(human.stdout).toMatch(/^WHEN \(UTC\) +DURATION +NODE +CLIENT +COMMAND$/m);
    expect(human.stdout).toMatch(/ (EVAL|eval) local i = 0 while/);
  });

  it("latency says per node when monitoring is off", async () => {
    const { json } = await runJson<{ nodes: { node: string; monitoring: boolean; hint?: string; events: unknown[] }[] }>(["latency", ...redis.flags]);
    expect(json.nodes).toHaveLength(redis.masters);
    for (const node of json.nodes) expect(node).toMatchObject({ monitoring: false, events: [], hint: expect.stringContaining("latency-monitor-threshold") });
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
