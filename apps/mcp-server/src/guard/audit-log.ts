import { appendFileSync } from "node:fs";
import type { Tier } from "./tier.js";

/** One audited call. */
export interface AuditEntry {
  time: string;
  /** Who called: `stdio` or the HTTP token's name (never the token). */
  principal: string;
  tool: string;
  tier: Tier;
  /** Arguments with secret and value fields replaced. */
  arguments: Record<string, unknown>;
  outcome: "ok" | "error" | "dry-run";
  /** Error code when it failed. */
  code?: string;
  durationMs: number;
}

const REDACTED = "[redacted]";
const LONG = 200;

/** Copies arguments for the log: listed fields redacted, long strings shortened, binary never logged. */
export function redactArguments(input: Record<string, unknown>, redact: readonly string[] = []): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    if (redact.includes(name) || /password|token|secret/i.test(name)) copy[name] = REDACTED;
    else if (typeof value === "string" && value.length > LONG) copy[name] = `${value.slice(0, LONG)}… (${value.length} chars)`;
    else copy[name] = value;
  }
  return copy;
}

/** Longest an audit line waits in memory before it is written. */
export const AUDIT_FLUSH_MS = 50;
/** Buffered entries that trigger a write at once. */
const FLUSH_ENTRIES = 256;

/**
 * Writes every write, destructive and admin call as a JSON line to stderr or a file. Entries are
 * buffered, then serialized and written together within AUDIT_FLUSH_MS (one write for a burst of
 * calls instead of a syscall per call, and no JSON work on the call's path), at once when 256 are
 * waiting, and synchronously when the process exits, so none is lost on a normal exit or SIGTERM.
 */
export class AuditLog {
  #pending: AuditEntry[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(readonly destination: "stderr" | { file: string }) {
    process.once("exit", () => this.flush());
  }

  write(entry: AuditEntry): void {
    this.#pending.push(entry);
    if (this.#pending.length >= FLUSH_ENTRIES) this.flush();
    else if (!this.#timer) {
      this.#timer = setTimeout(() => this.flush(), AUDIT_FLUSH_MS);
      // The exit handler writes what is left: a pending line never keeps the process alive.
      this.#timer.unref();
    }
  }

  /** Writes what is buffered now. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.length === 0) return;
    const lines = this.#pending.map((entry) => `${JSON.stringify({ audit: entry })}\n`).join("");
    this.#pending = [];
    if (this.destination === "stderr") process.stderr.write(lines);
    else appendFileSync(this.destination.file, lines, { mode: 0o600 });
  }
}
