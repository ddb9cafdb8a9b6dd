import { MetricLabelsError } from "./errors.js";

/** Label values of one observation, by label name; numbers are turned into strings (as prom-client does). */
export type LabelValues<Label extends string = string> = Record<Label, string | number>;

/** The label value every label of the overflow series carries once a metric reaches its series limit. */
export const OVERFLOW_LABEL_VALUE = "__overflow__";

/** `context method` for messages; built only when an error is thrown (observations are hot). */
function operationOf(context: string, method: string): string {
  return method ? `${context} ${method}` : context;
}

/**
 * The series key of a label set: its values as a JSON array in `labelNames` order. Every instance
 * computes the same key for the same labels, whatever order the caller wrote them in.
 * @param context What is observed (`counter "x"`), and `method` the call (`inc()`), for messages.
 * @throws MetricLabelsError (`E_METRIC_LABELS`) for an unknown or missing label, or a value that is
 *   neither a string nor a finite number.
 */
export function seriesKeyOf(labelNames: readonly string[], labels: unknown, context: string, method = ""): string {
  if (labelNames.length === 0) {
    if (labels === undefined || (typeof labels === "object" && labels !== null && Object.keys(labels).length === 0)) return "[]";
    throw new MetricLabelsError(
      `${operationOf(context, method)}: this metric has no labels; got ${describeLabels(labels)}. Declare labelNames when defining it.`,
    );
  }
  if (typeof labels !== "object" || labels === null || Array.isArray(labels)) {
    throw new MetricLabelsError(
      `${operationOf(context, method)}: pass the labels as an object with ${labelNames.map((name) => `"${name}"`).join(", ")}; got ${describeLabels(labels)}.`,
    );
  }
  const given = labels as Record<string, unknown>;
  const values: string[] = [];
  for (const name of labelNames) {
    const value = given[name];
    if (typeof value === "string") values.push(value);
    else if (typeof value === "number" && Number.isFinite(value)) values.push(String(value));
    else if (value === undefined)
      throw new MetricLabelsError(
        `${operationOf(context, method)}: label "${name}" is missing; every label in labelNames (${labelNames.join(", ")}) needs a value.`,
      );
    else throw new MetricLabelsError(`${operationOf(context, method)}: label "${name}" must be a string or a finite number; got ${describeLabels(value)}.`);
  }
  // Counting without Object.keys: no array per observation.
  let givenCount = 0;
  for (const _ in given) givenCount++;
  if (givenCount !== labelNames.length) {
    const unknown = Object.keys(given).filter((name) => !labelNames.includes(name));
    throw new MetricLabelsError(
      `${operationOf(context, method)}: unknown label ${unknown.map((name) => `"${name}"`).join(", ")}; this metric's labels are ${labelNames.join(", ")}.`,
    );
  }
  return JSON.stringify(values);
}

/**
 * The series key of positional label values (`labels("GET", 200)`), in `labelNames` order.
 * @throws MetricLabelsError (`E_METRIC_LABELS`) for the wrong number of values or a bad value.
 */
export function seriesKeyOfValues(labelNames: readonly string[], values: readonly unknown[], context: string, method = ""): string {
  if (values.length !== labelNames.length) {
    throw new MetricLabelsError(
      `${operationOf(context, method)}: expected ${labelNames.length} label value(s) (${labelNames.join(", ")}), got ${values.length}.`,
    );
  }
  return seriesKeyOf(labelNames, Object.fromEntries(labelNames.map((name, index) => [name, values[index]])), context, method);
}

/** The overflow series' key: every label set to `__overflow__`. */
export function overflowSeriesKey(labelNames: readonly string[]): string {
  return JSON.stringify(labelNames.map(() => OVERFLOW_LABEL_VALUE));
}

/** Labels back from a series key; undefined when the key does not fit the label names. */
export function labelsOfKey(labelNames: readonly string[], key: string): Record<string, string> | undefined {
  let values: unknown;
  try {
    values = JSON.parse(key);
  } catch {
    return undefined;
  }
  if (!Array.isArray(values) || values.length !== labelNames.length || !values.every((value) => typeof value === "string")) return undefined;
  return Object.fromEntries(labelNames.map((name, index) => [name, values[index] as string]));
}

function describeLabels(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
