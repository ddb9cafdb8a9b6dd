import { CommanderError } from "commander";
import { EXIT_CODES } from "./exit-codes.js";
import type { Runtime } from "./runtime.js";

/** A failure as the CLI reports it. */
export interface Failure {
  code: string;
  /** One line, no trailing period needed. */
  message: string;
  exitCode: number;
}

/** Codes of core errors that mean the input was wrong (flags, environment, a file), not Redis. */
const USAGE_CODES = new Set([
  "E_CONFIG_INVALID",
  "E_INVALID_ARGUMENT",
  // The packages' own bad-input codes: a metric name or label flag, a channel name, a session id.
  "E_METRIC_INVALID",
  "E_METRIC_LABELS",
  "E_PUBSUB_INVALID",
  "E_SESSION_INVALID",
]);

/** Several lines (a config error lists each bad field) as one: scripts read stderr line by line. */
export function oneLine(message: string): string {
  return message
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^- /, ""))
    .filter((line) => line !== "")
    .join(" ");
}

/** The code, one-line message and exit code of anything a command threw. */
export function describeFailure(error: unknown): Failure {
  if (error instanceof CommanderError) {
    // commander's own wording starts with "error: "; ours starts with "redis-mcp: ".
    return { code: "E_USAGE", message: oneLine(error.message.replace(/^error: /, "")), exitCode: EXIT_CODES.usage };
  }
  const code = (error as { code?: unknown } | null)?.code;
  const message = oneLine(error instanceof Error ? error.message : String(error));
  if (typeof code === "string" && /^E_[A-Z_]+$/.test(code)) {
    const exitCode = (error as { exitCode?: unknown }).exitCode;
    return { code, message, exitCode: typeof exitCode === "number" ? exitCode : USAGE_CODES.has(code) ? EXIT_CODES.usage : EXIT_CODES.failure };
  }
  return { code: "E_UNEXPECTED", message, exitCode: EXIT_CODES.failure };
}

/**
 * Reports a failure: one line `redis-mcp: ...` on stderr and, with --json, `{"error": {code,
 * message}}` as the one JSON document on stdout (unless the command already printed its result).
 * Returns the exit code.
 */
export function reportFailure(error: unknown, runtime: Runtime, json: boolean): number {
  const failure = describeFailure(error);
  runtime.streams.stderr.write(`redis-mcp: ${failure.message}\n`);
  if (json && !runtime.resultWritten) {
    runtime.resultWritten = true;
    runtime.streams.stdout.write(`${JSON.stringify({ error: { code: failure.code, message: failure.message } }, null, 2)}\n`);
  }
  return failure.exitCode;
}
