import { MetricInvalidError } from "./errors.js";
import type { LabelValues } from "./labels.js";
import { MetricBase } from "./metric-base.js";
import { assertFiniteValue } from "./metric-names.js";
import type { CounterRange } from "./range.js";

/** A counter bound to one label set (`counter.labels(...)`). */
export interface CounterChild {
  /** Adds `value` (default 1) to this series. */
  inc(value?: number): Promise<void>;
}

/**
 * A value that only goes up (requests served, errors), summed across every instance writing it.
 * Methods match prom-client's `Counter`; they return promises that settle once Redis has the
 * observation (or at once with local aggregation).
 */
export class Counter<Label extends string = string> extends MetricBase<Label, CounterRange> {
  readonly type = "counter" as const;

  /**
   * Adds `value` (default 1) to the series of `labels`.
   * @throws MetricInvalidError (`E_METRIC_INVALID`) at the call for NaN, ±Infinity or a negative
   *   value; MetricLabelsError (`E_METRIC_LABELS`) for unknown or missing labels. The promise
   *   rejects with MetricCardinalityError, MetricConflictError or a Redis error.
   * @example await requests.inc({ method: "GET", route: "/users", status: 200 });
   */
  inc(value?: number): Promise<void>;
  inc(labels: LabelValues<Label>, value?: number): Promise<void>;
  inc(labelsOrValue?: LabelValues<Label> | number, value?: number): Promise<void> {
    if (typeof labelsOrValue === "number" || labelsOrValue === undefined) return this.#add(this.seriesKey(undefined, "inc()"), labelsOrValue ?? 1);
    return this.#add(this.seriesKey(labelsOrValue, "inc()"), value ?? 1);
  }

  /**
   * The counter bound to one label set: values in labelNames order, or one object.
   * @throws MetricLabelsError (`E_METRIC_LABELS`).
   */
  labels(...values: (string | number)[]): CounterChild;
  labels(labels: LabelValues<Label>): CounterChild;
  labels(...values: unknown[]): CounterChild {
    const key = this.childSeriesKey(values);
    return { inc: (value = 1) => this.#add(key, value) };
  }

  #add(seriesKey: string, value: number): Promise<void> {
    assertFiniteValue(value, this.context, "inc()");
    if (value < 0) throw new MetricInvalidError(`counter "${this.name}" inc(): a counter only goes up; got ${value}. Use a gauge for values that go down.`);
    return this.record([seriesKey, "i", String(value), ""]);
  }
}
