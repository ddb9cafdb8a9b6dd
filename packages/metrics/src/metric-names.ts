import { MetricInvalidError } from "./errors.js";

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Checks a metric name against the Prometheus data model (`[a-zA-Z_:][a-zA-Z0-9_:]*`), so every
 * stored metric can be exported as it is.
 * @throws MetricInvalidError (`E_METRIC_INVALID`) with the rule when the name is not valid.
 */
export function assertMetricName(name: unknown, operation: string): asserts name is string {
  if (typeof name !== "string" || !METRIC_NAME.test(name)) {
    throw new MetricInvalidError(
      `${operation}: metric name ${JSON.stringify(name)} is not valid: use letters, digits, "_" and ":", not starting with a digit (e.g. "http_requests_total").`,
    );
  }
}

/**
 * Checks label names: Prometheus syntax (`[a-zA-Z_][a-zA-Z0-9_]*`), no `__` prefix (reserved),
 * no duplicates, and not a name the exposition itself uses for this type (`le`, `quantile`).
 * @throws MetricInvalidError (`E_METRIC_INVALID`) naming the bad label.
 */
export function assertLabelNames(labelNames: unknown, reserved: readonly string[], operation: string): asserts labelNames is readonly string[] {
  if (!Array.isArray(labelNames)) {
    throw new MetricInvalidError(`${operation}: labelNames must be an array of label names, e.g. ["method", "status"]; got ${JSON.stringify(labelNames)}.`);
  }
  const seen = new Set<string>();
  for (const label of labelNames as unknown[]) {
    if (typeof label !== "string" || !LABEL_NAME.test(label)) {
      throw new MetricInvalidError(
        `${operation}: label name ${JSON.stringify(label)} is not valid: use letters, digits and "_", not starting with a digit (e.g. "status_code").`,
      );
    }
    if (label.startsWith("__")) throw new MetricInvalidError(`${operation}: label name "${label}" starts with "__", which Prometheus reserves; rename it.`);
    if (reserved.includes(label)) throw new MetricInvalidError(`${operation}: label name "${label}" is used by the exposition of this metric type; rename it.`);
    if (seen.has(label)) throw new MetricInvalidError(`${operation}: label name "${label}" is listed twice in labelNames.`);
    seen.add(label);
  }
}

/**
 * Checks a value to record: a finite number (NaN and ±Infinity are rejected, as Redis could not
 * add them up). `context` and `method` name the call in the message (built only on failure).
 * @throws MetricInvalidError (`E_METRIC_INVALID`) naming the value.
 */
export function assertFiniteValue(value: unknown, context: string, method: string): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new MetricInvalidError(
      `${context} ${method}: the value must be a finite number; got ${typeof value === "number" ? String(value) : JSON.stringify(value)}.`,
    );
  }
}
