import type { RedisClient, RedisMcpError } from "@redis-mcp/core";
import { toRedisMcpError } from "@redis-mcp/core";
import type { MetricDefinition } from "./definition.js";
import { MetricCardinalityError, MetricConflictError } from "./errors.js";
import { LocalAggregate } from "./local-aggregate.js";
import { HOUR_MS, type MetricKeys, MINUTE_MS } from "./metric-keys.js";
import { observeScript } from "./scripts.js";

/** One observation as the observe script takes it: series key, op, a, b. */
export type Entry = [seriesKey: string, op: string, a: string, b: string];

/** What a writer needs from the registry that owns it. */
export interface WriterSettings {
  client: RedisClient;
  keys: MetricKeys;
  definition: MetricDefinition;
  fingerprint: string;
  minuteRetentionMs: number;
  hourRetentionMs: number;
  maxSeries: number;
  /** Key of the overflow series, or "" to refuse new series past the limit. */
  overflowKey: string;
  /** The clock rollups are filed by (ms since the epoch). */
  now: () => number;
  /** Local aggregation interval for additive metrics; 0 writes every observation through. */
  flushIntervalMs: number;
  /** Makes sure the metric is in the prefix registry; undefined once it is (no promise on the hot path). */
  register(): Promise<void> | undefined;
  /** Failures of writes (also of writes nobody awaits: timers, flushes). */
  report(error: RedisMcpError): void;
}

interface Waiting {
  entry: Entry;
  resolve(): void;
  reject(error: unknown): void;
}

/** What {@link MetricWriter.refusedIn} returns when every entry was recorded (no array per call). */
const NONE_REFUSED: readonly Entry[] = Object.freeze([]);

/** Most observations per script call: keeps any one call short, so Redis serves others between calls. */
export const MAX_ENTRIES_PER_CALL = 1_000;

/**
 * Sends one metric's observations. Observations made in the same tick go in one script call (a
 * burst of 500 `inc`s costs one round trip, not 500); each caller still learns its own outcome.
 * With local aggregation on, additive observations are summed in memory and sent by the owner's
 * flush instead.
 */
export class MetricWriter {
  readonly #settings: WriterSettings;
  #waiting: Waiting[] = [];
  #scheduled = false;
  /** Script calls sent and not yet answered, and who waits for that count to reach 0. */
  #callsInFlight = 0;
  #idleWaiters: (() => void)[] = [];
  #conflict: MetricConflictError | undefined;
  /** Local sums while aggregation is on; undefined when every observation is written through. */
  readonly aggregate: LocalAggregate | undefined;
  #writeThrough = false;

  /** `<type> "<name>"`, for messages. */
  readonly #context: string;
  /** Keys and leading arguments of the observe script for the current minute (they change once a minute). */
  #bucket: { minute: number; keys: string[]; head: string[] } | undefined;

  constructor(settings: WriterSettings) {
    this.#settings = settings;
    this.aggregate = settings.flushIntervalMs > 0 ? new LocalAggregate(settings.definition) : undefined;
    this.#context = `${settings.definition.type} "${settings.definition.name}"`;
  }

  /**
   * The observe script's keys and arguments for `entries`, filed under the current minute and hour
   * of the clock.
   */
  call(entries: readonly Entry[]): { keys: string[]; args: string[] } {
    const settings = this.#settings;
    const now = settings.now();
    const minute = now - (now % MINUTE_MS);
    let bucket = this.#bucket;
    if (bucket?.minute !== minute) {
      const hour = now - (now % HOUR_MS);
      const { base, series, values } = settings.keys;
      const minutes = settings.minuteRetentionMs > 0;
      const hours = settings.hourRetentionMs > 0;
      bucket = {
        minute,
        keys: [series, values, minutes ? `${base}:m:${minute}` : series, hours ? `${base}:h:${hour}` : series],
        head: [
          minutes ? String(minute + MINUTE_MS + settings.minuteRetentionMs) : "0",
          hours ? String(hour + HOUR_MS + settings.hourRetentionMs) : "0",
          settings.fingerprint,
          String(settings.maxSeries),
          settings.overflowKey,
        ],
      };
      this.#bucket = bucket;
    }
    const args = bucket.head.slice();
    for (const entry of entries) args.push(entry[0], entry[1], entry[2], entry[3]);
    return { keys: bucket.keys, args };
  }

