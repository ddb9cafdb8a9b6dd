import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { useRedis } from "@redis-mcp/test-redis/vitest";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, runCli } from "./support/cli.js";

const KEYS = 60_000;

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
    // util-linux `script` gives the CLI a pseudo-terminal and records everything it writes.
    const { stdout } = await promisify(execFile)("script", ["-qec", `${process.execPath} ${BIN} keys 'big:1000*' --redis-url ${url}`, "/dev/null"], {
      env: { PATH: process.env.PATH ?? "", TERM: "xterm-256color" },
      timeout: 30_000,
    });
    expect(stdout).toMatch(/scanning \[[=-]+\] \d+% \| \d+\/60000/);
    expect(stdout).toContain("big:10009");
  });

  it("draws nothing when stderr is not a terminal", async () => {
    const run = await runCli(["keys", "big:1000*", "--redis-url", url]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout.split("\n").filter(Boolean)).toHaveLength(11);
  });
});
