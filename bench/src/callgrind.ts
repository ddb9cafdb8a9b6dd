import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { StdioServerCommand } from "./mcp-stdio.js";

/** Calls made before counting starts: the JIT has then compiled the hot path. */
const WARM_UP_CALLS = 600;
/** Everything is about 50 times slower under valgrind: no request may time out. */
const TIMEOUT_MS = 30 * 60_000;

/** True when valgrind and callgrind_control are on PATH. */
export function callgrindAvailable(): boolean {
  return ["valgrind", "callgrind_control"].every((tool) => spawnSync(tool, ["--version"], { stdio: "ignore" }).status === 0);
}

/** One call a worker makes as its `index`-th operation; `offset` spreads workers over the keys. */
export type CallgrindWorkload = (index: number, offset: number) => { name: string; arguments: Record<string, unknown> };

/**
 * Instructions the server process executes per tool call, counted by callgrind (all threads, user
 * space only: no system calls, no waiting). Unlike CPU time, the count does not move with the
 * load of a shared machine, so it shows what a change saved. The server runs under valgrind;
 * counting starts after a warm-up (callgrind_control -z) and ends with a dump (-d).
 */
export async function instructionsPerCall(command: StdioServerCommand, workload: CallgrindWorkload, inFlight: number, calls: number): Promise<number> {
  const directory = mkdtempSync(join(tmpdir(), "redis-mcp-callgrind-"));
  const transport = new StdioClientTransport({
    command: "valgrind",
    args: ["--tool=callgrind", "--dump-instr=no", `--callgrind-out-file=${join(directory, "callgrind.%p")}`, process.execPath, ...command.args],
    env: command.env,
    stderr: "pipe",
  });
  transport.stderr?.on("data", () => undefined);
  const client = new Client({ name: "redis-mcp-bench", version: "0.0.0" });
  try {
    await client.connect(transport, { timeout: TIMEOUT_MS });
    const pid = transport.pid;
    if (pid === null) throw new Error(`${command.name} started without a process id`);
    const run = async (total: number) => {
      const share = Math.ceil(total / inFlight);
      await Promise.all(
        Array.from({ length: inFlight }, async (_, worker) => {
          for (let index = 0; index < share; index++) {
            const call = workload(index, worker * share);
            const result = await client.callTool(call, undefined, { timeout: TIMEOUT_MS });
            if (result.isError) throw new Error(`${call.name} failed: ${JSON.stringify(result.content)}`);
          }
        }),
      );
      return share * inFlight;
    };
    await run(WARM_UP_CALLS);
    execFileSync("callgrind_control", ["--zero", String(pid)], { stdio: "ignore" });
    const counted = await run(calls);
    execFileSync("callgrind_control", ["--dump=counted", String(pid)], { stdio: "ignore" });
    // callgrind_control returns once the dump is written; the newest part file holds it.
    const parts = readdirSync(directory)
      .filter((file) => file.startsWith(`callgrind.${pid}.`))
      .sort((a, b) => Number(a.split(".").pop()) - Number(b.split(".").pop()));
    const last = parts.at(-1);
    if (!last) throw new Error(`callgrind wrote no dump for ${command.name}`);
    const total = /^(?:summary|totals): (\d+)/m.exec(readFileSync(join(directory, last), "utf8"))?.[1];
    if (total === undefined) throw new Error(`no instruction total in the callgrind dump of ${command.name}`);
    return Number(total) / counted;
  } finally {
    await client.close().catch(() => undefined);
    rmSync(directory, { recursive: true, force: true });
  }
}
