import type { Command } from "commander";
import type { Runtime } from "../cli/runtime.js";

/**
 * Adds one group of commands (`keys`, `config`, `queue`, ...) to the program. A group's file only
 * defines its commands; each action imports its implementation when it runs.
 */
export type CommandGroup = (program: Command, runtime: Runtime) => void;
