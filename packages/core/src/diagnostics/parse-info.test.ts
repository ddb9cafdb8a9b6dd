import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { infoNumber, infoRecords, infoText, parseInfo } from "./parse-info.js";

// INFO everything from redis-server 7.0.15: a master with one replica, and that replica.
const masterText = readFileSync(join(import.meta.dirname, "fixtures", "info-7.0-master.txt"), "utf8");
const replicaText = readFileSync(join(import.meta.dirname, "fixtures", "info-7.0-replica.txt"), "utf8");

describe("parseInfo on real redis-server 7.0 output", () => {
  const info = parseInfo(masterText);

  it("finds every section, lower-cased", () => {
    expect(Object.keys(info)).toEqual([
      "server",
      "clients",
      "memory",
      "persistence",
      "stats",
      "replication",
      "cpu",
      "modules",
      "commandstats",
      "errorstats",
      "latencystats",
      "cluster",
      "keyspace",
    ]);
    expect(info.modules).toEqual({});
  });

  it("turns numbers into numbers and keeps versions, ids and units as text", () => {
    expect(info.server?.redis_version).toBe("7.0.15");
    expect(info.server?.redis_git_sha1).toBe("00000000");
    expect(info.server?.tcp_port).toBe(17301);
    expect(info.server?.os).toMatch(/^Linux /);
    expect(info.server?.config_file).toBe("");
    expect(info.memory?.used_memory).toBe(1286104);
    expect(info.memory?.used_memory_human).toBe("1.23M");
    expect(typeof info.memory?.mem_fragmentation_ratio).toBe("number");
    expect(info.memory?.maxmemory_policy).toBe("noeviction");
    expect(info.memory?.used_memory_peak_perc).toMatch(/%$/);
    expect(info.persistence?.rdb_last_bgsave_status).toBe("ok");
    expect(info.persistence?.rdb_current_bgsave_time_sec).toBe(-1);
    expect(info.stats?.instantaneous_input_repl_kbps).toBe(0);
    expect(info.cpu?.used_cpu_sys).toBeGreaterThan(0);
    expect(info.replication?.master_replid2).toBe("0000000000000000000000000000000000000000");
    expect(info.cluster?.cluster_enabled).toBe(0);
  });

  it("parses replicas, keyspace, commandstats, errorstats and latency percentiles into records", () => {
    expect(info.replication?.slave0).toEqual({ ip: "127.0.0.1", port: 17302, state: "online", offset: 989, lag: 0 });
    expect(info.keyspace?.db0).toEqual({ keys: 22, expires: 1, avgTtl: 994499 });
    expect(info.commandstats?.cmdstat_get).toEqual({ calls: 2, usec: 9, usecPerCall: 4.5, rejectedCalls: 0, failedCalls: 0 });
    expect(info.commandstats?.["cmdstat_memory|usage"]).toMatchObject({ calls: 1 });
    expect(info.errorstats?.errorstat_WRONGTYPE).toEqual({ count: 1 });
    expect(info.latencystats?.latency_percentiles_usec_get).toEqual({ p50: 4.015, p99: 5.023, "p99.9": 5.023 });
  });

  it("reads the replica side", () => {
    const replica = parseInfo(replicaText);
    expect(infoText(replica, "replication", "role")).toBe("slave");
    expect(infoText(replica, "replication", "master_link_status")).toBe("up");
    expect(infoNumber(replica, "replication", "master_port")).toBe(17301);
  });

  it("offers typed accessors", () => {
    expect(infoNumber(info, "stats", "keyspace_hits")).toBe(1);
    expect(infoNumber(info, "server", "redis_version")).toBeUndefined();
    expect(infoText(info, "server", "tcp_port")).toBe("17301");
    expect(infoText(info, "keyspace", "db0")).toBeUndefined();
    expect(infoText(info, "nope", "nothing")).toBeUndefined();
    expect(infoRecords(info, "replication", /^slave\d+$/).map(([name]) => name)).toEqual(["slave0"]);
  });
});

describe("parseInfo edge cases", () => {
  it("accepts LF line ends, blank lines and repeated headers", () => {
    const info = parseInfo("# Server\nredis_version:7.2.4\n\n\n# Stats\nevicted_keys:3\n# Server\nuptime_in_seconds:10\n");
    expect(info).toEqual({ server: { redis_version: "7.2.4", uptime_in_seconds: 10 }, stats: { evicted_keys: 3 } });
  });

  it("keeps fields before any header in a `default` section and ignores lines without a colon", () => {
    expect(parseInfo("loading:0\ngarbage line\n:no-name\n")).toEqual({ default: { loading: 0 } });
    expect(parseInfo("")).toEqual({});
  });

  it("splits on the first colon only, so addresses and paths survive", () => {
    const info = parseInfo("# Server\nexecutable:/opt/redis:7/bin/redis-server\nmaster_host:::1\n");
    expect(info.server?.executable).toBe("/opt/redis:7/bin/redis-server");
    expect(info.server?.master_host).toBe("::1");
  });

  it("keeps numbers that would lose precision, and non-decimal numbers, as text", () => {
    const info = parseInfo("# Stats\nbig:123456789012345678901\nsmall:9007199254740991\nnegative:-5\nexponent:1e5\nhex:0x10\nratio:0.50\ninf:inf\n");
    expect(info.stats).toEqual({ big: "123456789012345678901", small: 9007199254740991, negative: -5, exponent: "1e5", hex: "0x10", ratio: 0.5, inf: "inf" });
  });

  it("parses modules, Redis 7.4 keyspace fields, cluster INFO and Sentinel masters", () => {
    const info = parseInfo(
      [
        "# Modules",
        "module:name=search,ver=20609,api=1,filters=0,usedby=[],using=[ReJSON],options=[handle-io-errors]",
        "# Keyspace",
        "db3:keys=10,expires=2,avg_ttl=5000,subexpiry=0",
        "# Cluster",
        "cluster_enabled:1",
        "# Sentinel",
        "master0:name=mymaster,status=ok,address=127.0.0.1:6379,slaves=1,sentinels=3",
      ].join("\r\n"),
    );
    expect(info.modules?.module).toEqual({ name: "search", ver: 20609, api: 1, filters: 0, usedby: "[]", using: "[ReJSON]", options: "[handle-io-errors]" });
    expect(info.keyspace?.db3).toEqual({ keys: 10, expires: 2, avgTtl: 5000, subexpiry: 0 });
    expect(info.cluster?.cluster_enabled).toBe(1);
    expect(info.sentinel?.master0).toMatchObject({ name: "mymaster", address: "127.0.0.1:6379", slaves: 1 });
  });

  it("leaves values that merely contain = or , as text", () => {
    const info = parseInfo("# Server\nconfig_file:/etc/redis/a=b.conf\nos:Linux 6.1, x86_64\nlist:a,b\n");
    expect(info.server).toEqual({ config_file: "/etc/redis/a=b.conf", os: "Linux 6.1, x86_64", list: "a,b" });
  });
});
