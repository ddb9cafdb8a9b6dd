import type { Command } from "commander";
import { type Invocation, outputOf } from "../cli/invocation.js";
import { bashCompletion } from "../completion/bash-completion.js";
import { commandTree } from "../completion/command-tree.js";
import { zshCompletion } from "../completion/zsh-completion.js";

function rootOf(command: Command): Command {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
}

/** `redis-mcp completion bash|zsh`: the script on stdout (with --json, `{ shell, script }`). */
export async function completion(invocation: Invocation, shell: "bash" | "zsh"): Promise<void> {
  const program = rootOf(invocation.command);
  const nodes = commandTree(program);
  const script = shell === "bash" ? bashCompletion(program.name(), nodes) : zshCompletion(program.name(), nodes);
  outputOf(invocation).result({ shell, script }, () => script);
}
