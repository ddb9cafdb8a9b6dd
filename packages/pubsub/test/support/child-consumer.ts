import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ServerAddress } from "./topologies.js";
import { settlesWithin } from "./waiting.js";

const fixture = fileURLToPath(new URL("../fixtures/durable-consumer.mjs", import.meta.url));
const built = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

/** What the fixture is told. */
export interface ChildSettings {
  address: ServerAddress;
  topic: string;
  group: string;
  consumer: string;
  visibilityTimeoutMs: number;
  mode: "hang" | "count";
  countsKey?: string;
  concurrency?: number;
}

/** One event line the fixture printed. */
export interface ChildEvent {
  event: "ready" | "taken";
  id?: string;
  entryId?: string;
  attempts?: number;
  data?: unknown;
}

/** A durable consumer running in a child process (test/fixtures/durable-consumer.mjs, on the built package). */
export class ChildConsumer {
  readonly events: ChildEvent[] = [];
  readonly exited: Promise<NodeJS.Signals | null>;
  readonly #child: ChildProcessWithoutNullStreams;
  #waiters: { predicate(): boolean; resolve(): void }[] = [];
  #stderr = "";

  constructor(settings: ChildSettings) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`pnpm --filter @redis-mcp/pubsub build\` first (pnpm test builds it).`);
    this.#child = spawn(process.execPath, [fixture, JSON.stringify(settings)]);
    let buffered = "";
    this.#child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) if (line) this.events.push(JSON.parse(line) as ChildEvent);
      this.#check();
    });
    this.#child.stderr.on("data", (chunk: Buffer) => {
      this.#stderr += chunk.toString("utf8");
    });
    this.exited = new Promise((resolve) => this.#child.once("exit", (_code, signal) => resolve(signal)));
    void this.exited.then(() => this.#check());
  }

  /** Resolves once the fixture printed an event matching `predicate`; fails when it exits first or after `milliseconds`. */
  async waitFor(predicate: (events: ChildEvent[]) => boolean, milliseconds = 20_000): Promise<ChildEvent[]> {
    if (!predicate(this.events)) {
      await settlesWithin(new Promise<void>((resolve) => this.#waiters.push({ predicate: () => predicate(this.events), resolve })), milliseconds).catch(
        (error: unknown) => {
          throw new Error(`${(error as Error).message}; child events: ${JSON.stringify(this.events).slice(0, 500)}; stderr: ${this.#stderr.slice(0, 2_000)}`);
        },
      );
    }
    return this.events;
  }

  /** SIGKILL: the process dies mid-handler, with no chance to acknowledge anything. */
  kill(): Promise<NodeJS.Signals | null> {
    this.#child.kill("SIGKILL");
    return this.exited;
  }

  /** SIGTERM: the fixture stops its consumer (running handlers finish and are acknowledged) and exits. */
  stop(): Promise<NodeJS.Signals | null> {
    this.#child.kill("SIGTERM");
    return this.exited;
  }

  #check(): void {
    this.#waiters = this.#waiters.filter((waiter) => {
      if (!waiter.predicate()) return true;
      waiter.resolve();
      return false;
    });
  }
}
