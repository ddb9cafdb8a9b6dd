import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findingsForNode } from "./health-checks.js";
import { compareFindings, formatBytes, type HealthFinding, type NodeSnapshot } from "./health-finding.js";
import { resolveHealthThresholds } from "./health-thresholds.js";
import { type InfoSections, parseInfo } from "./parse-info.js";
import { parseSlowlogEntry } from "./slowlog.js";

const healthyMaster = readFileSync(join(import.meta.dirname, "fixtures", "info-7.0-master.txt"), "utf8");
const healthyReplica = readFileSync(join(import.meta.dirname, "fixtures", "info-7.0-replica.txt"), "utf8");
const thresholds = resolveHealthThresholds();

type Overrides = Record<string, Record<string, string | number | Record<string, string | number>>>;

/** A snapshot of the real fixture with some INFO fields replaced. */
function snapshot(overrides: Overrides = {}, extra: Partial<NodeSnapshot> = {}, text = healthyMaster): NodeSnapshot {
  const info: InfoSections = parseInfo(text);
  for (const [section, fields] of Object.entries(overrides)) info[section] = { ...info[section], ...fields };
  return { node: "127.0.0.1:6379", info, config: { "slowlog-log-slower-than": "10000", "latency-monitor-threshold": "0" }, slowlog: [], refused: [], ...extra };
}

function ids(findings: HealthFinding[]): string[] {
  return findings.map((finding) => `${finding.severity}:${finding.id}`).sort();
}

function only(findings: HealthFinding[], id: string): HealthFinding {
  const matching = findings.filter((finding) => finding.id === id);
  expect(matching).toHaveLength(1);
  return matching[0] as HealthFinding;
}

