import { rm } from "node:fs/promises";
import { type RedisProcess, type RedisProcessSpec, startRedisProcess } from "./redis-process.js";

/**
 * One redis-server that a test can stop, crash and bring back on the same port with the same
 * data directory (for persistence and fault tests).
 */
export class RedisNode {
  readonly host = "127.0.0.1";
  #process: RedisProcess | undefined;
  #disposed = false;

  constructor(readonly spec: RedisProcessSpec) {}

  /** Port the node listens on. */
  get port(): number {
    return this.spec.port;
  }

  /** Its working directory (RDB/AOF/nodes.conf live here). */
  get dir(): string {
    return this.spec.dir;
  }

  /** PID of the running server (undefined when stopped or in a container). */
  get pid(): number | undefined {
    return this.#process?.pid;
  }

  /** True while the process is running. */
  get running(): boolean {
    return this.#process !== undefined;
  }

  /** Starts (or restarts) the server on its port; resolves once it accepts connections. */
  async start(): Promise<this> {
    if (this.#disposed) throw new Error(`redis node on port ${this.port} was disposed`);
    if (this.#process) return this;
    const started = await startRedisProcess(this.spec);
    this.#process = started;
    void started.exited.then(() => {
      if (this.#process === started) this.#process = undefined;
    });
    return this;
  }

  /** Graceful stop (SIGTERM); data on disk survives for `start()`. */
  async stop(): Promise<void> {
    await this.#process?.stop();
    this.#process = undefined;
  }

  /** Crash (SIGKILL): no shutdown save, connections drop at once. */
  async kill(): Promise<void> {
    await this.#process?.kill();
    this.#process = undefined;
  }

  /** Kill, then start again on the same port. */
  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }

  /** Server output so far, for diagnosing a failed test. */
  output(): string {
    return this.#process?.output() ?? "";
  }

  /** Stops the server and removes its directory. Safe to call twice. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await this.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}
