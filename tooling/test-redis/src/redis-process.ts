import { type ChildProcess, spawn } from "node:child_process";
import { checkedBinary, findRedisServerBinary, findSetpriv, INSTALL_HINT } from "./binary.js";
import { startContainerProcess } from "./container.js";

/** What to run: `redis-server [configFile] ...args`, listening on `port`. */
export interface RedisProcessSpec {
  /** TCP (or TLS) port the process listens on. */
  port: number;
  /** Working directory for RDB/AOF/nodes.conf/sentinel.conf; must exist. */
  dir: string;
  /** Arguments after the optional config file. */
  args: string[];
  /** A config file passed first (Sentinel needs a writable one). */
  configFile?: string;
  /** The redis-server (or valkey-server) binary; default `REDIS_SERVER_BIN`, else the one on PATH. */
  binary?: string;
}

/** A running redis-server (local process or container). */
export interface RedisProcess {
  readonly pid: number | undefined;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  /** SIGTERM (graceful: AOF flushed), waits for exit. */
  stop(): Promise<void>;
  /** SIGKILL (a crash), waits for exit. */
  kill(): Promise<void>;
  /** Output seen so far (for error messages). */
  output(): string;
}

const READY = /Ready to accept connections|Sentinel ID is/;

/**
 * Starts redis-server and resolves once it accepts connections. Uses the local binary (through
 * `setpriv --pdeathsig KILL` so it dies with its parent), else a testcontainers container, else
 * throws with install instructions.
 */
export async function startRedisProcess(spec: RedisProcessSpec, timeoutMs = 15_000): Promise<RedisProcess> {
  const binary = spec.binary ? checkedBinary(spec.binary) : findRedisServerBinary();
  if (binary) return startLocalProcess(binary, spec, timeoutMs);
  return startContainerProcess(spec, timeoutMs).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`No redis-server binary on PATH and no container runtime (${reason}).\n${INSTALL_HINT}`);
  });
}

function commandLine(binary: string, spec: RedisProcessSpec): [string, string[]] {
  const redisArgs = [...(spec.configFile ? [spec.configFile] : []), ...spec.args];
  const setpriv = findSetpriv();
  return setpriv ? [setpriv, ["--pdeathsig", "KILL", binary, ...redisArgs]] : [binary, redisArgs];
}

function startLocalProcess(binary: string, spec: RedisProcessSpec, timeoutMs: number): Promise<RedisProcess> {
  const [command, args] = commandLine(binary, spec);
  const child = spawn(command, args, { cwd: spec.dir, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const append = (chunk: Buffer) => {
    // Keep the tail only: a long-running server would otherwise grow this without bound.
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  const handle = localHandle(child, exited, () => log);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      void handle.kill();
      reject(new Error(`redis-server on port ${spec.port} was not ready within ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    const onData = () => {
      if (READY.test(log)) {
        cleanup();
        resolve(handle);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`redis-server on port ${spec.port} exited early (code ${code}):\n${log}`));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new Error(`could not spawn ${command}: ${error.message}\n${INSTALL_HINT}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      child.off("error", onError);
    };
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
    child.once("error", onError);
  });
}

function localHandle(child: ChildProcess, exited: Promise<void>, output: () => string): RedisProcess {
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return {
    pid: child.pid,
    exited,
    output,
    stop: () => signal("SIGTERM"),
    kill: () => signal("SIGKILL"),
  };
}