describe("findingsForNode", () => {
  it("finds nothing but the missing memory limit on the healthy captured master and replica", () => {
    expect(ids(findingsForNode(snapshot(), thresholds))).toEqual(["info:maxmemory-not-set"]);
    expect(ids(findingsForNode(snapshot({}, {}, healthyReplica), thresholds))).toEqual(["info:maxmemory-not-set"]);
    expect(only(findingsForNode(snapshot(), thresholds), "maxmemory-not-set")).toMatchObject({ node: "127.0.0.1:6379", evidence: { maxmemory: 0 } });
  });

  it("is critical near maxmemory with noeviction, and warns about noeviction itself", () => {
    const findings = findingsForNode(snapshot({ memory: { maxmemory: 1_000_000, used_memory: 950_000, maxmemory_policy: "noeviction" } }), thresholds);
    expect(ids(findings)).toEqual(["critical:memory-near-limit", "warning:noeviction-with-maxmemory"]);
    const memory = only(findings, "memory-near-limit");
    expect(memory.evidence).toMatchObject({ used_memory: 950_000, maxmemory: 1_000_000, usedRatio: 0.95, maxmemory_policy: "noeviction", threshold: 0.9 });
    expect(memory.title).toContain("95.0%");
    expect(memory.fix).toMatch(/OOM/);
  });

  it("only warns near maxmemory when an allkeys policy evicts, and below the critical ratio", () => {
    expect(ids(findingsForNode(snapshot({ memory: { maxmemory: 1_000_000, used_memory: 990_000, maxmemory_policy: "allkeys-lru" } }), thresholds))).toEqual([
      "warning:memory-near-limit",
    ]);
    expect(ids(findingsForNode(snapshot({ memory: { maxmemory: 1_000_000, used_memory: 850_000, maxmemory_policy: "volatile-lru" } }), thresholds))).toEqual([
      "warning:memory-near-limit",
    ]);
    expect(ids(findingsForNode(snapshot({ memory: { maxmemory: 1_000_000, used_memory: 500_000, maxmemory_policy: "volatile-lru" } }), thresholds))).toEqual(
      [],
    );
  });

  it("does not count replication buffers against maxmemory", () => {
    const findings = findingsForNode(
      snapshot({ memory: { maxmemory: 1_000_000, used_memory: 950_000, mem_not_counted_for_evict: 300_000, maxmemory_policy: "allkeys-lfu" } }),
      thresholds,
    );
    expect(ids(findings)).toEqual([]);
  });

  it("reports evictions with the numbers behind them", () => {
    const findings = findingsForNode(
      snapshot({ stats: { evicted_keys: 1234 }, memory: { maxmemory: 2_097_152, maxmemory_policy: "allkeys-lru" } }),
      thresholds,
    );
    expect(only(findings, "keys-evicted")).toMatchObject({
      severity: "warning",
      evidence: { evicted_keys: 1234, maxmemory: 2_097_152, maxmemory_policy: "allkeys-lru" },
      title: expect.stringContaining("1234 keys"),
    });
  });

  it("judges the hit rate only with enough lookups", () => {
    const low = findingsForNode(snapshot({ stats: { keyspace_hits: 300, keyspace_misses: 700 } }), thresholds);
    expect(only(low, "low-hit-rate").evidence).toMatchObject({ keyspace_hits: 300, keyspace_misses: 700, hitRate: 0.3, threshold: 0.8 });
    expect(ids(findingsForNode(snapshot({ stats: { keyspace_hits: 30, keyspace_misses: 70 } }), thresholds))).not.toContain("warning:low-hit-rate");
    expect(ids(findingsForNode(snapshot({ stats: { keyspace_hits: 900, keyspace_misses: 100 } }), thresholds))).not.toContain("warning:low-hit-rate");
  });

  it("judges fragmentation only with enough memory used, both ways", () => {
    const big = 512 * 1024 * 1024;
    expect(
      only(findingsForNode(snapshot({ memory: { used_memory: big, mem_fragmentation_ratio: 1.8 } }), thresholds), "high-fragmentation").evidence,
    ).toMatchObject({
      mem_fragmentation_ratio: 1.8,
      threshold: 1.5,
    });
    expect(only(findingsForNode(snapshot({ memory: { used_memory: big, mem_fragmentation_ratio: 0.7 } }), thresholds), "memory-swapping").severity).toBe(
      "warning",
    );
    expect(ids(findingsForNode(snapshot({ memory: { used_memory: 1_000_000, mem_fragmentation_ratio: 9 } }), thresholds))).toEqual(["info:maxmemory-not-set"]);
    expect(ids(findingsForNode(snapshot({ memory: { used_memory: big, mem_fragmentation_ratio: 1.2 } }), thresholds))).toEqual(["info:maxmemory-not-set"]);
  });

  it("reports refused connections and connection counts near maxclients", () => {
    const findings = findingsForNode(snapshot({ stats: { rejected_connections: 5 }, clients: { connected_clients: 85, maxclients: 100 } }), thresholds);
    expect(ids(findings)).toEqual(["info:maxmemory-not-set", "warning:clients-near-limit", "warning:rejected-connections"]);
    expect(only(findings, "rejected-connections").evidence).toMatchObject({ rejected_connections: 5, maxclients: 100 });
    expect(only(findingsForNode(snapshot({ clients: { connected_clients: 99, maxclients: 100 } }), thresholds), "clients-near-limit").severity).toBe(
      "critical",
    );
  });

  it("reports failed RDB saves and AOF writes as critical and failed rewrites as warnings", () => {
    const findings = findingsForNode(
      snapshot({
        persistence: { rdb_last_bgsave_status: "err", aof_last_write_status: "err", aof_last_bgrewrite_status: "err", rdb_last_save_time: 1_700_000_000 },
      }),
      thresholds,
    );
    expect(ids(findings)).toEqual(["critical:aof-write-failed", "critical:rdb-save-failed", "info:maxmemory-not-set", "warning:aof-rewrite-failed"]);
    expect(only(findings, "rdb-save-failed").evidence).toMatchObject({ rdb_last_bgsave_status: "err", lastSuccessfulSave: "2023-11-14T22:13:20.000Z" });
  });

  it("reports a replica whose master link is down, with the master's address", () => {
    const findings = findingsForNode(
      snapshot({ replication: { master_link_status: "down", master_link_down_since_seconds: 42 } }, {}, healthyReplica),
      thresholds,
    );
    const down = only(findings, "replication-link-down");
    expect(down).toMatchObject({ severity: "critical", title: "Replica lost its link to master 127.0.0.1:17301" });
    expect(down.evidence).toMatchObject({ master: "127.0.0.1:17301", master_link_status: "down", master_link_down_since_seconds: 42 });
    expect(only(findingsForNode(snapshot({ replication: { master_sync_in_progress: 1 } }, {}, healthyReplica), thresholds), "replica-syncing").severity).toBe(
      "info",
    );
  });

  it("reports lagging and not-online replicas on the master", () => {
    const lagging = findingsForNode(snapshot({ replication: { slave0: { ip: "10.0.0.2", port: 6380, state: "online", offset: 5, lag: 30 } } }), thresholds);
    expect(only(lagging, "replica-lagging").evidence).toMatchObject({ replica: "10.0.0.2:6380", lag: 30, threshold: 10 });
    const syncing = findingsForNode(snapshot({ replication: { slave0: { ip: "10.0.0.2", port: 6380, state: "wait_bgsave", offset: 0, lag: 0 } } }), thresholds);
    expect(only(syncing, "replica-not-online").evidence).toMatchObject({ replica: "10.0.0.2:6380", state: "wait_bgsave" });
  });

  it("names the slowest command in the slowlog, as a warning from 100 ms", () => {
    const slowlog = [
      parseSlowlogEntry([7, 1_700_000_000, 12_000, ["GET", "k"], "127.0.0.1:5000", ""], "127.0.0.1:6379"),
      parseSlowlogEntry([8, 1_700_000_001, 250_000, ["EVAL", "while true do end", "0"], "127.0.0.1:5001", "worker"], "127.0.0.1:6379"),
    ];
    const findings = findingsForNode(snapshot({}, { slowlog }), thresholds);
    const slow = only(findings, "slow-commands");
    expect(slow.severity).toBe("warning");
    expect(slow.title).toBe("2 slow commands in the slowlog; the slowest, EVAL, took 250 ms");
    expect(slow.evidence).toMatchObject({
      entries: 2,
      worstCommand: "EVAL while true do end 0",
      worstDurationMicros: 250_000,
      worstClient: "127.0.0.1:5001",
      "slowlog-log-slower-than": "10000",
    });
    expect(only(findingsForNode(snapshot({}, { slowlog: slowlog.slice(0, 1) }), thresholds), "slow-commands").severity).toBe("info");
  });

  it("mentions blocked clients and refused diagnostics commands", () => {
    const findings = findingsForNode(
      snapshot({ clients: { blocked_clients: 2 } }, { config: null, slowlog: null, refused: [{ command: "CONFIG GET", reason: "NOPERM" }] }),
      thresholds,
    );
    expect(only(findings, "blocked-clients").evidence).toMatchObject({ blocked_clients: 2 });
    expect(only(findings, "diagnostics-restricted").evidence).toEqual({ refused: "CONFIG GET", reason: "NOPERM" });
  });

  it("uses the given thresholds", () => {
    const strict = resolveHealthThresholds({ hitRateMinimum: 0.99, hitRateMinimumLookups: 10 });
    expect(ids(findingsForNode(snapshot({ stats: { keyspace_hits: 95, keyspace_misses: 5 } }), strict))).toContain("warning:low-hit-rate");
  });
});

describe("finding helpers", () => {
  it("sorts critical first, then by node and id", () => {
    const make = (severity: HealthFinding["severity"], node: string, id: string): HealthFinding => ({ severity, node, id, title: "", evidence: {}, fix: "" });
    const sorted = [make("info", "a", "x"), make("warning", "b", "y"), make("critical", "b", "z"), make("critical", "a", "z"), make("warning", "b", "a")].sort(
      compareFindings,
    );
    expect(sorted.map((finding) => `${finding.severity}/${finding.node}/${finding.id}`)).toEqual([
      "critical/a/z",
      "critical/b/z",
      "warning/b/a",
      "warning/b/y",
      "info/a/x",
    ]);
  });

  it("formats bytes", () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(2 * 1024 * 1024), formatBytes(5 * 1024 ** 4)]).toEqual(["512 B", "1.5 KiB", "2.0 MiB", "5.0 TiB"]);
  });
});
