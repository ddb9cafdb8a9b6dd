import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findExecutable } from "@redis-mcp/core/local-server";

/** The promtool binary; a missing one fails the test with the install command (never a skip). */
export function promtool(): string {
  const path = process.env.PROMTOOL_BIN ?? findExecutable("promtool");
  if (!path) {
    throw new Error(
      "promtool is not installed, and the exposition tests need it to validate the output. Install it, then run the tests again:\n" +
        "  Debian/Ubuntu: sudo apt-get install -y prometheus   (.ci/run does this)\n" +
        "  macOS:         brew install prometheus\n" +
        "  or point PROMTOOL_BIN at a promtool binary.",
    );
  }
  return path;
}

/** What promtool said: its exit code and everything it printed. */
export interface PromtoolResult {
  code: number | null;
  output: string;
}

function run(args: string[], input?: string): Promise<PromtoolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(promtool(), args, { stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output }));
    child.stdin.end(input ?? "");
  });
}

/** `promtool check metrics` on a text exposition (format 0.0.4: syntax and Prometheus' naming lint). */
export function checkMetrics(text: string): Promise<PromtoolResult> {
  return run(["check", "metrics"], text);
}

/**
 * Parses an OpenMetrics exposition with promtool's OpenMetrics parser (`promtool tsdb
 * create-blocks-from openmetrics`, the only promtool command that reads OpenMetrics; `check
 * metrics` reads the 0.0.4 format only). That command imports samples into blocks and so needs a
 * timestamp on every sample: one is appended to each sample line, nothing else changes.
 */
export async function checkOpenMetrics(text: string): Promise<PromtoolResult> {
  const directory = await mkdtemp(join(tmpdir(), "metrics-openmetrics-"));
  try {
    const seconds = Math.floor(Date.now() / 1000);
    const stamped = text
      .split("\n")
      .map((line) => (line === "" || line.startsWith("#") ? line : `${line} ${seconds}`))
      .join("\n");
    await writeFile(join(directory, "input.txt"), stamped);
    return await run(["tsdb", "create-blocks-from", "openmetrics", "--quiet", join(directory, "input.txt"), join(directory, "blocks")]);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
