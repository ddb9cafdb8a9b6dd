import type { Command } from "commander";
import { Output } from "./output.js";
import type { Runtime } from "./runtime.js";

/** The options every command takes (defined on the program, accepted before or after the command). */
export interface GlobalOptions {
  json: boolean;
  color: boolean;
  /** `--config <file>`: JSON connection config (`{"redis": {...}}`), else REDIS_CONFIG_FILE. */
  config?: string;
  /** The `--redis-*` connection flags, by commander attribute name. */
  [flag: string]: unknown;
}

/** One command being run: where it prints and the options it was given. */
export interface Invocation {
  runtime: Runtime;
  command: Command;
}

/** The program-wide options, wherever on the command line they were given. */
export function globalOptions(invocation: Invocation): GlobalOptions {
  const options = invocation.command.optsWithGlobals<Partial<GlobalOptions>>();
  return { ...options, json: options.json === true, color: options.color !== false };
}

/** The output of an invocation, honouring --json and --no-color. */
export function outputOf(invocation: Invocation): Output {
  return new Output(globalOptions(invocation), invocation.runtime);
}
