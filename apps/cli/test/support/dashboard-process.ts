import { type ChildProcess, spawn } from "node:child_process";
import { BIN } from "./cli.js";

/** A running `redis-mcp dashboard`. */
export interface DashboardProcess {
  url: string;
  child: ChildProcess;
  /** What it wrote to stdout so far. */
  stdout(): string;
  /** What it wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts `redis-mcp dashboard <args>` and resolves with the address it prints. */
export function startDashboard(args: readonly string[], env: Record<string, string> = {}): Promise<DashboardProcess> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !/^(REDIS_|NO_COLOR|FORCE_COLOR)/.test(name)) environment[name] = value;
  const child = spawn(process.execPath, [BIN, "dashboard", "--port", "0", ...args], { env: { ...environment, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-mcp dashboard printed no address within 30 s:\n${stdout}\n${stderr}`)), 30_000);
    const exitedEarly = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`redis-mcp dashboard exited (${code}) before serving:\n${stdout}\n${stderr}`));
    };
    child.once("exit", exitedEarly);
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /Dashboard on (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url) {
        clearTimeout(timer);
        child.off("exit", exitedEarly);
        resolve({
          url,
          child,
          stdout: () => stdout,
          stderr: () => stderr,
          async stop() {
            if (child.exitCode === null) {
              child.kill("SIGTERM");
              await exited;
            }
          },
        });
      }
    });
  });
}
