import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { useRedis } from "@redis-mcp/test-redis/vitest";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, runCli } from "./support/cli.js";

const KEYS = 60_000;

/** Runs `redis-mcp <args>` in a pseudo-terminal (util-linux `script`) and returns everything it wrote there, bars included. */
async function inTerminal(args: string): Promise<string> {
  const { stdout } = await promisify(execFile)("script", ["-qec", `${process.execPath} ${BIN} ${args}`, "/dev/null"], {
    env: { PATH: process.env.PATH ?? "", TERM: "xterm-256color" },
    timeout: 60_000,
  });
  return stdout;
}

describe("progress bars on a large keyspace", () => {
  let url: string;
  let client: Redis;
  beforeAll(async () => {
    // Seeded once for the file: the shared server is otherwise flushed before every test.
    const server = await useRedis({}, { flush: "file" });
    url = server.url;
    client = new Redis(server.port, "127.0.0.1");
    for (let start = 0; start < KEYS; start += 10_000) {
      const pipeline = client.pipeline();
      for (let index = start; index < start + 10_000; index++) pipeline.set(`big:${index}`, "v");
      await pipeline.exec();
    }
  });
  afterAll(() => client.disconnect());

  it("draws a bar on stderr in a terminal, then prints only the result", async () => {
    const terminal = await inTerminal(`keys 'big:1000*' --redis-url ${url}`);
    expect(terminal).toMatch(/scanning \[[=-]+\] \d+% \| \d+\/60000/);
    expect(terminal).toContain("big:10009");
  });

  it("memory --pattern draws a bar while it scans and another while it measures", async () => {
    const terminal = await inTerminal(`memory --pattern 'big:*' --samples 3000 --redis-url ${url}`);
    expect(terminal).toMatch(/scanning {2}\[[=-]+\] \d+% \| \d+\/60000/);
    expect(terminal).toMatch(/measuring \[[=-]+\] \d+% \| \d+\/3000/);
    expect(terminal).toMatch(/60,000 keys match big:\*: about [\d.]+ MiB \(3,000 measured\)/);
  });

  it("memory --pattern draws nothing when stderr is not a terminal", async () => {
    const run = await runCli(["memory", "--pattern", "big:*", "--samples", "3000", "--redis-url", url]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(/^60,000 keys match big:\*/);
  });

  it("bench draws a bar of the operations run so far, then prints the table", async () => {
    // core: 2 operations x 2 variants x 1 round x 50 operations.
    const terminal = await inTerminal(`bench --only core --operations 50 --rounds 1 --redis-url ${url}`);
    expect(terminal).toMatch(/benchmark \[[=-]+\] \d+% \| \d+\/200/);
    expect(terminal).toMatch(/^core: GET 100 B string +ioredis get \(baseline\) /m);
  });

  it("draws nothing when stderr is not a terminal", async () => {
    const run = await runCli(["keys", "big:1000*", "--redis-url", url]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout.split("\n").filter(Boolean)).toHaveLength(11);
  });
});
