import { adoptRedis, type IoredisLike, type RedisClient, type RedisMcpError, toRedisMcpError } from "@redis-mcp/core";
import { Counter } from "./counter.js";
import { type MetricsSummary, RATE_WINDOW_MINUTES, summarize } from "./dashboard.js";
import { defineMetric, fingerprintOf, type MetricDefinition, type MetricType } from "./definition.js";
import { MetricConflictError, MetricInvalidError, MetricNotFoundError } from "./errors.js";
import { type ExpositionFormat, formatExposition, PROMETHEUS_CONTENT_TYPE } from "./exposition.js";
import { Gauge } from "./gauge.js";
import { Histogram } from "./histogram.js";
import { type LabelValues, overflowSeriesKey, seriesKeyOf } from "./labels.js";
import { flushWriters } from "./local-flush.js";
import { assertPrefix, MINUTE_MS } from "./metric-keys.js";
import { assertMetricName } from "./metric-names.js";
import { MetricStore } from "./metric-store.js";
import { MetricWriter } from "./metric-writer.js";
import { createMetricsHandler, type MetricsRequestHandler } from "./metrics-handler.js";
import type { RangeOptions, RangeResult } from "./range.js";

/** What happens to an observation that would create a series past a metric's limit. */
export type LimitBehaviour = "error" | "overflow";

/** Options of {@link createMetrics}. Every metric can override `maxSeries`, `onLimit` and `flushIntervalMs`. */
export interface MetricsOptions {
  /** Start of every key (`<prefix>:registry`, `<prefix>:{<name>}:...`); instances sharing it share metrics. Default `metrics`. */
  prefix?: string;
  /** Most label combinations per metric (default 1,000). */
  maxSeries?: number;
  /** Past the limit: `error` (default; the observation fails with E_METRIC_CARDINALITY) or `overflow` (it counts in a series whose labels are all `__overflow__`). */
  onLimit?: LimitBehaviour;
  /** How long per-minute rollups are kept (default 86,400,000: 24 h); 0 keeps none. */
  minuteRetentionMs?: number;
  /** How long hourly rollups are kept (default 604,800,000: 7 days); 0 keeps none. */
  hourRetentionMs?: number;
  /** Sum counter and histogram observations in memory and write them every this many ms (default 0: write each one). */
  flushIntervalMs?: number;
  /** Told about every failed write, also writes nobody awaits (timers, flushes). Default: ignore. */
  onError?: (error: RedisMcpError) => void;
  /** The clock observations are filed under (ms since the epoch); default `Date.now`. Keep instances' clocks in sync (NTP). */
  now?: () => number;
}

/** Options every metric definition takes. */
export interface MetricConfiguration<Label extends string> {
  /** Prometheus metric name, e.g. `http_requests_total`. */
  name: string;
  /** What it measures (the `# HELP` line). */
  help: string;
  /** Label names; every observation gives a value for each. */
  labelNames?: readonly Label[];
  /** Overrides the registry's `maxSeries`. */
  maxSeries?: number;
  /** Overrides the registry's `onLimit`. */
  onLimit?: LimitBehaviour;
}

/** Options of `metrics.counter()`. */
export interface CounterConfiguration<Label extends string> extends MetricConfiguration<Label> {
  /** Overrides the registry's `flushIntervalMs` (local pre-aggregation). */
  flushIntervalMs?: number;
}

/** Options of `metrics.gauge()` (gauges always write through: a `set` does not add up). */
export type GaugeConfiguration<Label extends string> = MetricConfiguration<Label>;

/** Options of `metrics.histogram()`. */
export interface HistogramConfiguration<Label extends string> extends MetricConfiguration<Label> {
  /** Upper bounds, increasing (default prom-client's: 0.005 to 10); +Inf is added. */
  buckets?: readonly number[];
  /** Overrides the registry's `flushIntervalMs` (local pre-aggregation). */
  flushIntervalMs?: number;
}

/** Options of `metrics.metrics()`. */
export interface ExpositionOptions {
  /** `prometheus` (text 0.0.4, default) or `openmetrics` (1.0.0, ends with `# EOF`). */
  format?: ExpositionFormat;
}

/** A metric as registered: what `definition()` and `definitions()` return. */
export interface MetricDescription {
  name: string;
  type: MetricType;
  help: string;
  labelNames: readonly string[];
  /** Histogram upper bounds without +Inf; empty for counters and gauges. */
  buckets: readonly number[];
}

