export type { CounterChild } from "./counter.js";
export { Counter } from "./counter.js";
export type {
  CounterConfiguration,
  ExpositionOptions,
  GaugeConfiguration,
  HistogramConfiguration,
  LimitBehaviour,
  Metric,
  MetricConfiguration,
  MetricDescription,
  MetricsOptions,
} from "./create-metrics.js";
export { createMetrics, Metrics } from "./create-metrics.js";
export type { CounterSummary, GaugeSummary, HistogramSummary, MetricsSummary } from "./dashboard.js";
export type { MetricType } from "./definition.js";
export { DEFAULT_BUCKETS } from "./definition.js";
export { MetricCardinalityError, MetricConflictError, MetricInvalidError, MetricLabelsError, MetricNotFoundError } from "./errors.js";
export type { ExpositionFormat } from "./exposition.js";
export { OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE } from "./exposition.js";
export type { GaugeChild } from "./gauge.js";
export { Gauge } from "./gauge.js";
export type { HistogramChild } from "./histogram.js";
export { Histogram } from "./histogram.js";
export type { LabelValues } from "./labels.js";
export { OVERFLOW_LABEL_VALUE } from "./labels.js";
export type { MetricSample, MetricValues } from "./metric-base.js";
export type { MetricsRequestHandler } from "./metrics-handler.js";
export { quantileFromBuckets } from "./quantiles.js";
export type { CounterPoint, CounterRange, GaugePoint, GaugeRange, HistogramPoint, HistogramRange, RangeOptions, RangeResult, Resolution } from "./range.js";
