import { CommanderError } from "commander";
import { EXIT_CODES } from "./cli/exit-codes.js";
import { reportFailure } from "./cli/report-failure.js";
import { processRuntime } from "./cli/runtime.js";
import { createProgram } from "./program.js";

/** Runs the command line of this process and exits with its code (never throws). */
export async function run(): Promise<void> {
  const runtime = processRuntime();
  let exitCode: number;
  try {
    await createProgram(runtime).parseAsync(process.argv);
    exitCode = runtime.exitCode ?? EXIT_CODES.ok;
  } catch (error) {
    if (error instanceof CommanderError && (error.code === "commander.helpDisplayed" || error.code === "commander.version")) exitCode = EXIT_CODES.ok;
    else if (error instanceof CommanderError && error.code === "commander.help")
      exitCode = EXIT_CODES.usage; // a command group without its subcommand
    else exitCode = reportFailure(error, runtime, process.argv.includes("--json"));
  }
  process.exitCode = exitCode;
  // Everything is closed by now; if a socket or timer still holds the event loop, do not hang.
  setTimeout(() => process.exit(exitCode), 1000).unref();
}
