import { InvalidArgumentError } from "@redis-mcp/core";

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/**
 * Checks a metric name against the Prometheus data model (`[a-zA-Z_:][a-zA-Z0-9_:]*`), so every
 * stored metric can be exported as-is.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) with the rule when the name is not valid.
 */
export function assertMetricName(name: string): void {
  if (!METRIC_NAME.test(name)) {
    throw new InvalidArgumentError(
      `Metric name ${JSON.stringify(name)} is not valid: use letters, digits, "_" and ":", not starting with a digit (e.g. "http_requests_total").`,
    );
  }
}

/**
 * The Redis key for one part of a metric: `metrics:{<name>}:<part>`. The name is the hash tag, so
 * all series and metadata of one metric share a cluster slot and update in one round trip.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for an invalid metric name.
 * @example metricKey("http_requests_total", "meta") // "metrics:{http_requests_total}:meta"
 */
export function metricKey(name: string, part: string): string {
  assertMetricName(name);
  return `metrics:{${name}}:${part}`;
}
