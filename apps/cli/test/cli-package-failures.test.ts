import { describe, expect, it } from "vitest";
import { runCli, runJson } from "./support/cli.js";

const UNREACHABLE = ["--redis-url", "redis://127.0.0.1:1"];
const SECRET = { REDIS_MCP_SESSION_SECRET: "a passphrase of more than thirty-two bytes, for tests" };

/** One invocation of each command of the cache, session, metrics and pubsub groups. */
const COMMANDS: { name: string; args: string[]; env?: Record<string, string> }[] = [
  { name: "cache get", args: ["cache", "get", "k", "--namespace", "pages"] },
  { name: "cache set", args: ["cache", "set", "k", "v", "--ttl", "1m", "--namespace", "pages"] },
  { name: "cache del", args: ["cache", "del", "k", "--namespace", "pages"] },
  { name: "cache stats", args: ["cache", "stats", "--namespace", "pages"] },
  { name: "cache clear", args: ["cache", "clear", "--namespace", "pages", "--yes"] },
  { name: "session create", args: ["session", "create"], env: SECRET },
  { name: "session get", args: ["session", "get", "abc"], env: SECRET },
  { name: "session list", args: ["session", "list", "--user", "u"], env: SECRET },
  { name: "session destroy", args: ["session", "destroy", "abc"], env: SECRET },
  { name: "session destroy-user", args: ["session", "destroy-user", "u"], env: SECRET },
  { name: "metrics inc", args: ["metrics", "inc", "a_total"] },
  { name: "metrics gauge", args: ["metrics", "gauge", "a", "1"] },
  { name: "metrics observe", args: ["metrics", "observe", "a", "1"] },
  { name: "metrics show", args: ["metrics", "show"] },
  { name: "metrics export", args: ["metrics", "export"] },
  { name: "metrics watch", args: ["metrics", "watch"] },
  { name: "pubsub publish", args: ["pubsub", "publish", "c", "m"] },
  { name: "pubsub subscribe", args: ["pubsub", "subscribe", "c", "--count", "1"] },
  { name: "pubsub channels", args: ["pubsub", "channels"] },
];

describe("an unreachable Redis", () => {
  it.each(COMMANDS)("$name: exit 1, one line on stderr, an error document with --json", async ({ args, env }) => {
    const human = await runCli([...args, ...UNREACHABLE], { env });
    expect(human.code).toBe(1);
    expect(human.stdout).toBe("");
    expect(human.stderr).toMatch(/^redis-mcp: Could not connect to redis:\/\/127\.0\.0\.1:1 \(connect ECONNREFUSED[^\n]*at the Redis to use\.\n$/);
    const json = await runJson([...args, ...UNREACHABLE], { env });
    expect(json.code).toBe(1);
    expect(json.json).toEqual({ error: { code: "E_REDIS_UNAVAILABLE", message: expect.stringContaining("127.0.0.1:1") } });
  });
});

describe("bad flags", () => {
  it.each([
    { args: ["cache", "stats"], stderr: "redis-mcp: required option '--namespace <name>' not specified\n" },
    { args: ["cache", "set", "k", "v", "--namespace", "p"], stderr: "redis-mcp: required option '--ttl <duration>' not specified\n" },
    {
      args: ["cache", "set", "k", "v", "--namespace", "p", "--ttl", "soon"],
      stderr:
        "redis-mcp: option '--ttl <duration>' argument 'soon' is invalid. expected a duration such as 30s, 5m, 2h, 1d, 500ms or a number of seconds, got \"soon\".\n",
    },
    { args: ["session", "list"], stderr: "redis-mcp: required option '--user <id>' not specified\n" },
    {
      args: ["metrics", "inc", "a", "many"],
      stderr: "redis-mcp: command-argument value 'many' is invalid for argument 'value'. expected a number, got \"many\".\n",
    },
    {
      args: ["metrics", "inc", "a", "--label", "route"],
      stderr: "redis-mcp: option '--label <name=value>' argument 'route' is invalid. expected name=value, e.g. --label route=/cart; got \"route\".\n",
    },
    {
      args: ["metrics", "watch", "--minutes", "1"],
      stderr: "redis-mcp: option '--minutes <n>' argument '1' is invalid. expected a whole number from 2 to 1440, got \"1\".\n",
    },
    { args: ["pubsub", "publish", "c"], stderr: "redis-mcp: missing required argument 'message'\n" },
    { args: ["cache", "get", "k", "--namespace", "p", "--bogus"], stderr: "redis-mcp: unknown option '--bogus'\n" },
  ])("$args.0 $args.1: exit 2 with one line, before connecting", async ({ args, stderr }) => {
    const run = await runCli([...args, ...UNREACHABLE]);
    expect(run).toMatchObject({ code: 2, stdout: "", stderr });
  });

  it("a group without its subcommand shows its help and exits 2", async () => {
    for (const group of ["cache", "session", "metrics", "pubsub"]) {
      const run = await runCli([group]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`Usage: redis-mcp ${group}`);
    }
  });
});
