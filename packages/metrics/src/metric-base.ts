import type { MetricDefinition, MetricType } from "./definition.js";
import { type LabelValues, seriesKeyOf, seriesKeyOfValues } from "./labels.js";
import type { MetricStore } from "./metric-store.js";
import type { Entry, MetricWriter } from "./metric-writer.js";
import type { RangeOptions, RangeResult } from "./range.js";

/** One sample of a metric as prom-client's `metric.get()` returns it. */
export interface MetricSample {
  labels: Record<string, string | number>;
  value: number;
  /** Set for histogram samples: `<name>_bucket`, `<name>_sum` or `<name>_count`. */
  metricName?: string;
}

/** A metric's current values in prom-client's `metric.get()` shape, read from Redis (fleet-wide). */
export interface MetricValues {
  name: string;
  help: string;
  type: MetricType;
  values: MetricSample[];
  aggregator: "sum";
}

/**
 * What counters, gauges and histograms share: their definition, label handling, and the reads and
 * deletes that act on their data in Redis.
 */
export abstract class MetricBase<Label extends string, Range extends RangeResult> {
  /** The metric name. */
  readonly name: string;
  /** The help text (`# HELP`). */
  readonly help: string;
  /** Label names, in the order positional `labels(...)` values follow. */
  readonly labelNames: readonly Label[];
  /** `counter`, `gauge` or `histogram`. */
  abstract readonly type: MetricType;

  protected readonly writer: MetricWriter;
  protected readonly store: MetricStore;
  protected readonly definition: MetricDefinition;
  /** `<type> "<name>"`, the start of every message about this metric. */
  protected readonly context: string;

  constructor(definition: MetricDefinition, writer: MetricWriter, store: MetricStore) {
    this.definition = definition;
    this.name = definition.name;
    this.help = definition.help;
    this.labelNames = definition.labelNames as readonly Label[];
    this.writer = writer;
    this.store = store;
    this.context = `${definition.type} "${definition.name}"`;
  }

  /** Series key of labels given as an object. */
  protected seriesKey(labels: unknown, method: string): string {
    return seriesKeyOf(this.definition.labelNames, labels, this.context, method);
  }

  /** Series key of `labels(...)` arguments: one object, or the values in labelNames order. */
  protected childSeriesKey(values: readonly unknown[]): string {
    if (values.length === 1 && typeof values[0] === "object" && values[0] !== null)
      return seriesKeyOf(this.definition.labelNames, values[0], this.context, "labels()");
    return seriesKeyOfValues(this.definition.labelNames, values, this.context, "labels()");
  }

  /** Sends an observation; the promise never becomes an unhandled rejection when nobody awaits it. */
  protected record(entry: Entry): Promise<void> {
    const written = this.writer.submit(entry);
    written.catch(() => {});
    return written;
  }

  /**
   * This metric's current values across the fleet, in prom-client's `get()` shape.
   * @throws RedisMcpError when Redis fails.
   */
  async get(): Promise<MetricValues> {
    await this.writer.settled();
    const [snapshot] = await this.store.snapshots([this.definition]);
    const values: MetricSample[] = [];
    if (snapshot?.definition.type === "histogram") {
      const bounds = [...this.definition.buckets, Number.POSITIVE_INFINITY];
      for (const series of snapshot.series as { labels: Record<string, string>; bucketCounts: number[]; sum: number; count: number }[]) {
        let cumulative = 0;
        series.bucketCounts.forEach((count, index) => {
          cumulative += count;
          values.push({
            labels: { ...series.labels, le: bounds[index] === Number.POSITIVE_INFINITY ? "+Inf" : (bounds[index] as number) },
            value: cumulative,
            metricName: `${this.name}_bucket`,
          });
        });
        values.push({ labels: series.labels, value: series.sum, metricName: `${this.name}_sum` });
        values.push({ labels: series.labels, value: series.count, metricName: `${this.name}_count` });
      }
    } else if (snapshot) {
      for (const series of snapshot.series as { labels: Record<string, string>; value: number }[]) values.push({ labels: series.labels, value: series.value });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: "sum" };
  }

  /**
   * Removes one series (its current values; its rollups expire with their buckets). Resolves true
   * when it existed.
   * @throws MetricLabelsError (`E_METRIC_LABELS`); RedisMcpError when Redis fails.
   */
  async remove(labels?: LabelValues<Label>): Promise<boolean> {
    const key = this.seriesKey(labels, "remove()");
    await this.writer.settled();
    return this.store.removeSeries(this.definition, key);
  }

  /**
   * Deletes every series and rollup of this metric in Redis, for every instance (it stays
   * registered). prom-client's `reset()` zeroes one process; this one zeroes the fleet.
   * @throws RedisMcpError when Redis fails.
   */
  async reset(): Promise<void> {
    this.writer.aggregate?.drain();
    await this.writer.settled();
    await this.store.reset(this.definition, false);
  }

  /**
   * One series' rollups over a time window, one point per step. See {@link RangeOptions}.
   * @throws MetricInvalidError (`E_METRIC_INVALID`) for a bad window; MetricLabelsError; RedisMcpError when Redis fails.
   */
  async range(labels: LabelValues<Label> | undefined, options: RangeOptions): Promise<Range> {
    const key = this.seriesKey(labels, "range()");
    await this.writer.settled();
    return (await this.store.range(this.definition, key, options)) as Range;
  }
}