function describeDefinition(definition: MetricDefinition): MetricDescription {
  const { name, type, help, labelNames, buckets } = definition;
  return { name, type, help, labelNames, buckets };
}

/** Any metric this package creates. */
export type Metric = Counter | Gauge | Histogram;

const DEFAULTS = {
  prefix: "metrics",
  maxSeries: 1_000,
  onLimit: "error" as LimitBehaviour,
  minuteRetentionMs: 86_400_000,
  hourRetentionMs: 604_800_000,
  flushIntervalMs: 0,
};

function integerOption(value: unknown, fallback: number, name: string, minimum: number, operation: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < minimum) {
    throw new MetricInvalidError(`${operation}: ${name} must be an integer of at least ${minimum}; got ${JSON.stringify(value)}.`);
  }
  return value;
}

function limitOption(value: unknown, fallback: LimitBehaviour, operation: string): LimitBehaviour {
  if (value === undefined) return fallback;
  if (value !== "error" && value !== "overflow")
    throw new MetricInvalidError(`${operation}: onLimit must be "error" or "overflow"; got ${JSON.stringify(value)}.`);
  return value;
}

/** A locally defined metric and how to re-register it after `deleteMetric`. */
interface LocalMetric {
  metric: Metric;
  writer: MetricWriter;
  fingerprint: string;
  /** Registers the metric unless it is; undefined once it is. */
  register(): Promise<void> | undefined;
  forgetRegistration(): void;
}

/**
 * Counters, gauges and histograms kept in Redis, so every instance of a service adds to the same
 * numbers and any instance can export the whole fleet's metrics to Prometheus. Created by
 * {@link createMetrics}.
 */
export class Metrics {
  /** The key prefix. */
  readonly prefix: string;
  /** Content type of `metrics()`'s default output (Prometheus text 0.0.4), as prom-client's registry has it. */
  readonly contentType = PROMETHEUS_CONTENT_TYPE;

  readonly #client: RedisClient;
  readonly #store: MetricStore;
  readonly #options: Required<Omit<MetricsOptions, "onError">> & Pick<MetricsOptions, "onError">;
  readonly #local = new Map<string, LocalMetric>();
  readonly #flushTimers = new Map<number, { timer: NodeJS.Timeout; writers: Set<MetricWriter> }>();
  #closed = false;

