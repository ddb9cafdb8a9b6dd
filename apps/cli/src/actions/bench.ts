import { randomBytes } from "node:crypto";
import { deleteByPattern } from "@redis-mcp/core";
import { BENCH_OPERATIONS } from "../bench/operations.js";
import { runBench } from "../bench/run-bench.js";
import { withRedis } from "../cli/connect.js";
import { CliError, EXIT_CODES } from "../cli/exit-codes.js";
import { formatNumber, plural } from "../cli/format.js";
import { type Invocation, outputOf } from "../cli/invocation.js";
import { startProgress } from "../cli/progress.js";
import { renderTable } from "../cli/table.js";

/** `redis-mcp bench`. */
export async function bench(invocation: Invocation, options: { only?: string[]; operations: number; rounds: number; concurrency: number }): Promise<void> {
  const output = outputOf(invocation);
  // A fresh prefix per run: the keys of two runs never mix, and cleaning up deletes only ours.
  const prefix = `redis-mcp:bench:${randomBytes(4).toString("hex")}:`;
  const all = BENCH_OPERATIONS.flatMap((factory) => factory(prefix));
  const groups = [...new Set(all.map((operation) => operation.group))];
  const unknown = (options.only ?? []).filter((group) => !groups.includes(group));
  if (unknown.length > 0) throw new CliError("E_USAGE", `unknown group ${unknown.join(", ")}; known: ${groups.join(", ")}.`, EXIT_CODES.usage);
  const operations = all.filter((operation) => !options.only || options.only.includes(operation.group));
  const settings = { operations: options.operations, rounds: options.rounds, concurrency: options.concurrency };
  const rows = await withRedis(invocation, async (redis) => {
    const total = operations.reduce((sum, operation) => sum + operation.variants.length, 0) * settings.rounds * settings.operations;
    const progress = startProgress(output.streams, "benchmark", total, 0);
    let done = 0;
    try {
      for (const operation of operations) await operation.setup?.(redis, prefix);
      return await runBench(redis, operations, settings, (count) => {
        done += count;
        progress.update(done);
      });
    } finally {
      progress.stop();
      for (const operation of operations) await operation.teardown?.().catch(() => {});
      await deleteByPattern(redis, { match: `${prefix}*`, dryRun: false });
    }
  });
  output.result({ settings, rows }, (colors) => {
    const table = renderTable(
      [
        { heading: "OPERATION" },
        { heading: "VARIANT" },
        { heading: "OPS/S (MEDIAN)", align: "right" },
        { heading: "MIN", align: "right" },
        { heading: "MAX", align: "right" },
        { heading: "RATIO", align: "right" },
      ],
      rows.map((row) => [
        `${row.group}: ${row.operation}`,
        row.baseline ? `${row.variant} (baseline)` : row.variant,
        formatNumber(Math.round(row.median)),
        formatNumber(Math.round(row.min)),
        formatNumber(Math.round(row.max)),
        `${row.ratio.toFixed(2)}x`,
      ]),
      colors,
    );
    return `${table}\n\n${colors.dim(`${settings.rounds} interleaved round${settings.rounds === 1 ? "" : "s"} of ${plural(settings.operations, "operation")} per variant, ${settings.concurrency} in flight. Ratios above 1 are faster than the baseline.`)}`;
  });
}
