import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { findExecutable } from "@redis-mcp/core/local-server";
import { type Summary, summarize } from "./statistics.js";

const run = promisify(execFile);

/** Options for one redis-benchmark measurement. */
export interface RedisBenchmarkOptions {
  port: number;
  /** Parallel connections (-c). */
  clients: number;
  /** Commands to run (-t), e.g. "set,get". */
  tests: string;
  /** Commands pipelined per connection (-P, default 1). */
  pipeline?: number;
  /** Requests per run (-n). */
  requests: number;
  /** Runs; the summary is over runs (default 5). */
  runs?: number;
}

/**
 * The C client's throughput for the same commands against the same server: the physical limit
 * the Node numbers are read against. Returns undefined when redis-benchmark is not installed.
 */
export async function redisBenchmark(options: RedisBenchmarkOptions): Promise<Summary | undefined> {
  const binary = findExecutable("redis-benchmark");
  if (!binary) return undefined;
  const figures: number[] = [];
  for (let index = 0; index < (options.runs ?? 5); index++) {
    const { stdout } = await run(binary, [
      "-h",
      "127.0.0.1",
      "-p",
      String(options.port),
      "-c",
      String(options.clients),
      "-n",
      String(options.requests),
      "-P",
      String(options.pipeline ?? 1),
      "-t",
      options.tests,
      "--csv",
    ]);
    // CSV: "test","rps",... one line per test; average the tests to match a mixed workload.
    const rates = stdout
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => Number(line.split(",")[1]?.replaceAll('"', "")));
    figures.push(rates.reduce((sum, rate) => sum + rate, 0) / rates.length);
  }
  return summarize(figures);
}
