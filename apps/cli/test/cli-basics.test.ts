import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { useRedis } from "@redis-mcp/test-redis/vitest";
import { describe, expect, it } from "vitest";
import { BIN, runCli, runJson } from "./support/cli.js";

const version = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;

/** Runs the CLI in a pseudo-terminal (util-linux `script`), so stdout is a TTY. */
async function inTerminal(args: string, env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await promisify(execFile)("script", ["-qec", `${process.execPath} ${BIN} ${args}`, "/dev/null"], {
    env: { PATH: process.env.PATH ?? "", TERM: "xterm-256color", ...env },
    timeout: 20_000,
  });
  return stdout;
}

describe("redis-mcp command line", () => {
  it("prints its version and exits 0", async () => {
    expect(await runCli(["--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("lists every command group in --help, with exit codes and the environment", async () => {
    const { code, stdout } = await runCli(["--help"]);
    expect(code).toBe(0);
    for (const command of [
      "ping",
      "info",
      "doctor",
      "slowlog",
      "latency",
      "keys",
      "inspect",
      "get",
      "set",
      "del",
      "memory",
      "keyspace",
      "config",
      "queue",
      "bench",
      "completion",
    ]) {
      expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, "m"));
    }
    expect(stdout).toContain("--redis-cluster-nodes <list>");
    expect(stdout).toContain("REDIS_PASSWORD");
    expect(stdout).toContain("Exit codes: 0 ok, 1 failure");
  });

  it("exits 2 with one line for an unknown flag, suggesting the right one", async () => {
    const run = await runCli(["ping", "--jsn"]);
    expect(run).toEqual({ code: 2, stdout: "", stderr: "redis-mcp: unknown option '--jsn' (Did you mean --json?)\n" });
  });

  it("exits 2 with one line for an unknown command, a bad value or a missing argument", async () => {
    for (const [args, message] of [
      [["pong"], /^redis-mcp: unknown command 'pong' \(Did you mean ping\?\)\n$/],
      [["keys", "--limit", "0"], /^redis-mcp: option '--limit <n>' argument '0' is invalid\. expected a whole number of at least 1, got "0"\.\n$/],
      [
        ["keys", "--type", "tree"],
        /^redis-mcp: option '--type <type>' argument 'tree' is invalid\. Allowed choices are string, list, set, zset, hash, stream\.\n$/,
      ],
      [["inspect"], /^redis-mcp: missing required argument 'key'\n$/],
      [["set", "k", "v", "--ttl", "soon"], /^redis-mcp: option '--ttl <duration>' argument 'soon' is invalid\./],
    ] as const) {
      const run = await runCli(args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr, args.join(" ")).toMatch(message);
      expect(run.stderr.split("\n")).toHaveLength(2);
    }
  });

  it("with --json, a usage error is also one JSON document on stdout", async () => {
    const run = await runJson(["keys", "--limit", "x"]);
    expect(run.code).toBe(2);
    expect(run.json).toEqual({ error: { code: "E_USAGE", message: expect.stringContaining("--limit") } });
  });

  it("shows a group's help and exits 2 when its subcommand is missing", async () => {
    const run = await runCli(["queue"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Usage: redis-mcp queue");
  });

  it("exits 1 with one line naming the address when Redis does not answer", async () => {
    const run = await runCli(["ping", "--redis-url", "redis://127.0.0.1:1"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(
      /^redis-mcp: Could not connect to redis:\/\/127\.0\.0\.1:1 \(connect ECONNREFUSED[^\n]*Point --redis-url \(or REDIS_URL, --redis-cluster-nodes, \.\.\.\) at the Redis to use\.\n$/,
    );
  });

  it("gives up on a Redis that never answers within the connect timeout", async () => {
    // 10.255.255.1 is not routed: the connection neither succeeds nor is refused.
    const run = await runJson(["ping", "--redis-url", "redis://10.255.255.1:6379", "--redis-connect-timeout-ms", "300"]);
    expect(run.code).toBe(1);
    expect(run.json).toEqual({
      error: { code: expect.stringMatching(/^E_(TIMEOUT|REDIS_UNAVAILABLE)$/), message: expect.stringContaining("10.255.255.1:6379") },
    });
    expect(run.stderr.split("\n")).toHaveLength(2);
  });

  it("exits 2 naming the flag or variable of a bad connection setting, never showing a password", async () => {
    const flag = await runCli(["ping", "--redis-port", "abc"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^redis-mcp: Invalid Redis configuration: port = "abc" \(from flag --redis-port\)/);
    const variable = await runCli(["ping"], { env: { REDIS_URL: "redis://:hunter2@127.0.0.1:1", REDIS_DB: "x" } });
    expect(variable.code).toBe(2);
    expect(variable.stderr).toContain("REDIS_DB");
    expect(variable.stderr).not.toContain("hunter2");
  });

  it("never prints the password of a URL it cannot reach", async () => {
    const run = await runCli(["ping", "--redis-url", "redis://:hunter2@127.0.0.1:1"]);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain("hunter2");
  });

  it("pings through --url (kept from the first release), REDIS_URL or --redis-url", async () => {
    const redis = await useRedis();
    for (const run of [
      await runCli(["ping", "--url", redis.url]),
      await runCli(["ping"], { env: { REDIS_URL: redis.url } }),
      await runCli(["ping", "--redis-url", redis.url]),
    ]) {
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^PONG \d+\.\d{3} ms \(Redis \d+\.\d+\.\d+, master\)\n$/);
    }
  });

  it("colours output only in a terminal, and not with NO_COLOR", async () => {
    const redis = await useRedis();
    const coloured = await inTerminal(`doctor --redis-url ${redis.url}`);
    expect(coloured).toContain("\u001b[");
    expect(await inTerminal(`doctor --redis-url ${redis.url}`, { NO_COLOR: "1" })).not.toContain("\u001b[");
    expect(await inTerminal(`doctor --no-color --redis-url ${redis.url}`)).not.toContain("\u001b[");
    const piped = await runCli(["doctor", "--redis-url", redis.url]);
    expect(piped.stdout).not.toContain("\u001b[");
  });
});
