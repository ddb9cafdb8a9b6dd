import type { LabelValues } from "./labels.js";
import { MetricBase } from "./metric-base.js";
import { assertFiniteValue } from "./metric-names.js";
import type { GaugeRange } from "./range.js";

/** A gauge bound to one label set (`gauge.labels(...)`). */
export interface GaugeChild {
  /** Sets this series to `value`. */
  set(value: number): Promise<void>;
  /** Adds `value` (default 1). */
  inc(value?: number): Promise<void>;
  /** Subtracts `value` (default 1). */
  dec(value?: number): Promise<void>;
  /** Sets this series to the current Unix time in seconds. */
  setToCurrentTime(): Promise<void>;
  /** Starts a timer; calling the returned function sets the series to the seconds elapsed and returns them. */
  startTimer(): () => number;
}

/**
 * A value that goes up and down (queue depth, memory in use). `set` is last-writer-wins across
 * instances; `inc`/`dec` add up atomically. Methods match prom-client's `Gauge`.
 */
export class Gauge<Label extends string = string> extends MetricBase<Label, GaugeRange> {
  readonly type = "gauge" as const;

  /**
   * Sets the series of `labels` to `value`.
   * @throws MetricInvalidError (`E_METRIC_INVALID`) for NaN or ±Infinity; MetricLabelsError (`E_METRIC_LABELS`).
   * @example await queueDepth.set({ queue: "emails" }, 42);
   */
  set(value: number): Promise<void>;
  set(labels: LabelValues<Label>, value: number): Promise<void>;
  set(labelsOrValue: LabelValues<Label> | number, value?: number): Promise<void> {
    const [key, amount] = this.#arguments(labelsOrValue, value, "set()", undefined);
    return this.#set(key, amount);
  }

  /**
   * Adds `value` (default 1) to the series of `labels`, atomically across instances.
   * @throws MetricInvalidError (`E_METRIC_INVALID`); MetricLabelsError (`E_METRIC_LABELS`).
   */
  inc(value?: number): Promise<void>;
  inc(labels: LabelValues<Label>, value?: number): Promise<void>;
  inc(labelsOrValue?: LabelValues<Label> | number, value?: number): Promise<void> {
    const [key, amount] = this.#arguments(labelsOrValue, value, "inc()", 1);
    return this.#add(key, amount, "inc()");
  }

  /**
   * Subtracts `value` (default 1) from the series of `labels`, atomically across instances.
   * @throws MetricInvalidError (`E_METRIC_INVALID`); MetricLabelsError (`E_METRIC_LABELS`).
   */
  dec(value?: number): Promise<void>;
  dec(labels: LabelValues<Label>, value?: number): Promise<void>;
  dec(labelsOrValue?: LabelValues<Label> | number, value?: number): Promise<void> {
    const [key, amount] = this.#arguments(labelsOrValue, value, "dec()", 1);
    return this.#add(key, -amount, "dec()");
  }

  /**
   * Sets the series of `labels` to the current Unix time in seconds.
   * @throws MetricLabelsError (`E_METRIC_LABELS`).
   */
  setToCurrentTime(labels?: LabelValues<Label>): Promise<void> {
    return this.#set(this.seriesKey(labels, "setToCurrentTime()"), Date.now() / 1000);
  }

  /**
   * Starts a timer; the returned function sets the gauge to the seconds elapsed (labels given to
   * it are merged over those given here) and returns them.
   * @throws MetricLabelsError (`E_METRIC_LABELS`) when the timer ends with incomplete labels.
   */
  startTimer(labels?: Partial<LabelValues<Label>>): (endLabels?: Partial<LabelValues<Label>>) => number {
    const started = process.hrtime.bigint();
    return (endLabels) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      void this.#set(this.seriesKey(mergeLabels(labels, endLabels), "startTimer()"), seconds).catch(() => {});
      return seconds;
    };
  }

  /**
   * The gauge bound to one label set: values in labelNames order, or one object.
   * @throws MetricLabelsError (`E_METRIC_LABELS`).
   */
  labels(...values: (string | number)[]): GaugeChild;
  labels(labels: LabelValues<Label>): GaugeChild;
  labels(...values: unknown[]): GaugeChild {
    const key = this.childSeriesKey(values);
    return {
      set: (value) => this.#set(key, value),
      inc: (value = 1) => this.#add(key, value, "inc()"),
      dec: (value = 1) => this.#add(key, -value, "dec()"),
      setToCurrentTime: () => this.#set(key, Date.now() / 1000),
      startTimer: () => {
        const started = process.hrtime.bigint();
        return () => {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          void this.#set(key, seconds).catch(() => {});
          return seconds;
        };
      },
    };
  }

  #arguments(labelsOrValue: unknown, value: number | undefined, operation: string, fallback: number | undefined): [string, number] {
    if (typeof labelsOrValue === "number" || labelsOrValue === undefined) return [this.seriesKey(undefined, operation), (labelsOrValue ?? fallback) as number];
    return [this.seriesKey(labelsOrValue, operation), (value ?? fallback) as number];
  }

  #set(seriesKey: string, value: number): Promise<void> {
    assertFiniteValue(value, this.context, "set()");
    return this.record([seriesKey, "g", String(value), ""]);
  }

  #add(seriesKey: string, value: number, operation: string): Promise<void> {
    assertFiniteValue(value, this.context, operation);
    return this.record([seriesKey, "G", String(value), ""]);
  }
}

/** Start labels with end labels on top (prom-client's timer semantics). */
export function mergeLabels<Label extends string>(start?: Partial<LabelValues<Label>>, end?: Partial<LabelValues<Label>>): LabelValues<Label> | undefined {
  if (!start && !end) return undefined;
  return { ...start, ...end } as LabelValues<Label>;
}