  constructor(client: RedisClient | IoredisLike, options: MetricsOptions = {}) {
    const operation = "createMetrics";
    if (typeof options !== "object" || options === null) throw new MetricInvalidError(`${operation}: options must be an object, e.g. { prefix: "metrics" }.`);
    this.#client = adoptRedis(client);
    const prefix = options.prefix ?? DEFAULTS.prefix;
    assertPrefix(prefix);
    if (options.now !== undefined && typeof options.now !== "function")
      throw new MetricInvalidError(`${operation}: now must be a function returning milliseconds.`);
    if (options.onError !== undefined && typeof options.onError !== "function") throw new MetricInvalidError(`${operation}: onError must be a function.`);
    this.prefix = prefix;
    this.#options = {
      prefix,
      maxSeries: integerOption(options.maxSeries, DEFAULTS.maxSeries, "maxSeries", 1, operation),
      onLimit: limitOption(options.onLimit, DEFAULTS.onLimit, operation),
      minuteRetentionMs: integerOption(options.minuteRetentionMs, DEFAULTS.minuteRetentionMs, "minuteRetentionMs", 0, operation),
      hourRetentionMs: integerOption(options.hourRetentionMs, DEFAULTS.hourRetentionMs, "hourRetentionMs", 0, operation),
      flushIntervalMs: integerOption(options.flushIntervalMs, DEFAULTS.flushIntervalMs, "flushIntervalMs", 0, operation),
      now: options.now ?? Date.now,
      onError: options.onError,
    };
    this.#store = new MetricStore(this.#client, {
      prefix,
      minuteRetentionMs: this.#options.minuteRetentionMs,
      hourRetentionMs: this.#options.hourRetentionMs,
      now: this.#options.now,
    });
  }

  /**
   * Defines (or returns the already defined) counter.
   * @throws MetricInvalidError (`E_METRIC_INVALID`) for a bad name, help, label names or option;
   *   MetricConflictError (`E_METRIC_CONFLICT`) when this registry already has the name with another type or labels.
   * @example const requests = metrics.counter({ name: "http_requests_total", help: "Requests served", labelNames: ["method", "status"] });
   */
  counter<const Label extends string = string>(configuration: CounterConfiguration<Label>): Counter<Label> {
    return this.#define("counter", configuration, (definition, writer) => new Counter<Label>(definition, writer, this.#store)) as Counter<Label>;
  }

  /**
   * Defines (or returns the already defined) gauge.
   * @throws MetricInvalidError (`E_METRIC_INVALID`); MetricConflictError (`E_METRIC_CONFLICT`).
   * @example const depth = metrics.gauge({ name: "queue_depth", help: "Jobs waiting", labelNames: ["queue"] });
   */
  gauge<const Label extends string = string>(configuration: GaugeConfiguration<Label>): Gauge<Label> {
    return this.#define("gauge", configuration, (definition, writer) => new Gauge<Label>(definition, writer, this.#store)) as Gauge<Label>;
  }

  /**
   * Defines (or returns the already defined) histogram.
   * @throws MetricInvalidError (`E_METRIC_INVALID`) also for bad buckets; MetricConflictError (`E_METRIC_CONFLICT`).
   * @example const latency = metrics.histogram({ name: "http_request_duration_seconds", help: "Latency", labelNames: ["route"], buckets: [0.05, 0.1, 0.5, 1] });
   */
  histogram<const Label extends string = string>(configuration: HistogramConfiguration<Label>): Histogram<Label> {
    return this.#define("histogram", configuration, (definition, writer) => new Histogram<Label>(definition, writer, this.#store)) as Histogram<Label>;
  }

  /** A metric defined through this object, by name (as prom-client's `getSingleMetric`). */
  getSingleMetric(name: string): Metric | undefined {
    return this.#local.get(name)?.metric;
  }

  #define(
    type: MetricType,
    configuration: CounterConfiguration<string> & HistogramConfiguration<string>,
    create: (definition: MetricDefinition, writer: MetricWriter) => Metric,
  ): Metric {
    const definition = defineMetric(type, configuration);
    const operation = `${type} "${definition.name}"`;
    const fingerprint = fingerprintOf(definition);
    const existing = this.#local.get(definition.name);
    if (existing) {
      if (existing.fingerprint === fingerprint) return existing.metric;
      throw new MetricConflictError(
        `${operation}: this registry already defines "${definition.name}" as a ${existing.metric.type} with labels [${existing.metric.labelNames.join(", ")}]; define each metric once and reuse it (metrics.getSingleMetric(name)).`,
      );
    }
    const maxSeries = integerOption(configuration.maxSeries, this.#options.maxSeries, "maxSeries", 1, operation);
    const onLimit = limitOption(configuration.onLimit, this.#options.onLimit, operation);
    if (type === "gauge" && (configuration as { flushIntervalMs?: unknown }).flushIntervalMs !== undefined) {
      throw new MetricInvalidError(`${operation}: gauges are always written through (a set does not add up); drop flushIntervalMs.`);
    }
    const flushIntervalMs = type === "gauge" ? 0 : integerOption(configuration.flushIntervalMs, this.#options.flushIntervalMs, "flushIntervalMs", 0, operation);

    let registration: Promise<void> | "done" | undefined;
    const register = (): Promise<void> | undefined => {
      if (registration === "done") return undefined;
      registration ??= this.#store.register(definition).then(
        () => {
          registration = "done";
        },
        (error: unknown) => {
          registration = undefined;
          throw error;
        },
      );
      return registration;
    };
    const writer = new MetricWriter({
      client: this.#client,
      keys: this.#store.keysOf(definition.name),
      definition,
      fingerprint,
      minuteRetentionMs: this.#options.minuteRetentionMs,
      hourRetentionMs: this.#options.hourRetentionMs,
      maxSeries,
      overflowKey: onLimit === "overflow" ? overflowSeriesKey(definition.labelNames) : "",
      now: this.#options.now,
      flushIntervalMs: this.#closed ? 0 : flushIntervalMs,
      register,
      report: (error) => this.#report(error),
    });
    const metric = create(definition, writer);
    this.#local.set(definition.name, {
      metric,
      writer,
      fingerprint,
      register,
      forgetRegistration: () => {
        registration = undefined;
      },
    });
    if (writer.aggregate) this.#schedule(flushIntervalMs, writer);
    // Registered now, so the metric shows in every instance's export before its first observation.
    register()?.catch((caught: unknown) => {
      const error = toRedisMcpError(caught, `register ${operation}`);
      if (error instanceof MetricConflictError) writer.markConflict(error);
      this.#report(error);
    });
    return metric;
  }

  #schedule(intervalMs: number, writer: MetricWriter): void {
    let group = this.#flushTimers.get(intervalMs);
    if (!group) {
      const writers = new Set<MetricWriter>();
      const timer = setInterval(() => {
        flushWriters(this.#client, writers, (error) => this.#report(error)).catch(() => {});
      }, intervalMs);
      // A metrics timer never keeps a process alive.
      timer.unref();
      group = { timer, writers };
      this.#flushTimers.set(intervalMs, group);
    }
    group.writers.add(writer);
  }

  #report(error: RedisMcpError): void {
    try {
      this.#options.onError?.(error);
    } catch {
      // A failing error handler must not turn a metrics failure into a crash.
    }
  }

  /** Definitions to export: the registry's, plus local ones it does not have yet. */
  async #definitions(): Promise<MetricDefinition[]> {
    await this.flush().catch(() => {});
    const registered = await this.#store.registered();
    const names = new Set(registered.map((definition) => definition.name));
    const definitions: MetricDefinition[] = [...registered];
    for (const [name, local] of this.#local) {
      if (!names.has(name)) definitions.push((local.writer.settings as { definition: MetricDefinition }).definition);
    }
    return definitions.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  }

  /**
   * Every metric under this prefix, written by any instance, in the Prometheus text format 0.0.4
   * (or OpenMetrics 1.0.0 with `{ format: "openmetrics" }`). Reads the registry, then every
   * metric's values with one pipeline per cluster node; never scans the keyspace.
   * @throws MetricInvalidError (`E_METRIC_INVALID`) for an unknown format; RedisMcpError when Redis fails.
   * @example response.setHeader("Content-Type", metrics.contentType).end(await metrics.metrics());
   */
  async metrics(options: ExpositionOptions = {}): Promise<string> {
    const format = options?.format ?? "prometheus";
    if (format !== "prometheus" && format !== "openmetrics") {
      throw new MetricInvalidError(`metrics(): format must be "prometheus" or "openmetrics"; got ${JSON.stringify(format)}.`);
    }
    const definitions = await this.#definitions();
    return formatExposition(await this.#store.snapshots(definitions), format);
  }

  /**
   * The fleet's metrics at a glance: per counter its total and rate over the last 5 minutes, per
   * gauge the sum of its series, per histogram count, sum, average and quantiles. Same reads as
   * `metrics()` plus the last minute rollups of each metric, in the same pipelines.
   * @throws RedisMcpError when Redis fails.
   */
  async summary(): Promise<MetricsSummary> {
    const definitions = await this.#definitions();
    const now = this.#store.now();
    const minuteRollups = this.#options.minuteRetentionMs > 0;
    const current = now - (now % MINUTE_MS);
    const starts = minuteRollups ? Array.from({ length: RATE_WINDOW_MINUTES }, (_, index) => current - (index + 1) * MINUTE_MS) : [];
    const entries = await this.#store.snapshotsWithRecent(definitions, (definition) => (definition.type === "counter" ? starts : []));
    return summarize(entries, now, minuteRollups);
  }

  /**
   * The definition of a metric registered under this prefix by any instance (type, help, label
   * names, buckets), or undefined: one HGET of the registry. For tools that write to another
   * process's metrics and must use its exact label names and buckets.
   * @throws MetricInvalidError (`E_METRIC_INVALID`) for a bad name; RedisMcpError when Redis fails.
   */
  async definition(name: string): Promise<MetricDescription | undefined> {
    assertMetricName(name, "definition()");
    const stored = await this.#store.registeredDefinition(name);
    return stored && describeDefinition(stored);
  }

  /**
   * Every metric registered under this prefix by any instance, sorted by name: one HGETALL of the
   * registry (one field per metric name, never per series).
   * @throws RedisMcpError when Redis fails.
   */
  async definitions(): Promise<MetricDescription[]> {
    return (await this.#store.registered()).map(describeDefinition);
  }

  /**
   * One series of any metric under this prefix (also one another instance defined) over a time
   * window: per-step increases and rates for counters, last/min/max for gauges, counts and
   * quantiles for histograms.
   * @throws MetricNotFoundError (`E_METRIC_NOT_FOUND`); MetricLabelsError (`E_METRIC_LABELS`); MetricInvalidError (`E_METRIC_INVALID`); RedisMcpError when Redis fails.
   * @example const { points } = await metrics.range("http_requests_total", { method: "GET" }, { from: Date.now() - 3_600_000, stepMs: 300_000 });
   */
  async range(name: string, labels: LabelValues | undefined, options: RangeOptions): Promise<RangeResult> {
    assertMetricName(name, "range()");
    const local = this.#local.get(name);
    if (local) return local.metric.range(labels as never, options);
    const definition = await this.#store.registeredDefinition(name);
    if (!definition) throw new MetricNotFoundError(`range(): no metric "${name}" is registered under prefix "${this.prefix}". Check the name and the prefix.`);
    return this.#store.range(definition, seriesKeyOf(definition.labelNames, labels, `${definition.type} "${name}"`, "range()"), options);
  }

  /**
   * Deletes a metric fleet-wide: its registry entry, definition, series, values and rollups. For
   * retiring a metric or changing its labels or buckets; instances still writing it register it
   * again on their next observation.
   * @throws MetricInvalidError (`E_METRIC_INVALID`) for a bad name; RedisMcpError when Redis fails.
   */
  async deleteMetric(name: string): Promise<void> {
    assertMetricName(name, "deleteMetric()");
    const local = this.#local.get(name);
    if (local) {
      local.writer.aggregate?.drain();
      await local.writer.settled();
      local.forgetRegistration();
    }
    await this.#store.reset({ name }, true);
  }

  /**
   * Writes every locally summed observation now and waits for every write and registration in flight.
   * @throws RedisMcpError: the first failure (sums that could not be written are kept for the next flush).
   */
  async flush(): Promise<void> {
    const locals = [...this.#local.values()];
    await Promise.all(
      locals.map((local) =>
        local.register()?.catch((caught: unknown) => {
          // Reported, and retried with the next write; the flush itself goes on.
          const error = toRedisMcpError(caught, `register ${local.metric.type} "${local.metric.name}"`);
          if (error instanceof MetricConflictError) local.writer.markConflict(error);
          this.#report(error);
        }),
      ),
    );
    const writers = locals.map((local) => local.writer);
    await flushWriters(
      this.#client,
      writers.filter((writer) => writer.aggregate),
      (error) => this.#report(error),
    );
    await Promise.all(writers.map((writer) => writer.settled()));
  }

  /**
   * Stops the flush timers and writes what is summed locally. Leaves the Redis client open (it is
   * the caller's). Observations after `close()` are written through.
   * @throws RedisMcpError when the last flush fails (its sums stay in memory; call `flush()` to retry).
   */
  async close(): Promise<void> {
    this.#closed = true;
    for (const { timer } of this.#flushTimers.values()) clearInterval(timer);
    this.#flushTimers.clear();
    for (const { writer } of this.#local.values()) writer.stopAggregating();
    await this.flush();
  }

  /**
   * A `/metrics` handler for node:http or express: answers `metrics()` in the format the scraper's
   * Accept header asks for (OpenMetrics or text 0.0.4), 503 when Redis cannot be read.
   * @example app.get("/metrics", metrics.metricsHandler());
   */
  metricsHandler(): MetricsRequestHandler {
    return createMetricsHandler(
      (format) => this.metrics({ format }),
      (error) => this.#report(error),
    );
  }
}

/**
 * Opens a metrics registry on a Redis or Cluster client (ioredis 5 or 6; never closed here). No
 * round trip until the first metric is defined.
 * @throws MetricInvalidError (`E_METRIC_INVALID`) for bad options; InvalidArgumentError (`E_INVALID_ARGUMENT`) when `client` is not an ioredis client.
 * @example
 * const metrics = createMetrics(redis, { prefix: "shop" });
 * const requests = metrics.counter({ name: "http_requests_total", help: "Requests", labelNames: ["route"] });
 * await requests.inc({ route: "/cart" });
 * console.log(await metrics.metrics());
 */
export function createMetrics(client: RedisClient | IoredisLike, options: MetricsOptions = {}): Metrics {
  return new Metrics(client, options);
}
