import { type Summary, summarize } from "./statistics.js";

/** One way of doing the work being compared. */
export interface Variant {
  name: string;
  /** Performs `operations` operations; the harness times it. */
  run(operations: number): Promise<void>;
  /**
   * Operations per timed run for this variant, when it should differ from the comparison's: a
   * variant 30x faster than the baseline would otherwise be timed over a run 30x shorter, too
   * short to reach a steady state (JIT, GC) on a noisy machine. Ratios are of ops/s, so they stay
   * comparable.
   */
  operations?: number;
}

/** A figure measured outside this process (e.g. redis-benchmark), shown for reference. */
export interface ReferenceFigure {
  name: string;
  opsPerSecond: Summary;
}

/** A comparison of variants against a baseline. */
export interface Comparison {
  title: string;
  /** Name of the variant or reference figure every ratio is relative to. */
  baseline: string;
  variants: Variant[];
  /** Operations per timed run (default 5,000). */
  operations?: number;
  /** Interleaved rounds (default 7); each round runs every variant once. */
  rounds?: number;
  /** Untimed operations per variant before the first round (default operations / 5). */
  warmup?: number;
  /** Extra rows measured elsewhere, with ratios against the same baseline. */
  references?: () => Promise<ReferenceFigure[]>;
}

/** One row of a comparison's result. */
export interface Row {
  name: string;
  opsPerSecond: Summary;
  /** median(this) / median(baseline). */
  ratio: number;
  reference: boolean;
  /** Operations per timed run, when the variant set its own. */
  operations?: number;
}

/** The measured result of a comparison. */
export interface ComparisonResult {
  title: string;
  baseline: string;
  rounds: number;
  operations: number;
  rows: Row[];
}

/**
 * Runs every variant in interleaved rounds (rotating the order each round, so drift on a noisy
 * machine hits all variants alike) and reports median/min/max ops/s and the ratio of medians
 * against the baseline.
 */
export async function compare(comparison: Comparison): Promise<ComparisonResult> {
  const operations = comparison.operations ?? 5_000;
  const rounds = comparison.rounds ?? 7;
  const operationsOf = (variant: Variant) => variant.operations ?? operations;
  for (const variant of comparison.variants) await variant.run(comparison.warmup ?? Math.ceil(operationsOf(variant) / 5));
  const samples = new Map<string, number[]>(comparison.variants.map((variant) => [variant.name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = rotate(comparison.variants, round);
    for (const variant of order) {
      const started = process.hrtime.bigint();
      await variant.run(operationsOf(variant));
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      samples.get(variant.name)?.push(operationsOf(variant) / seconds);
    }
  }
  const measured = comparison.variants.map((variant) => ({
    name: variant.name,
    opsPerSecond: summarize(samples.get(variant.name) ?? []),
    reference: false,
    ...(variant.operations !== undefined && { operations: variant.operations }),
  }));
  const references = (await comparison.references?.()) ?? [];
  const unrated = [...measured, ...references.map((figure) => ({ ...figure, reference: true }))];
  const baseline = unrated.find((row) => row.name === comparison.baseline);
  if (!baseline) throw new Error(`baseline "${comparison.baseline}" is neither a variant nor a reference figure`);
  const rows = unrated.map((row) => ({ ...row, ratio: row.opsPerSecond.median / baseline.opsPerSecond.median }));
  return { title: comparison.title, baseline: comparison.baseline, rounds, operations, rows };
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

const number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** "20 operations", or "200 operations (20 for one awaited GET per key)" when variants set their own count. */
function operationsPerRun(result: ComparisonResult): string {
  const measured = result.rows.filter((row) => !row.reference);
  const own = new Set(measured.flatMap((row) => (row.operations === undefined ? [] : [row.operations])));
  if (own.size === 0) return `${number.format(result.operations)} operations`;
  if (own.size === 1) {
    const others = measured.filter((row) => row.operations === undefined).map((row) => row.name);
    return `${number.format([...own][0] ?? 0)} operations${others.length > 0 ? ` (${number.format(result.operations)} for ${others.join(", ")})` : ""}`;
  }
  return `${number.format(result.operations)} operations (${measured.flatMap((row) => (row.operations === undefined ? [] : [`${number.format(row.operations)} for ${row.name}`])).join(", ")})`;
}

/** Renders a result as a fixed-width table. */
export function formatResult(result: ComparisonResult): string {
  const header = ["variant", "median ops/s", "min", "max", `ratio vs ${result.baseline}`];
  const lines = result.rows.map((row) => [
    row.reference ? `${row.name} (reference)` : row.name,
    number.format(row.opsPerSecond.median),
    number.format(row.opsPerSecond.min),
    number.format(row.opsPerSecond.max),
    `${row.ratio.toFixed(2)}x`,
  ]);
  const widths = header.map((cell, column) => Math.max(cell.length, ...lines.map((line) => line[column]?.length ?? 0)));
  const render = (cells: string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join("  ");
  return [
    `## ${result.title}`,
    `(${result.rounds} interleaved rounds of ${operationsPerRun(result)}; median, min, max)`,
    render(header),
    render(widths.map((width) => "-".repeat(width))),
    ...lines.map(render),
  ].join("\n");
}
