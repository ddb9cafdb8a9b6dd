import { pipelineBySlot, type RedisClient, withRedisErrors } from "@redis-mcp/core";
import { fingerprintOf, type MetricDefinition, parseStoredDefinition, storedDefinition } from "./definition.js";
import { MetricConflictError } from "./errors.js";
import { type MetricKeys, metricKeys, registryKey } from "./metric-keys.js";
import { pointsOf, type RangeOptions, type RangeResult, resolveWindow, rollupFields } from "./range.js";
import { rangeScript, recentRollupsScript, registerScript, removeSeriesScript, resetScript, seriesValuesScript } from "./scripts.js";
import { hashEntries, type MetricSnapshot, snapshotOf } from "./snapshot.js";

/** Time-series settings shared by every metric of one `createMetrics`. */
export interface StoreSettings {
  prefix: string;
  minuteRetentionMs: number;
  hourRetentionMs: number;
  /** The clock rollups are filed by (ms since the epoch). */
  now: () => number;
}

/** A definition read from the registry, with the fingerprint it was stored under. */
export type RegisteredDefinition = MetricDefinition & { fingerprint: string };

/**
 * The Redis side of a metrics registry: the registry hash, reads of values and rollups, deletes.
 * Writes of observations go through each metric's writer.
 */
export class MetricStore {
  readonly client: RedisClient;
  readonly settings: StoreSettings;

  constructor(client: RedisClient, settings: StoreSettings) {
    this.client = client;
    this.settings = settings;
  }

  /** The keys of a metric under this prefix. */
  keysOf(name: string): MetricKeys {
    return metricKeys(this.settings.prefix, name);
  }

