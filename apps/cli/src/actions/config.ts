import { readFile } from "node:fs/promises";
import { applyServerConfig, configGet, type DesiredServerConfig, diffServerConfig, type NodeConfigDiff, parseServerConfig } from "@redis-mcp/core/diagnostics";
import { withRedis } from "../cli/connect.js";
import { CliError, EXIT_CODES } from "../cli/exit-codes.js";
import { plural } from "../cli/format.js";
import { type Invocation, outputOf } from "../cli/invocation.js";
import type { Colors, Output } from "../cli/output.js";
import { renderTable } from "../cli/table.js";

/** What `config show` lists by default: the settings the seed's redis.conf and persistenceConfig set. */
const SEED_PARAMETERS = [
  "maxmemory",
  "maxmemory-policy",
  "save",
  "appendonly",
  "appendfsync",
  "no-appendfsync-on-rewrite",
  "auto-aof-rewrite-percentage",
  "auto-aof-rewrite-min-size",
  "stop-writes-on-bgsave-error",
  "rdbcompression",
  "rdbchecksum",
  "notify-keyspace-events",
  "timeout",
  "tcp-keepalive",
  "maxclients",
  "latency-monitor-threshold",
  "slowlog-log-slower-than",
];

/** `redis-mcp config show [patterns...]`. */
export async function show(invocation: Invocation, patterns: string[]): Promise<void> {
  const output = outputOf(invocation);
  const nodes = await withRedis(invocation, (redis) => configGet(redis, patterns.length > 0 ? patterns : SEED_PARAMETERS));
  output.result({ nodes }, (colors) => {
    const names = [...new Set(nodes.flatMap((node) => Object.keys(node.config)))].sort();
    if (names.length === 0) return `No parameter matches ${patterns.join(" ")}.`;
    const columns = [{ heading: "PARAMETER" }, ...nodes.map((node) => ({ heading: nodes.length === 1 ? "VALUE" : node.node }))];
    return renderTable(
      columns,
      names.map((name) => [name, ...nodes.map((node) => (node.config[name] === undefined ? "-" : visible(node.config[name])))]),
      colors,
    );
  });
}

/** An empty value shown as `""`, so "turned off" (`save ""`) is visible in a table. */
function visible(value: string): string {
  return value === "" ? '""' : value;
}

async function readDesired(file: string): Promise<DesiredServerConfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new CliError("E_USAGE", `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, EXIT_CODES.usage);
  }
  return parseServerConfig(text);
}

/** Parameters CONFIG SET would change, over every master. */
function changesOf(nodes: readonly NodeConfigDiff[]): number {
  return nodes.reduce((total, node) => total + node.parameters.filter((parameter) => parameter.changed && parameter.current !== null).length, 0);
}

/** Parameters a master does not know (a typo, or a newer server's setting): apply refuses them. */
function unknownOf(nodes: readonly NodeConfigDiff[]): string[] {
  return [...new Set(nodes.flatMap((node) => node.parameters.filter((parameter) => parameter.current === null).map((parameter) => parameter.parameter)))];
}

function diffText(desired: DesiredServerConfig, nodes: readonly NodeConfigDiff[], colors: Colors): string {
  const blocks = nodes.map((node) => {
    const rows = node.parameters.map((parameter) => {
      const status = parameter.current === null ? colors.red("unknown") : parameter.changed ? colors.yellow("change") : colors.green("same");
      return [parameter.parameter, parameter.current === null ? "-" : visible(parameter.current), visible(parameter.desired), status];
    });
    const table = renderTable([{ heading: "PARAMETER" }, { heading: "CURRENT" }, { heading: "DESIRED" }, { heading: "STATUS" }], rows, colors);
    return `${colors.cyan(`# ${node.node} (Redis ${node.version})`)}\n${table}`;
  });
  const ignored = desired.ignored.map((entry) => colors.dim(`ignored ${entry.name}: ${entry.reason}`));
  const changes = changesOf(nodes);
  const unknown = unknownOf(nodes);
  const summary = [
    changes === 0 ? "Every master already has these settings." : `${plural(changes, "change")} to apply.`,
    ...(unknown.length > 0 ? [`Unknown to the server (apply refuses the file): ${unknown.join(", ")}.`] : []),
  ].join(" ");
  return [...blocks, ...(ignored.length > 0 ? [ignored.join("\n")] : []), summary].join("\n\n");
}

function diffDocument(file: string, desired: DesiredServerConfig, nodes: readonly NodeConfigDiff[]) {
  return { file, changes: changesOf(nodes), unknown: unknownOf(nodes), ignored: desired.ignored, nodes };
}

/** `redis-mcp config diff <file>`. */
export async function diff(invocation: Invocation, file: string, options: { exitCode?: boolean }): Promise<void> {
  const output = outputOf(invocation);
  const desired = await readDesired(file);
  const nodes = await withRedis(invocation, (redis) => diffServerConfig(redis, desired));
  const drift = changesOf(nodes) > 0 || unknownOf(nodes).length > 0;
  output.result(diffDocument(file, desired, nodes), (colors) => diffText(desired, nodes, colors), options.exitCode && drift ? EXIT_CODES.failure : undefined);
}

function refuseWithoutYes(output: Output, file: string, desired: DesiredServerConfig, nodes: readonly NodeConfigDiff[]): void {
  const changes = changesOf(nodes);
  output.result(
    { ...diffDocument(file, desired, nodes), applied: false },
    (colors) => `${diffText(desired, nodes, colors)}${changes > 0 ? "\nNothing was changed. Run again with --yes to apply." : ""}`,
    changes > 0 ? EXIT_CODES.failure : undefined,
  );
  if (changes > 0) output.note(`redis-mcp: not applying ${plural(changes, "change")} without --yes (diff shown).`);
}

/** `redis-mcp config apply <file> [--yes] [--rewrite]`: per master what was set; exit 1 when a master refused. */
export async function apply(invocation: Invocation, file: string, options: { yes?: boolean; rewrite?: boolean }): Promise<void> {
  const output = outputOf(invocation);
  const desired = await readDesired(file);
  await withRedis(invocation, async (redis) => {
    if (options.yes !== true) {
      refuseWithoutYes(output, file, desired, await diffServerConfig(redis, desired));
      return;
    }
    const nodes = await applyServerConfig(redis, desired, { rewrite: options.rewrite === true });
    const failed = nodes.some((node) => !node.applied || node.rewritten === false);
    output.result(
      { file, applied: !failed, ignored: desired.ignored, nodes },
      (colors) =>
        nodes
          .map((node) => {
            const changes = node.changed.map((change) => `  ${change.parameter}: ${visible(change.current ?? "")} -> ${visible(change.desired)}`);
            const status = node.applied
              ? colors.green(node.changed.length === 0 ? "already up to date" : `set ${node.changed.length} parameter${node.changed.length === 1 ? "" : "s"}`)
              : colors.red(`CONFIG SET failed: ${node.error}`);
            const rewrite =
              node.rewritten === null
                ? []
                : [node.rewritten ? colors.green("  CONFIG REWRITE: saved to the config file") : colors.red(`  CONFIG REWRITE failed: ${node.rewriteError}`)];
            return [`${colors.cyan(`# ${node.node}`)} ${status}`, ...changes, ...rewrite].join("\n");
          })
          .join("\n\n"),
      failed ? EXIT_CODES.failure : undefined,
    );
  });
}
