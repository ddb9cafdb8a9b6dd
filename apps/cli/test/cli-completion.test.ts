import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runJson } from "./support/cli.js";

const run = promisify(execFile);
let directory: string;
let script: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "redis-mcp-completion-"));
  const generated = await runCli(["completion", "bash"]);
  expect(generated.code).toBe(0);
  script = join(directory, "redis-mcp.bash");
  await writeFile(script, generated.stdout);
  await writeFile(join(directory, "desired.conf"), "maxmemory 1mb\n");
});
afterAll(() => rm(directory, { recursive: true, force: true }));

/** What bash offers after `words` (the last word is the one being completed). */
async function complete(...words: string[]): Promise<string[]> {
  const line = ["redis-mcp", ...words].map((word) => `'${word}'`).join(" ");
  const { stdout } = await run(
    "bash",
    ["-c", `source '${script}'; COMP_WORDS=(${line}); COMP_CWORD=${words.length}; _redis_mcp; printf '%s\\n' "\${COMPREPLY[@]}"`],
    {
      cwd: directory,
    },
  );
  return stdout.split("\n").filter((word) => word !== "");
}

describe("redis-mcp completion bash", () => {
  it("registers a completion function for redis-mcp when sourced", async () => {
    const { stdout } = await run("bash", ["-c", `source '${script}' && complete -p redis-mcp`]);
    expect(stdout).toBe("complete -F _redis_mcp redis-mcp\n");
  });

  it("completes commands, then a group's subcommands", async () => {
    expect(await complete("co")).toEqual(["config", "completion"]);
    expect(await complete("config", "")).toEqual(["show", "diff", "apply"]);
    expect(await complete("queue", "p")).toEqual(["peek"]);
  });

  it("steps over global options and their values to find the command", async () => {
    expect(await complete("--redis-url", "redis://h:1", "--json", "queue", "d")).toEqual(["dead-letters"]);
  });

  it("completes a command's own and the global options", async () => {
    expect(await complete("keys", "--ty")).toEqual(["--type"]);
    expect(await complete("keys", "--redis-clu")).toEqual(["--redis-cluster-nodes"]);
    expect(await complete("queue", "requeue-expired", "--max")).toEqual(["--max-attempts"]);
  });

  it("offers the allowed values of an option or argument, and files where a file goes", async () => {
    expect(await complete("keys", "--type", "s")).toEqual(["string", "set", "stream"]);
    expect(await complete("queue", "peek", "orders", "--state", "")).toEqual(["ready", "delayed", "in-flight"]);
    expect(await complete("completion", "")).toEqual(["bash", "zsh"]);
    expect(await complete("config", "diff", "des")).toEqual(["desired.conf"]);
    expect(await complete("--config", "des")).toEqual(["desired.conf"]);
  });

  it("completes the cache, session, metrics and pubsub commands and their options", async () => {
    expect(await complete("cache", "")).toEqual(["get", "set", "del", "stats", "clear"]);
    expect(await complete("session", "")).toEqual(["create", "get", "list", "destroy", "destroy-user"]);
    expect(await complete("metrics", "")).toEqual(["inc", "gauge", "observe", "show", "export", "watch"]);
    expect(await complete("pubsub", "")).toEqual(["publish", "subscribe", "channels"]);
    expect(await complete("cache", "clear", "--na")).toEqual(["--namespace"]);
    expect(await complete("metrics", "export", "--format", "")).toEqual(["prometheus", "openmetrics", "json"]);
    expect(await complete("session", "list", "--session-secret-file", "des")).toEqual(["desired.conf"]);
    expect(await complete("pubsub", "subscribe", "news", "--cou")).toEqual(["--count"]);
  });
});

describe("redis-mcp completion zsh", () => {
  it("prints a script for fpath or sourcing, with descriptions", async () => {
    const { code, stdout } = await runCli(["completion", "zsh"]);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe("#compdef redis-mcp");
    expect(stdout).toContain("'doctor:health report: findings with severity, evidence and fix; exits 1 on a critical finding'");
    expect(stdout).toContain("compdef _redis_mcp redis-mcp");
  });

  it("with --json, wraps the script in one document; an unknown shell is a usage error", async () => {
    expect((await runJson(["completion", "bash"])).json).toEqual({ shell: "bash", script: expect.stringContaining("complete -F _redis_mcp redis-mcp") });
    expect(await runCli(["completion", "fish"])).toMatchObject({
      code: 2,
      stderr: "redis-mcp: command-argument value 'fish' is invalid for argument 'shell'. Allowed choices are bash, zsh.\n",
    });
  });
});
