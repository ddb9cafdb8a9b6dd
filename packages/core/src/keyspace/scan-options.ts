import { InvalidArgumentError } from "../errors/errors.js";

/** Filters and batch size for walking the keyspace with SCAN. */
export interface ScanOptions {
  /** Glob pattern for key names without the client's keyPrefix (default `*`), as SCAN MATCH. */
  match?: string;
  /** Only keys of this type: `string`, `list`, `set`, `zset`, `hash`, `stream`, or a 9-character module type. */
  type?: string;
  /** Keys Redis examines per SCAN call (COUNT, default 100): bigger means fewer round trips, longer calls. */
  count?: number;
  /** Stops the walk between SCAN calls with E_CANCELLED when aborted. */
  signal?: AbortSignal;
}

/** {@link ScanOptions} after validation, with defaults filled in. */
export interface ValidScanOptions {
  match: string;
  type: string | undefined;
  count: number;
}

const CORE_TYPES = ["string", "list", "set", "zset", "hash", "stream"];
// Module data types are registered with names of exactly 9 characters ("ReJSON-RL", "MBbloom--").
const MODULE_TYPE = /^[A-Za-z0-9_-]{9}$/;

/** Throws unless `value` is a positive integer. */
export function assertPositiveInteger(operation: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError(`${operation}: ${name} must be a positive integer, got ${JSON.stringify(value)}.`);
  }
}

/**
 * Validates SCAN filters before anything is sent.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a non-string pattern, an unknown type or a bad count.
 */
export function validateScanOptions(operation: string, options: ScanOptions, defaultCount = 100): ValidScanOptions {
  const { match = "*", type, count = defaultCount } = options;
  if (typeof match !== "string") throw new InvalidArgumentError(`${operation}: match must be a glob pattern string such as "user:*", got ${typeof match}.`);
  if (type !== undefined && (typeof type !== "string" || !(CORE_TYPES.includes(type) || MODULE_TYPE.test(type)))) {
    throw new InvalidArgumentError(`${operation}: type must be one of ${CORE_TYPES.join(", ")} (or a module type name), got ${JSON.stringify(type)}.`);
  }
  assertPositiveInteger(operation, "count", count);
  return { match, type, count };
}
