import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { useRedis } from "@redis-mcp/test-redis/vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnvironment, type HttpServerProcess, startHttpServer } from "./support/server-process.js";

/**
 * The official MCP conformance suite, pinned. It needs Node 22 (it imports fs.globSync), which the
 * `node` package from the npm registry provides as a binary: npx puts its `node` first on PATH, so
 * the suite's `#!/usr/bin/env node` runs on it while this test runs on Node 20.
 */
const CONFORMANCE = "@modelcontextprotocol/conformance@0.1.16";
const NODE_22 = "node@22.23.3";
const EXPECTED_FAILURES = fileURLToPath(new URL("../conformance/expected-failures.yml", import.meta.url));

/** The scenarios that apply to a real server: each must pass, not merely be absent from the baseline. */
const REQUIRED = [
  "server-initialize",
  "ping",
  "logging-set-level",
  "tools-list",
  "tools-call-error",
  "resources-list",
  "prompts-list",
  "server-sse-multiple-streams",
  "dns-rebinding-protection",
];

function runConformance(url: string, directory: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      "npx",
      ["--yes", "-p", NODE_22, "-p", CONFORMANCE, "--", "conformance", "server", "--url", url, "--expected-failures", EXPECTED_FAILURES, "-o", directory],
      { cwd: directory, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output }));
  });
}

describe("the MCP conformance suite against the Streamable HTTP transport", () => {
  let server: HttpServerProcess;
  beforeAll(async () => {
    const redis = await useRedis();
    server = await startHttpServer([], cleanEnvironment({ REDIS_URL: redis.url }));
  });
  afterAll(() => server.stop());

  it("passes every scenario but the fixture-only ones listed with their reasons", { timeout: 600_000 }, async () => {
    const { code, output } = await runConformance(server.url, await mkdtemp(join(tmpdir(), "redis-mcp-conformance-")));
    // Colours are asked off (NO_COLOR); strip any left so the lines match.
    const plain = stripVTControlCharacters(output);
    expect(plain, plain).toContain("Baseline check passed: all failures are expected.");
    expect(code, plain).toBe(0);
    for (const scenario of REQUIRED) expect(plain, scenario).toMatch(new RegExp(`✓ ${scenario}: \\d+ passed, 0 failed`));
  });
});
