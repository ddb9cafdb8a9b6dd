import { Argument } from "commander";
import type { CommandGroup } from "./command-group.js";

/** `completion bash|zsh`: shell completion generated from this command tree. */
export const completionCommands: CommandGroup = (program, runtime) => {
  program
    .command("completion")
    .description("print a shell completion script (bash or zsh); see the README for where to put it")
    .addArgument(new Argument("<shell>", "bash or zsh").choices(["bash", "zsh"]))
    .action(async (shell: "bash" | "zsh", _options, command) => (await import("../actions/completion.js")).completion({ runtime, command }, shell));
};
