import type { MetricDefinition } from "./definition.js";
import type { Entry } from "./metric-writer.js";

interface HistogramSums {
  bucketCounts: number[];
  sum: number;
  count: number;
}

/**
 * In-memory sums of one additive metric between flushes: a counter's increments per series, a
 * histogram's bucket counts, sum and count per series. Memory is bounded by the series seen in
 * one interval. What is here is lost if the process dies before the next flush.
 */
export class LocalAggregate {
  readonly #bucketSlots: number;
  #counters = new Map<string, number>();
  #histograms = new Map<string, HistogramSums>();

  constructor(definition: MetricDefinition) {
    this.#bucketSlots = definition.buckets.length + 1;
  }

  /** Series with something to flush. */
  get size(): number {
    return this.#counters.size + this.#histograms.size;
  }

  /** Adds an observation (`i` counter increment, `o` histogram observation) or a drained entry back (`b`, `t`). */
  add([seriesKey, op, a, b]: Entry): void {
    if (op === "i") {
      this.#counters.set(seriesKey, (this.#counters.get(seriesKey) ?? 0) + Number(a));
      return;
    }
    let sums = this.#histograms.get(seriesKey);
    if (!sums) {
      sums = { bucketCounts: new Array<number>(this.#bucketSlots).fill(0), sum: 0, count: 0 };
      this.#histograms.set(seriesKey, sums);
    }
    if (op === "o") {
      sums.bucketCounts[Number(b)] = (sums.bucketCounts[Number(b)] ?? 0) + 1;
      sums.sum += Number(a);
      sums.count += 1;
    } else if (op === "b") {
      sums.bucketCounts[Number(a)] = (sums.bucketCounts[Number(a)] ?? 0) + Number(b);
    } else if (op === "t") {
      sums.sum += Number(a);
      sums.count += Number(b);
    }
  }

  /** Takes everything summed so far as observe-script entries and starts afresh. */
  drain(): Entry[] {
    const entries: Entry[] = [];
    for (const [seriesKey, delta] of this.#counters) entries.push([seriesKey, "i", String(delta), ""]);
    for (const [seriesKey, sums] of this.#histograms) {
      sums.bucketCounts.forEach((count, index) => {
        if (count > 0) entries.push([seriesKey, "b", String(index), String(count)]);
      });
      entries.push([seriesKey, "t", String(sums.sum), String(sums.count)]);
    }
    this.#counters = new Map();
    this.#histograms = new Map();
    return entries;
  }
}
