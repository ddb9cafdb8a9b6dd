import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Secret } from "@redis-mcp/core";
import { findExecutable, freePort } from "@redis-mcp/core/local-server";

/** A private redis-server this process started and will stop. */
export interface EmbeddedRedis {
  host: string;
  port: number;
  password: Secret;
  dir: string;
  /** SIGTERM (AOF is flushed) and forget; `wait` also waits for the exit. */
  stop(options?: { wait?: boolean }): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** One embedded Redis per data directory: two servers appending to one AOF would corrupt it. */
function takeLock(dir: string): () => void {
  const lock = join(dir, "redis-mcp.lock");
  try {
    const holder = Number(readFileSync(lock, "utf8"));
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new Error(
        `another redis-mcp-server (pid ${holder}) runs the embedded Redis in ${dir}. Use --data-dir for a separate one, or point REDIS_URL at a shared Redis.`,
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  writeFileSync(lock, String(process.pid));
  return () => rmSync(lock, { force: true });
}

function waitForReady(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => fail(new Error(`redis-server was not ready within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-10_000);
      if (output.includes("Ready to accept connections")) done();
    };
    const onExit = (code: number | null) => fail(new Error(`redis-server exited (code ${code}):\n${output}`));
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
    };
    const done = () => {
      cleanup();
      resolve();
    };
    const fail = (error: Error) => {
      cleanup();
      reject(error);
    };
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
  });
}

/**
 * Starts a private redis-server for this MCP server: loopback, a random port, a generated
 * password, AOF persistence in `<dataDir>/redis`. The password is in a 0600 config file, not on
 * the command line (where `ps` would show it). On Linux it is spawned through
 * `setpriv --pdeathsig TERM`, so it shuts down cleanly even if this process is killed.
 * @throws Error with install instructions when there is no redis-server binary.
 */
export async function startEmbeddedRedis(dataDir: string, environment: Record<string, string | undefined> = process.env): Promise<EmbeddedRedis> {
  const binary = environment.REDIS_SERVER_BIN || findExecutable("redis-server", environment);
  if (!binary) {
    throw new Error(
      "No Redis is configured, none answers on 127.0.0.1:6379, and redis-server is not installed.\n" +
        "Either set REDIS_URL (or --redis-url) to your Redis, or install redis-server:\n" +
        "  Debian/Ubuntu: sudo apt-get install -y redis-server\n  macOS:         brew install redis",
    );
  }
  const dir = join(dataDir, "redis");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const releaseLock = takeLock(dir);
  const port = await freePort();
  const password = randomBytes(24).toString("hex");
  const configFile = join(dir, "redis.conf");
  writeFileSync(
    configFile,
    [
      `port ${port}`,
      "bind 127.0.0.1",
      `requirepass ${password}`,
      `dir ${dir}`,
      "appendonly yes",
      "appendfsync everysec",
      'save ""',
      "daemonize no",
      "loglevel notice",
      "",
    ].join("\n"),
    { mode: 0o600 },
  );
  const setpriv = process.platform === "linux" ? findExecutable("setpriv", environment) : undefined;
  const [command, args] = setpriv ? [setpriv, ["--pdeathsig", "TERM", binary, configFile]] : [binary, [configFile]];
  const child = spawn(command, args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  child.stderr?.resume();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await waitForReady(child, 15_000);
  } catch (error) {
    child.kill("SIGKILL");
    releaseLock();
    throw error;
  }
  child.stdout?.resume();
  return {
    host: "127.0.0.1",
    port,
    password: new Secret(password),
    dir,
    async stop(options = {}) {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      releaseLock();
      if (options.wait) await exited;
    },
  };
}
