import { describe, expect, it } from "vitest";
import { RedisMcpError } from "../errors/redis-mcp-error.js";
import { parseServerConfig, splitConfigLine } from "./desired-server-config.js";

describe("parseServerConfig: redis.conf syntax", () => {
  it("reads the seed's redis.conf, adding up save lines", () => {
    const desired = parseServerConfig(
      "# from the seed\nbind 127.0.0.1\nmaxmemory 2gb\nmaxmemory-policy allkeys-lru\nsave 900 1\nsave 300 10\nsave 60 10000\n\nappendonly yes\n",
    );
    expect(desired.parameters).toEqual({
      bind: "127.0.0.1",
      maxmemory: "2gb",
      "maxmemory-policy": "allkeys-lru",
      save: "900 1 300 10 60 10000",
      appendonly: "yes",
    });
    expect(desired.ignored).toEqual([]);
  });

  it('turns snapshots off with save ""', () => {
    expect(parseServerConfig('save ""\n').parameters).toEqual({ save: "" });
  });

  it("lets a later line win for ordinary parameters and lower-cases names", () => {
    expect(parseServerConfig("MaxMemory 1gb\nmaxmemory 2gb\n").parameters).toEqual({ maxmemory: "2gb" });
  });

  it("lists directives CONFIG SET cannot apply instead of sending them", () => {
    const desired = parseServerConfig("include /etc/redis/base.conf\nloadmodule /x.so\nrename-command FLUSHALL ''\nmaxmemory 1mb\n");
    expect(desired.parameters).toEqual({ maxmemory: "1mb" });
    expect(desired.ignored.map((entry) => entry.name)).toEqual(["include", "loadmodule", "rename-command"]);
  });

  it("honours quotes as Redis does", () => {
    expect(splitConfigLine('notify-keyspace-events "Ex"', 1)).toEqual(["notify-keyspace-events", "Ex"]);
    expect(splitConfigLine("dir '/var/lib/my redis'", 1)).toEqual(["dir", "/var/lib/my redis"]);
    expect(splitConfigLine('x "a\\"b"', 1)).toEqual(["x", 'a"b']);
  });

  it("names the line of an unbalanced quote or a missing value", () => {
    expect(() => parseServerConfig('maxmemory 1gb\ndir "/tmp\n')).toThrow(/line 2: unbalanced quotes/);
    expect(() => parseServerConfig("maxmemory\n")).toThrow(/line 1: "maxmemory" has no value/);
  });

  it("refuses a file with nothing to apply, with a coded error", () => {
    const error = (() => {
      try {
        parseServerConfig("# only comments\n");
      } catch (caught) {
        return caught;
      }
    })();
    expect(RedisMcpError.isInstance(error) && error.code).toBe("E_INVALID_ARGUMENT");
  });
});

describe("parseServerConfig: JSON", () => {
  it("reads parameter names with booleans as yes/no and lists joined", () => {
    const desired = parseServerConfig('{"maxmemory": "2gb", "appendonly": true, "save": ["900 1", "300 10"], "hz": 20}');
    expect(desired.parameters).toEqual({ maxmemory: "2gb", appendonly: "yes", save: "900 1 300 10", hz: "20" });
  });

  it("reads the seed's performanceConfig and persistenceConfig with their camelCase names", () => {
    const desired = parseServerConfig(
      JSON.stringify({
        redis: {
          host: "localhost",
          password: "secure_password",
          performanceConfig: {
            maxMemoryPolicy: "allkeys-lru",
            maxMemory: "2gb",
            keyspaceNotifications: "Ex",
            timeout: 0,
            tcpKeepAlive: 300,
            tcpUserTimeout: 30000,
          },
          persistenceConfig: {
            save: ["900 1", "300 10", "60 10000"],
            stopWritesOnBgsaveError: true,
            rdbCompression: true,
            rdbChecksum: true,
            appendOnly: true,
            appendFsync: "everysec",
            noAppendFsyncOnRewrite: false,
            autoAofRewritePercentage: 100,
            autoAofRewriteMinSize: "64mb",
          },
        },
      }),
    );
    expect(desired.parameters).toEqual({
      "maxmemory-policy": "allkeys-lru",
      maxmemory: "2gb",
      "notify-keyspace-events": "Ex",
      timeout: "0",
      "tcp-keepalive": "300",
      save: "900 1 300 10 60 10000",
      "stop-writes-on-bgsave-error": "yes",
      rdbcompression: "yes",
      rdbchecksum: "yes",
      appendonly: "yes",
      appendfsync: "everysec",
      "no-appendfsync-on-rewrite": "no",
      "auto-aof-rewrite-percentage": "100",
      "auto-aof-rewrite-min-size": "64mb",
    });
    expect(desired.ignored.map((entry) => entry.name)).toEqual(["tcpUserTimeout", "host", "password"]);
    // The connection password is never taken as a server parameter.
    expect(JSON.stringify(desired)).not.toContain("secure_password");
  });

  it("names the field of a value it cannot use", () => {
    expect(() => parseServerConfig('{"maxmemory": {"value": 1}}')).toThrow(/maxmemory: expected a string/);
    expect(() => parseServerConfig("{not json")).toThrow(/not valid JSON/);
  });
});
