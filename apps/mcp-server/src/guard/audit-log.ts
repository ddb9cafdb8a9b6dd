import { appendFileSync } from "node:fs";
import type { Tier } from "./tier.js";

/** One audited call. */
export interface AuditEntry {
  time: string;
  /** Who called: `stdio` or the HTTP token's name (never the token). */
  principal: string;
  tool: string;
  /** The tier this call needed (a pattern delete is `destructive`, though delete_keys is listed at `write`). */
  tier: Tier;
  /** Arguments with secret and value fields replaced. */
  arguments: Record<string, unknown>;
  outcome: "ok" | "error" | "dry-run";
  /** Error code when it failed. */
  code?: string;
  durationMs: number;
}

const REDACTED = "[redacted]";
/** Longest string logged as is. */
const LONG = 200;
/** Most list items or record entries logged; the rest are counted. */
const MOST_ITEMS = 20;

/**
 * Arguments that say what a call was about (which keys, names, ids, options), never what it
 * wrote: logged as given, capped. Every other argument is data (values, members, elements,
 * items, payloads, coordinates, scores, increments) and is never logged: only its size is. A new
 * argument is redacted until it is listed here.
 */
const DESCRIPTIVE = new Set([
  "key",
  "keys",
  "newKey",
  "destination",
  "sources",
  "storeIn",
  "pattern",
  "type",
  "dryRun",
  "cursor",
  "count",
  "limit",
  "ttlMs",
  "persist",
  "overwrite",
  "keepTtl",
  "condition",
  "compare",
  "changed",
  "countChanged",
  "encoding",
  "side",
  "float",
  "approximate",
  "maxLength",
  "minId",
  "group",
  "consumer",
  "startId",
  "makeStream",
  "blockMs",
  "waitMs",
  "queue",
  "id",
  "ids",
  "delayMs",
  "retryDelayMs",
  "visibilityTimeoutMs",
  "capacity",
  "errorRate",
  "name",
  "operation",
  "field",
  // Application toolsets: where a message went, what was invalidated, how long to listen. Session
  // ids are secrets and payloads, cache values and session data are data: none of them is here.
  "channel",
  "channels",
  "patterns",
  "tags",
  "maxMessages",
  "windowMs",
  "stepMs",
  "format",
  // Field names of a hash or stream entry (a list of names, or a name → value record whose values are redacted).
  "fields",
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/** A record's names, capped, with every value redacted: names of fields and keys say what changed, values are data. */
function namesOnly(record: Record<string, unknown>): Record<string, string> {
  const names = Object.keys(record);
  const copy: Record<string, string> = {};
  for (const name of names.slice(0, MOST_ITEMS)) copy[capString(name)] = REDACTED;
  if (names.length > MOST_ITEMS) copy["…"] = `(${names.length - MOST_ITEMS} more)`;
  return copy;
}

function capString(value: string): string {
  return value.length > LONG ? `${value.slice(0, LONG)}… (${value.length} chars)` : value;
}

/** A descriptive argument as logged: scalars as they are, lists capped, records as names only. */
function described(value: unknown): unknown {
  if (typeof value === "string") return capString(value);
  if (Array.isArray(value)) {
    const shown = value
      .slice(0, MOST_ITEMS)
      .map((item) => (typeof item === "string" ? capString(item) : isRecord(item) || Array.isArray(item) ? REDACTED : item));
    return value.length > MOST_ITEMS ? [...shown, `… (${value.length - MOST_ITEMS} more)`] : shown;
  }
  if (isRecord(value)) return namesOnly(value);
  return value;
}

/** A data argument as logged: its size, never its content. */
function redacted(value: unknown): unknown {
  if (Array.isArray(value)) return `[redacted: ${value.length} item${value.length === 1 ? "" : "s"}]`;
  if (typeof value === "string") return `[redacted: ${value.length} chars]`;
  if (isRecord(value)) return namesOnly(value);
  return REDACTED;
}

/**
 * Copies arguments for the audit log: descriptive arguments (keys, names, ids, options) as given,
 * with strings and lists capped and records reduced to their names; everything else, which carries
 * data, and anything named like a secret, redacted down to its size.
 */
export function redactArguments(input: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (/password|token|secret/i.test(name)) copy[name] = REDACTED;
    else copy[name] = DESCRIPTIVE.has(name) ? described(value) : redacted(value);
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
