import type { FindingSeverity, HealthFinding, NamespaceSummary, NodeHealth, OtherNamespaces } from "@redis-mcp/core/diagnostics";

/** A counter's panel: totals now, and its increase per stored minute. */
export interface CounterPanel {
  name: string;
  help: string;
  /** Sum over every series. */
  total: number;
  series: number;
  /** Increase per second over the last 5 complete minutes. */
  ratePerSecond: number;
  /** `[minute start, increase, per second]`, oldest first; the last is the minute in progress (its rate over the seconds so far). */
  minutes: [number, number, number][];
}

/** A gauge's panel: the sum of its series now, and per stored minute. */
export interface GaugePanel {
  name: string;
  help: string;
  value: number;
  min: number | null;
  max: number | null;
  series: number;
  /** `[minute start, sum of the last value each series was set to in that minute]`, oldest first. */
  minutes: [number, number][];
}

/** A histogram's panel: totals and quantiles of every observation, and quantiles per stored minute. */
export interface HistogramPanel {
  name: string;
  help: string;
  count: number;
  sum: number;
  average: number | null;
  series: number;
  /** p50, p90, p99 of every observation so far (null without observations). */
  quantiles: { p50: number | null; p90: number | null; p99: number | null };
  /** `[minute start, observations, p50, p90, p99]` for minutes with observations, oldest first. */
  minutes: [number, number, number | null, number | null, number | null][];
}

/** Vitals of one node over the page's lifetime: `[time, used memory, ops/s, hit rate]`. */
export interface NodeSeries {
  node: string;
  points: [number, number | null, number | null, number | null][];
}

/** What the page shows, sent whole on every refresh (the same text to every open page). */
export interface DashboardState {
  /** Counts refreshes since the handler was created. */
  sequence: number;
  /** When it was read (ms since the epoch). */
  generatedAt: number;
  refreshIntervalMs: number;
  /** Minutes the metric charts span. */
  historyMinutes: number;
  title: string;
  /** The metrics key prefix shown. */
  prefix: string;
  /** Why the last refresh failed (code and message, never a secret); the rest is the last good read. */
  error: { code: string; message: string } | null;
  counters: CounterPanel[];
  gauges: GaugePanel[];
  histograms: HistogramPanel[];
  nodes: NodeHealth[];
  nodeSeries: NodeSeries[];
  findings: HealthFinding[];
  findingSummary: Record<FindingSeverity, number>;
  /** The latest keyspace sample; null before the first one (or when sampling is off). */
  keyspace: { generatedAt: number; totalKeys: number; sampledKeys: number; namespaces: NamespaceSummary[]; other: OtherNamespaces | null } | null;
}
