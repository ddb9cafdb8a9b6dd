import { REDIS_COMMAND_LINE_FLAGS, REDIS_ENVIRONMENT_VARIABLES } from "@redis-mcp/core";
import { Command, Option } from "commander";
import type { Runtime } from "./cli/runtime.js";
import { processRuntime } from "./cli/runtime.js";
import { COMMAND_GROUPS } from "./commands/index.js";
import { VERSION } from "./version.js";

function addGlobalOptions(program: Command): void {
  program
    .option("--json", "print one JSON document on stdout (for scripts)")
    .option("--no-color", "no colours (also off when stdout is not a terminal or NO_COLOR is set)")
    .option("--config <file>", 'JSON connection config file ({"redis": {...}}; env: REDIS_CONFIG_FILE)');
  for (const flag of REDIS_COMMAND_LINE_FLAGS) {
    const variable = REDIS_ENVIRONMENT_VARIABLES.find((candidate) => candidate.field === flag.field);
    program.addOption(new Option(flag.flags, `Redis ${variable?.description ?? flag.field}${variable ? ` (env: ${variable.name})` : ""}`));
  }
}

/**
 * Builds the `redis-mcp` command line. Commands load their code (and @redis-mcp/core) only when
 * they run, so `--version` and `--help` stay fast. Errors are thrown to the caller (commander's
 * usage errors as `CommanderError`), which decides how to report them.
 * @example await createProgram().parseAsync(process.argv);
 */
export function createProgram(runtime: Runtime = processRuntime()): Command {
  const program = new Command("redis-mcp")
    .description("Run, inspect and diagnose Redis and the data of redis-mcp's packages.")
    .version(VERSION, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .showSuggestionAfterError(true)
    .exitOverride()
    // The entry point prints errors itself, as one line.
    .configureOutput({ writeOut: (text) => runtime.streams.stdout.write(text), writeErr: (text) => runtime.streams.stderr.write(text), outputError: () => {} })
    .configureHelp({ sortSubcommands: false });
  addGlobalOptions(program);
  program.addHelpText(
    "after",
    `\nExit codes: 0 ok, 1 failure (Redis unreachable, a critical finding, a refused confirmation), 2 usage (bad command, flag or configuration).\nPasswords come from REDIS_PASSWORD, the URL or the config file, never a flag. All Redis environment variables:\n${REDIS_ENVIRONMENT_VARIABLES.map((variable) => `  ${variable.name.padEnd(30)} ${variable.description}`).join("\n")}\n`,
  );
  program.addHelpText("afterAll", "\nEvery command takes --json, --no-color, --config and the --redis-* connection flags (see redis-mcp --help).");
  for (const register of COMMAND_GROUPS) register(program, runtime);
  return program;
}
