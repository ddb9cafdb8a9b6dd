import { type RedisClient, type RedisMcpError, toRedisMcpError } from "@redis-mcp/core";
import { healthReport, type ServerHealthReport, sampleKeyspace } from "@redis-mcp/core/diagnostics";
import { summarize } from "../dashboard.js";
import type { MetricDefinition } from "../definition.js";
import { MINUTE_MS } from "../metric-keys.js";
import { MetricStore } from "../metric-store.js";
import type { CounterPanel, DashboardState, GaugePanel, HistogramPanel, NodeSeries } from "./dashboard-state.js";
import { counterIncrease, counterRate, finiteOrNull, gaugeValue, histogramMinute, lastMinutes, type RollupFields } from "./minute-points.js";

/** How the reader reads; every field validated by the handler's options. */
export interface ReaderSettings {
  prefix: string;
  title: string;
  refreshIntervalMs: number;
  historyMinutes: number;
  nodeHistoryPoints: number;
  keyspaceIntervalMs: number;
  keyspaceSamples: number;
  now: () => number;
  onError: (error: RedisMcpError) => void;
}

/** Minutes a counter's rate covers, as `metrics.summary()`. */
const RATE_MINUTES = 5;

/**
 * Reads what the page shows: metric values with their minute rollups (one pipeline per node),
 * the health report (one pipeline per node), and now and then a keyspace sample. Keeps the minute
 * history and the nodes' vitals in memory, so each refresh only reads the last two minutes' rollups
 * (and a metric's whole history the first time it is seen). Reads only: no command here writes.
 */
export class DashboardReader {
  readonly #client: RedisClient;
  readonly #settings: ReaderSettings;
  readonly #store: MetricStore;
  /** Metric name → minute start → rollup fields. */
  readonly #minutes = new Map<string, Map<number, RollupFields>>();
  readonly #nodeSeries = new Map<string, NodeSeries["points"]>();
  #state: DashboardState;
  #keyspaceDueAt = 0;
  #keyspaceRunning = false;

