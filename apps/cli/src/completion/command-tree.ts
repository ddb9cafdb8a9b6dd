import type { Command } from "commander";

/** An option as a completion script needs it. */
export interface CompletionOption {
  /** Every spelling: `--limit`, `-n`, ... */
  names: string[];
  description: string;
  /** The option takes a value (the next word is not a command). */
  takesValue: boolean;
  /** The allowed values, when the option lists them. */
  choices: string[];
  /** The value is a path (`<file>`, `<path>`). */
  file: boolean;
}

/** One command of the tree, by its path of names (`""` for the program, `"config diff"`). */
export interface CompletionNode {
  path: string;
  subcommands: { name: string; description: string }[];
  /** The command's own options and the program's (global) options. */
  options: CompletionOption[];
  /** What its first positional argument is: a file, one of some words, or anything. */
  argument: { file: boolean; choices: string[] } | undefined;
}

const PATH_PLACEHOLDER = /^[<[](file|path)[>\]]$/;

function optionOf(option: Command["options"][number]): CompletionOption {
  const placeholder = option.flags.split(/[ ,|]+/).find((part) => /^[<[]/.test(part)) ?? "";
  return {
    names: [option.long, option.short].filter((name): name is string => typeof name === "string"),
    description: option.description,
    takesValue: option.required || option.optional,
    choices: [...(option.argChoices ?? [])],
    file: PATH_PLACEHOLDER.test(placeholder),
  };
}

/** The first option of each spelling (a command's own --help shadows the program's). */
function withoutRepeats(options: CompletionOption[]): CompletionOption[] {
  const seen = new Set<string>();
  return options.filter((option) => {
    if (option.names.some((name) => seen.has(name))) return false;
    for (const name of option.names) seen.add(name);
    return true;
  });
}

/** Every command of the program with what can follow it, from commander's own model (help included). */
export function commandTree(program: Command): CompletionNode[] {
  const help = program.createHelp();
  const globalOptions = help.visibleOptions(program).map(optionOf);
  const nodes: CompletionNode[] = [];
  const visit = (command: Command, path: string): void => {
    const subcommands = help.visibleCommands(command).filter((sub) => sub.name() !== "help");
    const first = command.registeredArguments[0];
    nodes.push({
      path,
      subcommands: subcommands.map((sub) => ({ name: sub.name(), description: sub.description() })),
      options:
        command === program
          ? globalOptions
          : withoutRepeats([...help.visibleOptions(command).map(optionOf), ...globalOptions.filter((option) => !option.names.includes("--version"))]),
      argument: first ? { file: /^(file|path)$/.test(first.name()), choices: [...(first.argChoices ?? [])] } : undefined,
    });
    for (const sub of subcommands) visit(sub, path === "" ? sub.name() : `${path} ${sub.name()}`);
  };
  visit(program, "");
  return nodes;
}
