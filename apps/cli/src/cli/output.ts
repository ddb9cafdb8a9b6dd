import { createColors } from "picocolors";
import type { ExitCode } from "./exit-codes.js";
import type { Runtime } from "./runtime.js";

/** Where a command writes; tests pass their own. */
export interface OutputStreams {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
}

/** The colour functions human output uses (all identity when colours are off). */
export type Colors = ReturnType<typeof createColors>;

/** Options that decide how a command prints. */
export interface OutputOptions {
  /** `--json`: exactly one JSON document on stdout. */
  json: boolean;
  /** False with `--no-color`. */
  color: boolean;
}

/**
 * Colours only for people: stdout is a terminal, NO_COLOR is unset or empty (no-color.org),
 * TERM is not `dumb`, and neither --no-color nor --json was given.
 */
export function colorsWanted(options: OutputOptions, streams: OutputStreams): boolean {
  const noColor = streams.env.NO_COLOR;
  return !options.json && options.color && streams.stdout.isTTY === true && (noColor === undefined || noColor === "") && streams.env.TERM !== "dumb";
}

/**
 * How a command prints: its result once (a JSON document with --json, text otherwise), notes for
 * people on stderr, and the exit code it asks for.
 */
export class Output {
  readonly json: boolean;
  readonly colors: Colors;
  readonly streams: OutputStreams;
  readonly #runtime: Runtime;

  constructor(options: OutputOptions, runtime: Runtime) {
    this.json = options.json;
    this.streams = runtime.streams;
    this.#runtime = runtime;
    this.colors = createColors(colorsWanted(options, runtime.streams));
  }

  /**
   * Prints the command's result: `document` as JSON with --json, else the text `human` renders.
   * A command calls this once; `exitCode` marks a result that is also a failure.
   */
  result(document: unknown, human: (colors: Colors) => string, exitCode?: ExitCode): void {
    if (this.#runtime.resultWritten) throw new Error("a command printed two results; it must print exactly one");
    const text = this.json ? JSON.stringify(document, null, 2) : human(this.colors);
    this.#runtime.resultWritten = true;
    this.streams.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
    if (exitCode !== undefined) this.#runtime.exitCode = exitCode;
  }

  /** A line for people on stderr (hints, what was skipped); never part of the result. */
  note(text: string): void {
    this.streams.stderr.write(`${text}\n`);
  }
}
