import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { useRedis } from "@redis-mcp/test-redis/vitest";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, type CliRun, cleanEnvironment } from "./support/cli.js";

const execFileP = promisify(execFile);
/** The pipeline, in bash; it exits with the CLI's status rather than head's. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: bash expands it, not JavaScript.
const INTO_HEAD = '"$@" | head -n 1; exit "${PIPESTATUS[0]}"';

/**
 * About 400 KB of key names: far more than a pipe holds (64 KiB on Linux) plus what `head` reads
 * before it exits, so the CLI is still writing when its reader goes.
 */
const KEYS = 40_000;

/**
 * Runs `redis-mcp <args> | head -n 1` in bash: stdout is what head printed, stderr the CLI's own,
 * and the code the CLI's exit status (141 if SIGPIPE had killed it).
 */
async function intoHead(args: readonly string[]): Promise<CliRun> {
  try {
    const { stdout, stderr } = await execFileP("bash", ["-c", INTO_HEAD, "bash", process.execPath, BIN, ...args], {
      env: cleanEnvironment(),
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== "number") throw error;
    return { code: failed.code, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

/** Runs `redis-mcp <args>` with its stdout closed by the reader before the CLI has written anything. */
function withReaderGone(args: readonly string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnvironment(), stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe("output into a pipe whose reader goes away", () => {
  let url: string;
  let client: Redis;
  beforeAll(async () => {
    const server = await useRedis({}, { flush: "file" });
    url = server.url;
    client = new Redis(server.port, "127.0.0.1");
    const pipeline = client.pipeline();
    for (let index = 0; index < KEYS; index++) pipeline.set(`big:${index}`, "v");
    await pipeline.exec();
  });
  afterAll(() => client.disconnect());

  it("keys stops quietly with exit 0 when the reader closes after the first lines", async () => {
    // --limit above the key count: the run is complete, so no "stopped at --limit" note is due on stderr.
    const run = await intoHead(["keys", "big:*", "--limit", "50000", "--redis-url", url]);
    expect(run).toEqual({ code: 0, stdout: "big:0\n", stderr: "" });
  });

  it("keys --json stops quietly too", async () => {
    const run = await intoHead(["keys", "big:*", "--limit", "50000", "--json", "--redis-url", url]);
    expect(run).toEqual({ code: 0, stdout: "{\n", stderr: "" });
  });

  it("--help and --version end quietly with exit 0 when nobody reads them", async () => {
    for (const args of [["--help"], ["--version"], ["keys", "--help"]]) {
      const run = await withReaderGone(args);
      expect(run, args.join(" ")).toMatchObject({ code: 0, signal: null, stderr: "" });
    }
  });
});
