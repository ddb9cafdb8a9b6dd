import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { useRedis } from "@redis-mcp/test-redis/vitest";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));

describe("redis-mcp (child process)", () => {
  it("pings the Redis given by --url", async () => {
    const redis = await useRedis();
    const { stdout } = await run(process.execPath, [bin, "ping", "--url", redis.url]);
    expect(stdout).toMatch(/^PONG \d+\.\d{3} ms\n$/);
  });

  it("exits 1 with advice when Redis does not answer", async () => {
    const failure = await run(process.execPath, [bin, "ping", "--url", "redis://127.0.0.1:1"]).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toMatch(
      /^redis-mcp: Could not connect to redis:\/\/127\.0\.0\.1:1 \(connect ECONNREFUSED.*Point --url or REDIS_URL at the Redis to use\.\n$/,
    );
  });

  it("lists its commands in --help", async () => {
    const { stdout } = await run(process.execPath, [bin, "--help"]);
    expect(stdout).toContain("ping");
    expect(stdout).toContain("--version");
  });
});