  #keyList(name: string): string[] {
    const { base, series, values } = this.keysOf(name);
    return [base, series, values];
  }

  /** The current time on the clock observations use (for choosing rollups). */
  now(): number {
    return this.settings.now();
  }

  /**
   * Adds or updates a metric in the registry (help may change; type, labels and buckets may not).
   * @throws MetricConflictError (`E_METRIC_CONFLICT`) with the stored definition; RedisMcpError when Redis fails.
   */
  async register(definition: MetricDefinition): Promise<void> {
    const stored = await registerScript.run(
      this.client,
      [registryKey(this.settings.prefix)],
      [definition.name, storedDefinition(definition), fingerprintOf(definition)],
      `register metric "${definition.name}"`,
    );
    if (typeof stored === "string") {
      throw new MetricConflictError(
        `${definition.type} "${definition.name}": a metric of this name is already registered under prefix "${this.settings.prefix}" as ${stored}. Use another name, or delete the old one with metrics.deleteMetric("${definition.name}") once nothing writes it.`,
      );
    }
  }

  /**
   * Every metric registered under this prefix (by any instance), sorted by name. Entries that
   * cannot be read are skipped. The registry holds one field per metric name, so its size is the
   * number of metric definitions, not of series.
   * @throws RedisMcpError when Redis fails.
   */
  async registered(): Promise<RegisteredDefinition[]> {
    const reply = await withRedisErrors(`read metrics registry "${registryKey(this.settings.prefix)}"`, () =>
      this.client.hgetall(registryKey(this.settings.prefix)),
    );
    return hashEntries(reply)
      .map(([name, stored]) => parseStoredDefinition(name, stored))
      .filter((definition): definition is RegisteredDefinition => definition !== undefined)
      .sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  }

  /** One registered definition, or undefined. */
  async registeredDefinition(name: string): Promise<RegisteredDefinition | undefined> {
    const stored = await withRedisErrors(`read metrics registry "${registryKey(this.settings.prefix)}"`, () =>
      this.client.hget(registryKey(this.settings.prefix), name),
    );
    return typeof stored === "string" ? parseStoredDefinition(name, stored) : undefined;
  }

  /**
   * Current values of metrics: each metric's series and values hashes, one pipeline per cluster
   * node (all nodes in parallel). Each hash is bounded by the metric's series limit.
   * @throws RedisMcpError when Redis fails.
   */
  async snapshots(definitions: readonly MetricDefinition[]): Promise<MetricSnapshot[]> {
    const replies = await pipelineBySlot(
      this.client,
      "read metrics",
      definitions.map((definition) => {
        const keys = this.keysOf(definition.name);
        return {
          key: keys.series,
          queue: (pipeline) => {
            pipeline.hgetall(keys.series);
            pipeline.hgetall(keys.values);
          },
        };
      }),
    );
    return definitions.map((definition, index) => {
      const [series, values] = replies[index] as [unknown, unknown];
      return snapshotOf(definition, series, values);
    });
  }

  /**
   * Snapshots plus, per metric, the minute rollups starting at `bucketStartsFor(definition)` (for recent rates):
   * one pipeline per node.
   * @throws RedisMcpError when Redis fails.
   */
  async snapshotsWithRecent(
    definitions: readonly MetricDefinition[],
    bucketStartsFor: (definition: MetricDefinition) => readonly number[],
  ): Promise<{ snapshot: MetricSnapshot; recent: [string, string][][] }[]> {
    recentRollupsScript.prepare(this.client);
    const replies = await pipelineBySlot(
      this.client,
      "read metrics summary",
      definitions.map((definition) => {
        const keys = this.keysOf(definition.name);
        return {
          key: keys.series,
          queue: (pipeline) => {
            const bucketStarts = bucketStartsFor(definition);
            pipeline.hgetall(keys.series);
            pipeline.hgetall(keys.values);
            if (bucketStarts.length > 0) recentRollupsScript.queue(this.client, pipeline, this.#keyList(definition.name), ["m", ...bucketStarts]);
          },
        };
      }),
    );
    return definitions.map((definition, index) => {
      const [series, values, recent] = replies[index] as [unknown, unknown, unknown[] | undefined];
      return { snapshot: snapshotOf(definition, series, values), recent: (recent ?? []).map((bucket) => hashEntries(bucket)) };
    });
  }

  /**
   * One histogram series' bucket counts (not cumulative, +Inf last).
   * @throws RedisMcpError when Redis fails.
   */
  async readHistogramSeries(definition: MetricDefinition, seriesKey: string): Promise<number[]> {
    const suffixes = Array.from({ length: definition.buckets.length + 1 }, (_, index) => `:${index}`);
    const reply = (await seriesValuesScript.run(
      this.client,
      this.#keyList(definition.name),
      [seriesKey, ...suffixes],
      `histogram "${definition.name}" quantiles()`,
    )) as unknown[];
    return suffixes.map((_, index) => Number(reply[index] ?? 0));
  }

  /**
   * One series' rollups over a window.
   * @throws MetricInvalidError (`E_METRIC_INVALID`) for a bad window; RedisMcpError when Redis fails.
   */
  async range(definition: MetricDefinition, seriesKey: string, options: RangeOptions): Promise<RangeResult> {
    const operation = `${definition.type} "${definition.name}" range()`;
    const window = resolveWindow(options, this.now(), this.settings.minuteRetentionMs, operation);
    const reply = (await rangeScript.run(
      this.client,
      this.#keyList(definition.name),
      [seriesKey, window.from, window.to, window.periodMs, window.resolution === "minute" ? "m" : "h", ...rollupFields(definition)],
      operation,
    )) as unknown[];
    return pointsOf(definition, reply, window);
  }

  /**
   * Deletes one series' current values. Resolves true when it existed.
   * @throws RedisMcpError when Redis fails.
   */
  async removeSeries(definition: MetricDefinition, seriesKey: string): Promise<boolean> {
    const suffixes =
      definition.type === "histogram" ? [":sum", ":count", ...Array.from({ length: definition.buckets.length + 1 }, (_, index) => `:${index}`)] : [""];
    const removed = await removeSeriesScript.run(
      this.client,
      this.#keyList(definition.name),
      [seriesKey, ...suffixes],
      `${definition.type} "${definition.name}" remove()`,
    );
    return Number(removed) === 1;
  }

  /**
   * Deletes a metric's series, values, rollups and definition; with `forget`, also its registry entry.
   * @throws RedisMcpError when Redis fails.
   */
  async reset(definition: Pick<MetricDefinition, "name">, forget: boolean): Promise<void> {
    const { minuteRetentionMs, hourRetentionMs } = this.settings;
    const now = Math.floor(this.settings.now());
    await Promise.all([
      resetScript.run(
        this.client,
        this.#keyList(definition.name),
        [now, minuteRetentionMs, hourRetentionMs, forget ? "1" : "0"],
        `reset metric "${definition.name}"`,
      ),
      forget
        ? withRedisErrors(`delete metric "${definition.name}" from the registry`, () => this.client.hdel(registryKey(this.settings.prefix), definition.name))
        : undefined,
    ]);
  }
}
