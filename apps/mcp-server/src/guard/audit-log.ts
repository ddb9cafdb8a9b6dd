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

/**
 * Writes every write, destructive and admin call as a JSON line to stderr or a file. Lines are
 * buffered and written together on the next turn of the event loop (off the call's critical
 * path), and flushed synchronously when the process exits, so none is lost.
 */
export class AuditLog {
  #pending: string[] = [];
  #scheduled = false;

  constructor(readonly destination: "stderr" | { file: string }) {
    process.once("exit", () => this.flush());
  }

  write(entry: AuditEntry): void {
    this.#pending.push(`${JSON.stringify({ audit: entry })}\n`);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Writes what is buffered now. */
  flush(): void {
    this.#scheduled = false;
    if (this.#pending.length === 0) return;
    const lines = this.#pending.join("");
    this.#pending = [];
    if (this.destination === "stderr") process.stderr.write(lines);
    else appendFileSync(this.destination.file, lines, { mode: 0o600 });
  }
}
