import type { CommandGroup } from "./command-group.js";

/** `config show|diff|apply`: the server's settings against a desired redis.conf or JSON file. */
export const configCommands: CommandGroup = (program, runtime) => {
  const load = () => import("../actions/config.js");
  const config = program.command("config").description("show server settings, compare them with a file, apply the file (CONFIG GET/SET/REWRITE)");
  config
    .command("show")
    .description("CONFIG GET on every master (secrets masked); default: the settings the seed's redis.conf sets")
    .argument("[patterns...]", "parameter names or globs, e.g. 'maxmemory*' ('*' for everything)")
    .action(async (patterns: string[], _options, command) => (await load()).show({ runtime, command }, patterns));
  config
    .command("diff")
    .description("compare a desired config file (redis.conf syntax or JSON) with every master")
    .argument("<file>", "redis.conf-style or JSON file (see the README for the formats)")
    .option("--exit-code", "exit 1 when a master differs (as git diff --exit-code)")
    .action(async (file: string, options: { exitCode?: boolean }, command) => (await load()).diff({ runtime, command }, file, options));
  config
    .command("apply")
    .description("apply a desired config file with CONFIG SET on every master (shows the diff; changes only with --yes)")
    .argument("<file>", "redis.conf-style or JSON file")
    .option("--yes", "really apply (without it, only the diff is shown and the exit code is 1)")
    .option("--rewrite", "then CONFIG REWRITE, so the settings survive a restart")
    .action(async (file: string, options: { yes?: boolean; rewrite?: boolean }, command) => (await load()).apply({ runtime, command }, file, options));
};
