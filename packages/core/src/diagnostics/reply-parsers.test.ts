import { describe, expect, it } from "vitest";
import { SECRET_MASK } from "../config/secret.js";
import { parseClientList } from "./client-list.js";
import { allocateSamples } from "./keyspace-sampler.js";
import { latencyMonitoring, parseLatencyLatest } from "./latency.js";
import { parseMemoryStats } from "./memory.js";
import { parseInfo } from "./parse-info.js";
import { roleFromInfo, roleFromReply } from "./server-info.js";
import { compareSlowlogEntries, parseSlowlogEntry } from "./slowlog.js";

describe("parseSlowlogEntry", () => {
  it("parses a Redis 4+ entry, shortens long arguments and masks passwords", () => {
    const entry = parseSlowlogEntry([14, 1732636800, 35210, ["SET", "k", "x".repeat(300)], "127.0.0.1:50112", "worker-1"], "10.0.0.1:6379", 100);
    expect(entry).toEqual({
      id: 14,
      timestamp: 1732636800,
      durationMicros: 35210,
      command: ["SET", "k", `${"x".repeat(100)}... (200 more characters)`],
      clientAddress: "127.0.0.1:50112",
      clientName: "worker-1",
      node: "10.0.0.1:6379",
    });
    expect(parseSlowlogEntry([1, 2, 3, ["AUTH", "hunter2"]], "n").command).toEqual(["AUTH", SECRET_MASK]);
  });

  it("accepts entries from servers before Redis 4 (no client fields) and Buffers", () => {
    expect(parseSlowlogEntry([1, 2, 3, [Buffer.from("GET"), Buffer.from("k")]], "n")).toMatchObject({
      command: ["GET", "k"],
      clientAddress: "",
      clientName: "",
    });
  });

  it("sorts newest first, then slowest", () => {
    const entry = (id: number, timestamp: number, durationMicros: number) => parseSlowlogEntry([id, timestamp, durationMicros, ["GET"]], "n");
    const sorted = [entry(1, 100, 5), entry(2, 300, 5), entry(3, 200, 5), entry(9, 300, 50)].sort(compareSlowlogEntries);
    expect(sorted.map((item) => item.id)).toEqual([9, 2, 3, 1]);
  });
});

describe("parseClientList", () => {
  it("parses every field, camel-cased, numbers as numbers, names as text", () => {
    const text =
      "id=3 addr=127.0.0.1:33382 laddr=127.0.0.1:17301 fd=7 name=42 age=13 idle=0 flags=S db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=20474 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=1 omem=20504 tot-mem=42776 events=r cmd=replconf user=default redir=-1 resp=2\n" +
      "id=35 addr=127.0.0.1:38698 laddr=127.0.0.1:17301 fd=8 name= age=0 idle=0 flags=N db=0 cmd=client|list user=default lib-name=ioredis lib-ver=6.0.0\n";
    const [replica, self] = parseClientList(text);
    expect(replica).toMatchObject({
      id: 3,
      addr: "127.0.0.1:33382",
      name: "42",
      flags: "S",
      qbufFree: 20474,
      totMem: 42776,
      multi: -1,
      cmd: "replconf",
      resp: 2,
    });
    expect(self).toMatchObject({ id: 35, name: "", cmd: "client|list", libName: "ioredis", libVer: "6.0.0" });
    expect(parseClientList("")).toEqual([]);
  });
});

describe("parseMemoryStats", () => {
  it("reads the RESP2 list with nested db entries and doubles sent as text", () => {
    const stats = parseMemoryStats([
      "peak.allocated",
      1308984,
      "db.0",
      ["overhead.hashtable.main", 1136, "overhead.hashtable.expires", 56],
      "dataset.percentage",
      "94.8160400390625",
      "fragmentation",
      "10.41",
    ]);
    expect(stats).toEqual({
      "peak.allocated": 1308984,
      "db.0": { "overhead.hashtable.main": 1136, "overhead.hashtable.expires": 56 },
      "dataset.percentage": 94.8160400390625,
      fragmentation: 10.41,
    });
  });

  it("reads a RESP3 map", () => {
    expect(
      parseMemoryStats(
        new Map<string, unknown>([
          ["keys.count", 3],
          ["db.0", new Map([["overhead.hashtable.main", 72]])],
        ]),
      ),
    ).toEqual({
      "keys.count": 3,
      "db.0": { "overhead.hashtable.main": 72 },
    });
  });
});

describe("latency", () => {
  it("says whether monitoring is on", () => {
    expect(latencyMonitoring("n", ["latency-monitor-threshold", "100"])).toEqual({ node: "n", monitoring: true, thresholdMs: 100 });
    expect(latencyMonitoring("n", ["latency-monitor-threshold", "0"])).toMatchObject({
      monitoring: false,
      thresholdMs: 0,
      hint: expect.stringMatching(/CONFIG SET latency-monitor-threshold/),
    });
    expect(latencyMonitoring("n", undefined)).toMatchObject({ monitoring: null, thresholdMs: null, hint: expect.stringMatching(/could not be read/) });
  });

  it("parses LATENCY LATEST", () => {
    expect(parseLatencyLatest([["command", 1795679367, 5, 12]])).toEqual([{ event: "command", timestamp: 1795679367, latestMs: 5, maxMs: 12 }]);
    expect(parseLatencyLatest(null)).toEqual([]);
  });
});

describe("roles", () => {
  it("reads ROLE and falls back to INFO replication", () => {
    expect(roleFromReply(["master", 0, []])).toBe("master");
    expect(roleFromReply(["slave", "127.0.0.1", 6379, "connected", 0])).toBe("replica");
    expect(roleFromReply(["sentinel", []])).toBe("sentinel");
    expect(roleFromReply(undefined)).toBeUndefined();
    expect(roleFromInfo(parseInfo("# Replication\r\nrole:slave\r\n"))).toBe("replica");
    expect(roleFromInfo(parseInfo("# Replication\r\nrole:master\r\n"))).toBe("master");
    expect(roleFromInfo({})).toBe("unknown");
  });
});

describe("allocateSamples", () => {
  it("splits in proportion to key counts and adds up exactly", () => {
    expect(allocateSamples(1000, [5000, 3000, 2000])).toEqual([500, 300, 200]);
    const parts = allocateSamples(100, [1, 1, 1]);
    expect(parts.reduce((sum, part) => sum + part, 0)).toBe(100);
    expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
    expect(allocateSamples(10, [0, 7, 0])).toEqual([0, 10, 0]);
    expect(allocateSamples(10, [0, 0])).toEqual([0, 0]);
  });
});
