import { integerFrom } from "../cli/parse-values.js";
import type { CommandGroup } from "./command-group.js";

/** `ping`, `info`, `doctor`, `slowlog`, `latency`: is Redis up, and how is it doing? */
export const diagnosticsCommands: CommandGroup = (program, runtime) => {
  program
    .command("ping")
    .description("check that Redis answers; print the round-trip time, version and role")
    .option("--url <url>", "same as --redis-url")
    .action(async (options: { url?: string }, command) => (await import("../actions/ping.js")).ping({ runtime, command }, options));
  program
    .command("info")
    .description("INFO, readable: every section or one (server, memory, stats, ...), per node on a cluster")
    .argument("[section]", "INFO section, e.g. memory, stats, keyspace, everything")
    .action(async (section: string | undefined, _options, command) => (await import("../actions/diagnostics.js")).info({ runtime, command }, section));
  program
    .command("doctor")
    .description("health report: findings with severity, evidence and fix; exits 1 on a critical finding")
    .action(async (_options, command) => (await import("../actions/diagnostics.js")).doctor({ runtime, command }));
  program
    .command("slowlog")
    .description("the slowest recent commands of every node, newest first (passwords masked)")
    .option("-n, --count <n>", "entries to show", integerFrom(1, 10_000), 10)
    .action(async (options: { count: number }, command) => (await import("../actions/diagnostics.js")).slowlog({ runtime, command }, options));
  program
    .command("latency")
    .description("latency spikes per node (LATENCY LATEST); --doctor for Redis's own analysis")
    .option("--doctor", "print LATENCY DOCTOR's report too")
    .action(async (options: { doctor?: boolean }, command) => (await import("../actions/diagnostics.js")).latency({ runtime, command }, options));
};
