import type { RedisClient } from "@redis-mcp/core";
import type { BenchOperation } from "./bench-operation.js";

/** How hard and how long to measure. */
export interface BenchSettings {
  /** Operations per variant per round. */
  operations: number;
  /** Interleaved rounds; the median of them is reported. */
  rounds: number;
  /** Operations in flight at once. */
  concurrency: number;
}

/** The measured throughput of one variant. */
export interface BenchRow {
  group: string;
  operation: string;
  variant: string;
  /** Median, min and max operations per second over the rounds. */
  median: number;
  min: number;
  max: number;
  /** median / the baseline's median. */
  ratio: number;
  baseline: boolean;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Runs `operations` calls with `concurrency` in flight; resolves with the elapsed seconds. */
async function timed(
  redis: RedisClient,
  run: (redis: RedisClient, index: number) => Promise<unknown>,
  settings: BenchSettings,
  done: (count: number) => void,
): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < settings.operations) {
      const index = next++;
      await run(redis, index);
      if (index % 100 === 99) done(100);
    }
  };
  await Promise.all(Array.from({ length: Math.min(settings.concurrency, settings.operations) }, worker));
  done(settings.operations % 100);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * Measures each operation's variants in interleaved rounds (the order rotates each round, so a
 * busy machine slows every variant alike) after an untimed warm-up; `done` reports progress in
 * operations.
 */
export async function runBench(
  redis: RedisClient,
  operations: readonly BenchOperation[],
  settings: BenchSettings,
  done: (count: number) => void,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const operation of operations) {
    const warmUp = { ...settings, operations: Math.max(1, Math.ceil(settings.operations / 10)) };
    for (const variant of operation.variants) await timed(redis, variant.run, warmUp, () => {});
    const samples = new Map<string, number[]>(operation.variants.map((variant) => [variant.name, []]));
    for (let round = 0; round < settings.rounds; round++) {
      const shift = round % operation.variants.length;
      for (const variant of [...operation.variants.slice(shift), ...operation.variants.slice(0, shift)]) {
        const seconds = await timed(redis, variant.run, settings, done);
        samples.get(variant.name)?.push(settings.operations / seconds);
      }
    }
    const baseline = median(samples.get(operation.baseline) ?? [Number.NaN]);
    for (const variant of operation.variants) {
      const values = samples.get(variant.name) ?? [];
      rows.push({
        group: operation.group,
        operation: operation.name,
        variant: variant.name,
        median: median(values),
        min: Math.min(...values),
        max: Math.max(...values),
        ratio: median(values) / baseline,
        baseline: variant.name === operation.baseline,
      });
    }
  }
  return rows;
}
