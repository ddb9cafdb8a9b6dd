import type { OutputStreams } from "./output.js";

/** What one run of the CLI shares between its commands and its entry point. */
export interface Runtime {
  streams: OutputStreams;
  /** True once a command printed its result (so a later failure adds no second JSON document). */
  resultWritten: boolean;
  /** The exit code a command asked for with its result; undefined means success. */
  exitCode: number | undefined;
}

/** The runtime of the real process: its stdout, stderr and environment. */
export function processRuntime(): Runtime {
  return { streams: { stdout: process.stdout, stderr: process.stderr, env: process.env }, resultWritten: false, exitCode: undefined };
}
