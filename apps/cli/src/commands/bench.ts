import { integerFrom } from "../cli/parse-values.js";
import type { CommandGroup } from "./command-group.js";

/** `bench`: a quick side-by-side benchmark against the connected Redis. */
export const benchCommands: CommandGroup = (program, runtime) => {
  program
    .command("bench")
    .description(
      "measure core, cache, session, metrics and pub/sub operations against plain ioredis calls on this Redis (writes and then deletes keys under redis-mcp:bench:*)",
    )
    .option("--only <groups...>", "only these groups of operations (core, cache, session, metrics, pubsub)")
    .option("--operations <n>", "operations per variant per round", integerFrom(1, 10_000_000), 2000)
    .option("--rounds <n>", "interleaved rounds; the median is reported", integerFrom(1, 1000), 5)
    .option("--concurrency <n>", "operations in flight at once", integerFrom(1, 10_000), 1)
    .action(async (options: { only?: string[]; operations: number; rounds: number; concurrency: number }, command) =>
      (await import("../actions/bench.js")).bench({ runtime, command }, options),
    );
};
