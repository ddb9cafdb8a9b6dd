import { mergeLabels } from "./gauge.js";
import type { LabelValues } from "./labels.js";
import { MetricBase } from "./metric-base.js";
import { assertFiniteValue } from "./metric-names.js";
import { assertQuantiles, bucketIndexOf, DEFAULT_QUANTILES, quantileFromBuckets } from "./quantiles.js";
import type { HistogramRange } from "./range.js";

/** A histogram bound to one label set (`histogram.labels(...)`). */
export interface HistogramChild {
  /** Records one observation. */
  observe(value: number): Promise<void>;
  /** Starts a timer; calling the returned function observes the seconds elapsed and returns them. */
  startTimer(): () => number;
}

/**
 * Observations counted into buckets (latencies, sizes), plus their sum and count. Bucket counts
 * add up across instances, so fleet-wide quantiles can be estimated from them. Methods match
 * prom-client's `Histogram`.
 */
export class Histogram<Label extends string = string> extends MetricBase<Label, HistogramRange> {
  readonly type = "histogram" as const;

  /** Upper bounds of the buckets (without +Inf, which is implied). */
  get buckets(): readonly number[] {
    return this.definition.buckets;
  }

  /**
   * Records one observation in the series of `labels`.
   * @throws MetricInvalidError (`E_METRIC_INVALID`) for NaN or ±Infinity; MetricLabelsError (`E_METRIC_LABELS`).
   * @example await latency.observe({ route: "/users" }, 0.042);
   */
  observe(value: number): Promise<void>;
  observe(labels: LabelValues<Label>, value: number): Promise<void>;
  observe(labelsOrValue: LabelValues<Label> | number, value?: number): Promise<void> {
    if (typeof labelsOrValue === "number" || labelsOrValue === undefined) return this.#observe(this.seriesKey(undefined, "observe()"), labelsOrValue as number);
    return this.#observe(this.seriesKey(labelsOrValue, "observe()"), value as number);
  }

  /**
   * Starts a timer; the returned function observes the seconds elapsed (labels given to it are
   * merged over those given here) and returns them.
   * @throws MetricLabelsError (`E_METRIC_LABELS`) when the timer ends with incomplete labels.
   */
  startTimer(labels?: Partial<LabelValues<Label>>): (endLabels?: Partial<LabelValues<Label>>) => number {
    const started = process.hrtime.bigint();
    return (endLabels) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      void this.#observe(this.seriesKey(mergeLabels(labels, endLabels), "startTimer()"), seconds).catch(() => {});
      return seconds;
    };
  }

  /**
   * The histogram bound to one label set: values in labelNames order, or one object.
   * @throws MetricLabelsError (`E_METRIC_LABELS`).
   */
  labels(...values: (string | number)[]): HistogramChild;
  labels(labels: LabelValues<Label>): HistogramChild;
  labels(...values: unknown[]): HistogramChild {
    const key = this.childSeriesKey(values);
    return {
      observe: (value) => this.#observe(key, value),
      startTimer: () => {
        const started = process.hrtime.bigint();
        return () => {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          void this.#observe(key, seconds).catch(() => {});
          return seconds;
        };
      },
    };
  }

  /**
   * Quantiles of everything the series of `labels` has recorded (fleet-wide, since it was created
   * or reset), estimated from the buckets by linear interpolation, as Prometheus'
   * `histogram_quantile` does. NaN when nothing was observed. For a time window use `range()`.
   * @throws MetricInvalidError (`E_METRIC_INVALID`) for quantiles outside 0..1; MetricLabelsError; RedisMcpError when Redis fails.
   * @example const { 0.99: p99 } = await latency.quantiles({ route: "/users" });
   */
  async quantiles(labels?: LabelValues<Label>, quantiles: readonly number[] = DEFAULT_QUANTILES): Promise<Record<number, number>> {
    assertQuantiles(quantiles, `histogram "${this.name}" quantiles()`);
    const key = this.seriesKey(labels, "quantiles()");
    await this.writer.settled();
    const bucketCounts = await this.store.readHistogramSeries(this.definition, key);
    return Object.fromEntries(quantiles.map((quantile) => [quantile, quantileFromBuckets(quantile, this.definition.buckets, bucketCounts)]));
  }

  #observe(seriesKey: string, value: number): Promise<void> {
    assertFiniteValue(value, this.context, "observe()");
    return this.record([seriesKey, "o", String(value), String(bucketIndexOf(value, this.definition.buckets))]);
  }
}