  /** Runs the observe script for `entries`, registering the metric alongside when it is not yet. */
  #observe(entries: readonly Entry[], operation: string): Promise<unknown> {
    const settings = this.#settings;
    const registering = settings.register();
    const { keys, args } = this.call(entries);
    const observing = observeScript.run(settings.client, keys, args, operation);
    if (!registering) return observing;
    return Promise.all([registering, observing]).then(([, reply]) => reply);
  }

  /** From now on every observation is written through (after `close()`); sums already made wait for a flush. */
  stopAggregating(): void {
    this.#writeThrough = true;
  }

  get settings(): WriterSettings {
    return this.#settings;
  }

  /** Records an observation: aggregated locally (resolves at once) or sent with this tick's others. */
  submit(entry: Entry): Promise<void> {
    if (this.#conflict) return Promise.reject(this.#conflict);
    if (this.aggregate && !this.#writeThrough) {
      this.aggregate.add(entry);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      this.#waiting.push({ entry, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        // After the current microtasks: every observation made in this tick rides along.
        process.nextTick(() => this.#sendWaiting());
      }
    });
  }

  /**
   * Resolves once every observation made so far has reached Redis (locally aggregated ones are
   * flushed first) or failed; failures went to the owner's `report`, not here.
   */
  async settled(): Promise<void> {
    if (this.aggregate && this.aggregate.size > 0) await this.flushAggregate().catch(() => {});
    if (this.#waiting.length > 0) this.#sendWaiting();
    while (this.#callsInFlight > 0) await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
  }

  /**
   * Sends this writer's local sums in one script call.
   * @throws RedisMcpError when it fails (the sums are kept for the next flush).
   */
  async flushAggregate(): Promise<void> {
    const entries = this.aggregate?.drain() ?? [];
    if (entries.length === 0) return;
    const settings = this.#settings;
    try {
      const reply = await this.#observe(entries, `flush ${this.#context}`);
      const refused = this.settleFlush(entries, reply);
      if (refused) {
        settings.report(refused);
        throw refused;
      }
    } catch (caught) {
      if (caught instanceof MetricCardinalityError) throw caught;
      const error = toRedisMcpError(caught, `flush ${this.#context}`);
      if (error instanceof MetricConflictError) this.#conflict ??= error;
      else this.restore(entries);
      settings.report(error);
      throw error;
    }
  }

  /** Puts drained sums back after a failed flush, so the next flush sends them. */
  restore(entries: readonly Entry[]): void {
    for (const entry of entries) this.aggregate?.add(entry);
  }

  /**
   * Reads a flush's reply. Entries refused by the series limit are dropped (their callers are long
   * gone): the error to report for them is returned.
   * @throws MetricConflictError (`E_METRIC_CONFLICT`).
   */
  settleFlush(entries: readonly Entry[], reply: unknown): MetricCardinalityError | undefined {
    const refused = this.refusedIn(reply, entries);
    if (refused.length === 0) return undefined;
    return this.cardinalityError(new Set(refused.map((entry) => entry[0])).size, "locally summed series");
  }

  /**
   * Reads an observe reply: the entries refused by the series limit, or throws on a definition
   * conflict (and remembers it: later observations fail at once).
   * @throws MetricConflictError (`E_METRIC_CONFLICT`).
   */
  refusedIn(reply: unknown, entries: readonly Entry[]): readonly Entry[] {
    const statuses = reply as unknown[];
    if (Number(statuses[0]) === 0) throw this.conflict(`its stored definition (fingerprint ${String(statuses[1])}) differs`);
    let refused: Entry[] | undefined;
    for (let index = 0; index < entries.length; index++) {
      if (statuses[index + 1] === 1) continue;
      refused ??= [];
      refused.push(entries[index] as Entry);
    }
    return refused ?? NONE_REFUSED;
  }

  /** Remembers a conflict found elsewhere (registration): later observations fail at once. */
  markConflict(error: MetricConflictError): void {
    this.#conflict ??= error;
  }

  /** Marks the metric as conflicting with what Redis holds; returns the error later calls get. */
  conflict(detail: string): MetricConflictError {
    const { definition } = this.#settings;
    this.#conflict ??= new MetricConflictError(
      `${definition.type} "${definition.name}": a metric of this name already exists under this prefix with another type, labels or buckets (${detail}). Use another name, or delete the old one with metrics.deleteMetric("${definition.name}") once nothing writes it.`,
    );
    return this.#conflict;
  }

  /** The error for observations refused by the series limit. */
  cardinalityError(count: number, what = "observation(s)"): MetricCardinalityError {
    const { definition, maxSeries } = this.#settings;
    return new MetricCardinalityError(
      `${definition.type} "${definition.name}": ${count} ${what} would add a series past the limit of ${maxSeries} label combinations; nothing was recorded for them. Drop high-cardinality labels (ids, URLs with ids), raise maxSeries, or set onLimit: "overflow" to count them in an "__overflow__" series.`,
    );
  }

  #sendWaiting(): void {
    this.#scheduled = false;
    const waiting = this.#waiting;
    this.#waiting = [];
    for (let start = 0; start < waiting.length; start += MAX_ENTRIES_PER_CALL) {
      this.#sendCall(waiting.length <= MAX_ENTRIES_PER_CALL ? waiting : waiting.slice(start, start + MAX_ENTRIES_PER_CALL));
    }
  }

  // Plain callbacks, not an async function with a tracking promise: this runs once per observation
  // when observations come one at a time, and every promise it saves is client CPU per increment.
  #sendCall(calls: Waiting[]): void {
    const entries: Entry[] = new Array(calls.length);
    for (let index = 0; index < calls.length; index++) entries[index] = (calls[index] as Waiting).entry;
    this.#callsInFlight++;
    let observing: Promise<unknown>;
    try {
      observing = this.#observe(entries, this.#context);
    } catch (caught) {
      observing = Promise.reject(caught);
    }
    observing.then(
      (reply) => {
        try {
          this.#settleCalls(calls, this.refusedIn(reply, entries));
        } catch (caught) {
          this.#failCalls(calls, caught);
        } finally {
          this.#callDone();
        }
      },
      (caught: unknown) => {
        try {
          this.#failCalls(calls, caught);
        } finally {
          this.#callDone();
        }
      },
    );
  }

  #settleCalls(calls: readonly Waiting[], refused: readonly Entry[]): void {
    if (refused.length === 0) {
      for (const call of calls) call.resolve();
      return;
    }
    const limitError = this.cardinalityError(refused.length);
    const refusedSet = new Set(refused);
    for (const call of calls) {
      if (refusedSet.has(call.entry)) call.reject(limitError);
      else call.resolve();
    }
    this.#settings.report(limitError);
  }

  #failCalls(calls: readonly Waiting[], caught: unknown): void {
    const error = toRedisMcpError(caught, this.#context);
    if (error instanceof MetricConflictError) this.#conflict ??= error;
    for (const call of calls) call.reject(error);
    this.#settings.report(error);
  }

  #callDone(): void {
    if (--this.#callsInFlight > 0 || this.#idleWaiters.length === 0) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const wake of waiters) wake();
  }
}
