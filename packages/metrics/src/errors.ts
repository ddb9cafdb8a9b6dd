import { RedisMcpError, type RedisMcpErrorOptions } from "@redis-mcp/core";

declare module "@redis-mcp/core" {
  /** The codes of this package's errors, registered with core's union of codes. */
  interface RedisMcpErrorCodes {
    E_METRIC_INVALID: true;
    E_METRIC_LABELS: true;
    E_METRIC_CONFLICT: true;
    E_METRIC_CARDINALITY: true;
    E_METRIC_NOT_FOUND: true;
  }
}

/**
 * A metric definition or an observation was rejected before anything was written: a name or label
 * name Prometheus would not accept, bad buckets, NaN or an infinite value, a negative counter
 * increment, a bad option. Nothing changed.
 */
export class MetricInvalidError extends RedisMcpError {
  static readonly code = "E_METRIC_INVALID";
  override name = "MetricInvalidError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(MetricInvalidError.code, message, options);
  }
}

/** An observation named a label the metric does not declare, left one out, or gave a value that is not a string or number. Nothing changed. */
export class MetricLabelsError extends RedisMcpError {
  static readonly code = "E_METRIC_LABELS";
  override name = "MetricLabelsError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(MetricLabelsError.code, message, options);
  }
}

/**
 * A metric of this name already exists in Redis with another type, other label names or other
 * buckets (another instance or an older deploy defined it). Nothing changed.
 */
export class MetricConflictError extends RedisMcpError {
  static readonly code = "E_METRIC_CONFLICT";
  override name = "MetricConflictError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(MetricConflictError.code, message, options);
  }
}

/** A new label combination would take a metric past its series limit (`maxSeries`). Nothing changed. */
export class MetricCardinalityError extends RedisMcpError {
  static readonly code = "E_METRIC_CARDINALITY";
  override name = "MetricCardinalityError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(MetricCardinalityError.code, message, options);
  }
}

/** A query named a metric that is neither defined here nor registered in Redis under this prefix. */
export class MetricNotFoundError extends RedisMcpError {
  static readonly code = "E_METRIC_NOT_FOUND";
  override name = "MetricNotFoundError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(MetricNotFoundError.code, message, options);
  }
}
