import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startRedisServer } from "@redis-mcp/test-redis";
import type { ComparisonResult } from "../harness.js";
import { median, summarize } from "../statistics.js";
import type { Suite } from "../suite.js";

const CLI = fileURLToPath(new URL("../../../apps/cli/dist/redis-mcp.js", import.meta.url));
/** Runs of each command; odd, so the median is one measured run. */
const RUNS = 21;

/** A whole process to time from spawn to exit. */
interface ProcessCommand {
  name: string;
  command: string;
  args: string[];
}

/** Spawn to exit in milliseconds; a non-zero exit fails the suite (an error would look fast). */
function timeProcess(command: ProcessCommand): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command.command, command.args, { stdio: ["ignore", "ignore", "pipe"], env: { PATH: process.env.PATH ?? "" } });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", (error) => reject(new Error(`${command.name}: ${error.message}`)));
    child.on("exit", (code) => {
      const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
      if (code === 0) resolve(milliseconds);
      else reject(new Error(`${command.name} exited ${code}: ${stderr}`));
    });
  });
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** Rows of processes per second, and the time ratio against `baseline` in the title. */
function result(title: string, baseline: string, names: readonly string[], samples: ReadonlyMap<string, number[]>): ComparisonResult {
  const milliseconds = (name: string) => median(samples.get(name) ?? []);
  const medians = names.map((name) => `${name} ${milliseconds(name).toFixed(1)} ms`).join(", ");
  const ratios = names
    .filter((name) => name !== baseline)
    .map((name) => `${name} / ${baseline} ${(milliseconds(name) / milliseconds(baseline)).toFixed(2)}`)
    .join(", ");
  return {
    title: `${title}, whole processes per second. Median time: ${medians}. Time ratio: ${ratios}`,
    baseline,
    rounds: RUNS,
    operations: 1,
    rows: names.map((name) => ({
      name,
      opsPerSecond: summarize((samples.get(name) ?? []).map((ms) => 1000 / ms)),
      ratio: milliseconds(baseline) / milliseconds(name),
      reference: false,
    })),
  };
}

/**
 * Start-up of the `redis-mcp` bin as whole processes: `--version` (commander and the flag tables
 * only) and `ping` (connect, PING, INFO, exit) against `node -e 0` (Node's own start-up, the floor)
 * and `redis-cli ping` (the C client), in interleaved rounds on one spawned Redis.
 */
export const suite: Suite = {
  name: "cli",
  description: "redis-mcp --version and ping as whole processes vs node -e 0, and redis-mcp ping vs redis-cli ping",
  async run() {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build apps/cli first (pnpm build).`);
    const server = await startRedisServer();
    try {
      const commands: ProcessCommand[] = [
        { name: "node -e 0", command: process.execPath, args: ["-e", "0"] },
        { name: "redis-mcp --version", command: process.execPath, args: [CLI, "--version"] },
        { name: "redis-mcp ping", command: process.execPath, args: [CLI, "ping", "--redis-url", server.url] },
        { name: "redis-cli ping", command: "redis-cli", args: ["-p", String(server.port), "ping"] },
      ];
      // One untimed run each: the first spawn pays for cold file caches.
      for (const command of commands) await timeProcess(command);
      const samples = new Map<string, number[]>(commands.map((command) => [command.name, []]));
      for (let round = 0; round < RUNS; round++) {
        for (const command of rotate(commands, round)) samples.get(command.name)?.push(await timeProcess(command));
      }
      return [
        result("start-up against Node's own", "node -e 0", ["node -e 0", "redis-mcp --version", "redis-mcp ping"], samples),
        result("ping against the C client", "redis-cli ping", ["redis-cli ping", "redis-mcp ping"], samples),
      ];
    } finally {
      await server.stop();
    }
  },
};