  constructor(client: RedisClient, settings: ReaderSettings) {
    this.#client = client;
    this.#settings = settings;
    this.#store = new MetricStore(client, { prefix: settings.prefix, minuteRetentionMs: 0, hourRetentionMs: 0, now: settings.now });
    this.#state = {
      sequence: 0,
      generatedAt: settings.now(),
      refreshIntervalMs: settings.refreshIntervalMs,
      historyMinutes: settings.historyMinutes,
      title: settings.title,
      prefix: settings.prefix,
      error: null,
      counters: [],
      gauges: [],
      histograms: [],
      nodes: [],
      nodeSeries: [],
      findings: [],
      findingSummary: { critical: 0, warning: 0, info: 0 },
      keyspace: null,
    };
  }

  /** The last state read. */
  get state(): DashboardState {
    return this.#state;
  }

  /**
   * One refresh: metrics and health in parallel. A part that fails keeps its last good values and
   * sets `error`; the refresh itself never rejects.
   */
  async refresh(): Promise<DashboardState> {
    const now = this.#settings.now();
    this.#sampleKeyspaceWhenDue(now);
    const [metrics, health] = await Promise.allSettled([this.#readMetrics(now), healthReport(this.#client)]);
    let error: RedisMcpError | null = null;
    const next: DashboardState = { ...this.#state, sequence: this.#state.sequence + 1, generatedAt: now };
    if (metrics.status === "fulfilled") Object.assign(next, metrics.value);
    else error = toRedisMcpError(metrics.reason, "dashboard: read metrics");
    if (health.status === "fulfilled") Object.assign(next, this.#healthPart(health.value, now));
    else error = toRedisMcpError(health.reason, "dashboard: health report");
    next.error = error ? { code: error.code, message: error.message } : null;
    if (error) this.#settings.onError(error);
    next.keyspace = this.#state.keyspace;
    this.#state = next;
    return next;
  }

  async #readMetrics(now: number): Promise<Pick<DashboardState, "counters" | "gauges" | "histograms">> {
    const definitions = await this.#store.registered();
    const historyStarts = lastMinutes(now, this.#settings.historyMinutes);
    const recentStarts = historyStarts.slice(-2);
    const entries = await this.#store.snapshotsWithRecent(definitions, (definition) => (this.#minutes.has(definition.name) ? recentStarts : historyStarts));
    const oldest = historyStarts[0] as number;
    const names = new Set<string>();
    for (const { snapshot, recent } of entries) {
      const { name } = snapshot.definition;
      names.add(name);
      const known = this.#minutes.has(name);
      const minutes = this.#minutes.get(name) ?? new Map<number, RollupFields>();
      (known ? recentStarts : historyStarts).forEach((start, bucket) => {
        const fields = recent[bucket] ?? [];
        if (fields.length > 0) minutes.set(start, fields);
        else minutes.delete(start);
      });
      for (const start of minutes.keys()) if (start < oldest) minutes.delete(start);
      this.#minutes.set(name, minutes);
    }
    // Metrics deleted since (deleteMetric) leave the page.
    for (const name of this.#minutes.keys()) if (!names.has(name)) this.#minutes.delete(name);

    const summary = summarize(
      entries.map(({ snapshot }) => ({ snapshot, recent: [] })),
      now,
      false,
    );
    const counters: CounterPanel[] = [];
    const gauges: GaugePanel[] = [];
    const histograms: HistogramPanel[] = [];
    for (const definition of definitions) {
      const minutes = [...(this.#minutes.get(definition.name) ?? new Map<number, RollupFields>())].sort(([left], [right]) => left - right);
      if (definition.type === "counter") counters.push(this.#counterPanel(definition, summary.counters[definition.name], minutes, now));
      else if (definition.type === "gauge") {
        const current = summary.gauges[definition.name];
        gauges.push({
          name: definition.name,
          help: definition.help,
          value: current?.value ?? 0,
          min: finiteOrNull(current?.min ?? Number.NaN),
          max: finiteOrNull(current?.max ?? Number.NaN),
          series: current?.series ?? 0,
          minutes: minutes.flatMap(([start, fields]) => {
            const value = gaugeValue(fields);
            return value === null ? [] : [[start, value] as [number, number]];
          }),
        });
      } else {
        const current = summary.histograms[definition.name];
        histograms.push({
          name: definition.name,
          help: definition.help,
          count: current?.count ?? 0,
          sum: current?.sum ?? 0,
          average: finiteOrNull(current?.average ?? Number.NaN),
          series: current?.series ?? 0,
          quantiles: {
            p50: finiteOrNull(current?.quantiles[0.5] ?? Number.NaN),
            p90: finiteOrNull(current?.quantiles[0.9] ?? Number.NaN),
            p99: finiteOrNull(current?.quantiles[0.99] ?? Number.NaN),
          },
          minutes: minutes.flatMap(([start, fields]) => {
            const point = histogramMinute(definition, fields);
            return point === null ? [] : [[start, ...point] as HistogramPanel["minutes"][number]];
          }),
        });
      }
    }
    return { counters, gauges, histograms };
  }

  #counterPanel(
    definition: MetricDefinition,
    current: { total: number; series: number } | undefined,
    minutes: [number, RollupFields][],
    now: number,
  ): CounterPanel {
    const byStart = new Map(minutes.map(([start, fields]) => [start, counterIncrease(fields)]));
    // Every minute of the window gets a point (0 when nothing was added), as range() gives counters.
    const points = lastMinutes(now, this.#settings.historyMinutes).map((start): [number, number, number] => {
      const increase = byStart.get(start) ?? 0;
      return [start, increase, counterRate(start, increase, now)];
    });
    const complete = points.slice(-1 - RATE_MINUTES, -1);
    const recentIncrease = complete.reduce((sum, [, increase]) => sum + increase, 0);
    return {
      name: definition.name,
      help: definition.help,
      total: current?.total ?? 0,
      series: current?.series ?? 0,
      ratePerSecond: recentIncrease / ((RATE_MINUTES * MINUTE_MS) / 1000),
      minutes: points,
    };
  }

  #healthPart(report: ServerHealthReport, now: number): Pick<DashboardState, "nodes" | "nodeSeries" | "findings" | "findingSummary"> {
    const seen = new Set<string>();
    for (const node of report.nodes) {
      seen.add(node.node);
      const points = this.#nodeSeries.get(node.node) ?? [];
      points.push([now, node.usedMemory, node.opsPerSecond, node.hitRate]);
      if (points.length > this.#settings.nodeHistoryPoints) points.splice(0, points.length - this.#settings.nodeHistoryPoints);
      this.#nodeSeries.set(node.node, points);
    }
    // A node gone from the topology (failover, resharding) leaves the charts.
    for (const node of this.#nodeSeries.keys()) if (!seen.has(node)) this.#nodeSeries.delete(node);
    return {
      nodes: report.nodes,
      nodeSeries: [...this.#nodeSeries].map(([node, points]) => ({ node, points: [...points] })),
      findings: report.findings,
      findingSummary: report.summary,
    };
  }

  /** Starts a keyspace sample when one is due; it lands in a later refresh. Sampling is slower than a refresh, so it runs beside them. */
  #sampleKeyspaceWhenDue(now: number): void {
    if (this.#settings.keyspaceIntervalMs === 0 || this.#keyspaceRunning || now < this.#keyspaceDueAt) return;
    this.#keyspaceRunning = true;
    // Key names can hold personal data: the page shows patterns, never example keys.
    sampleKeyspace(this.#client, { samples: this.#settings.keyspaceSamples, maxNamespaces: 20, exampleKeys: 0 })
      .then((sample) => {
        this.#state = {
          ...this.#state,
          keyspace: {
            generatedAt: this.#settings.now(),
            totalKeys: sample.totals.totalKeys,
            sampledKeys: sample.totals.sampledKeys,
            namespaces: sample.namespaces,
            other: sample.other,
          },
        };
      })
      .catch((caught: unknown) => this.#settings.onError(toRedisMcpError(caught, "dashboard: keyspace sample")))
      .finally(() => {
        this.#keyspaceRunning = false;
        this.#keyspaceDueAt = this.#settings.now() + this.#settings.keyspaceIntervalMs;
      });
  }
}
