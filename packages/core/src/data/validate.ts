import { InvalidArgumentError } from "../errors/errors.js";

/** A value Redis stores byte for byte: text, binary data, or a number sent as its decimal text. */
export type RedisValue = string | Buffer | number;

/** Shows a rejected value in a message without dumping large or binary data. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}...` : JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value === null) return "null";
  if (Buffer.isBuffer(value)) return `a Buffer of ${value.length} bytes`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value;
}

/** Builds the error every check throws: `<operation>: <problem>, got <value>.` */
export function invalidArgument(operation: string, problem: string, value: unknown): InvalidArgumentError {
  return new InvalidArgumentError(`${operation}: ${problem}, got ${describeValue(value)}.`);
}

/**
 * Throws unless `key` is a non-empty string.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`)
 */
export function assertKey(operation: string, key: unknown, name = "key"): asserts key is string {
  if (typeof key !== "string" || key === "") throw invalidArgument(operation, `${name} must be a non-empty string such as "user:1"`, key);
}

/** Throws unless every key is a non-empty string and there is at least one. */
export function assertKeys(operation: string, keys: unknown, name = "keys"): asserts keys is readonly string[] {
  if (!Array.isArray(keys) || keys.length === 0) throw invalidArgument(operation, `${name} must be a non-empty array of key names`, keys);
  for (const key of keys) assertKey(operation, key, `every entry of ${name}`);
}

/** Throws unless `value` is a string, Buffer or finite number (ioredis would silently send "" for null/undefined). */
export function assertValue(operation: string, value: unknown, name = "value"): asserts value is RedisValue {
  if (typeof value === "string" || Buffer.isBuffer(value) || (typeof value === "number" && Number.isFinite(value))) return;
  throw invalidArgument(operation, `${name} must be a string, a Buffer or a finite number (serialize objects first, e.g. JSON.stringify)`, value);
}

/** Throws unless `values` is a non-empty array of storable values. */
export function assertValues(operation: string, values: unknown, name = "values"): asserts values is readonly RedisValue[] {
  if (!Array.isArray(values) || values.length === 0) throw invalidArgument(operation, `${name} must be a non-empty array`, values);
  for (const value of values) assertValue(operation, value, `every entry of ${name}`);
}

/** Throws unless `value` is a safe integer (any sign): an index, an offset, an integer increment. */
export function assertInteger(operation: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) throw invalidArgument(operation, `${name} must be an integer`, value);
}

/** Throws unless `value` is an integer of at least 1. */
export function assertPositiveInteger(operation: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) throw invalidArgument(operation, `${name} must be a positive integer`, value);
}

/** Throws unless `value` is an integer of at least 0. */
export function assertNonNegativeInteger(operation: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw invalidArgument(operation, `${name} must be an integer of 0 or more`, value);
  }
}

/** Throws unless `value` is a finite number (not NaN, not ±Infinity). */
export function assertFinite(operation: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw invalidArgument(operation, `${name} must be a finite number`, value);
}

/** Throws unless `value` is a sorted-set score: any number but NaN (±Infinity are valid scores). */
export function assertScore(operation: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || Number.isNaN(value)) throw invalidArgument(operation, `${name} must be a number (±Infinity allowed, NaN not)`, value);
}

/** Throws unless `value` is one of `allowed`. */
export function assertOneOf<T extends string>(operation: string, name: string, value: unknown, allowed: readonly T[]): asserts value is T {
  if (!allowed.includes(value as T)) {
    throw invalidArgument(operation, `${name} must be one of ${allowed.map((item) => JSON.stringify(item)).join(", ")}`, value);
  }
}

/** Throws unless `value` is a positive number of milliseconds (a duration Redis takes as an integer). */
export function assertMilliseconds(operation: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw invalidArgument(operation, `${name} must be a positive integer number of milliseconds`, value);
  }
}

/** Throws unless a SCAN-family cursor is the decimal text Redis returned ("0" to start). */
export function assertCursor(operation: string, cursor: unknown): asserts cursor is string {
  if (typeof cursor !== "string" || !/^\d+$/.test(cursor)) {
    throw invalidArgument(operation, `cursor must be "0" to start or the cursor string the previous page returned`, cursor);
  }
}

/** Throws when options that exclude each other are both set. */
export function assertExclusive(operation: string, options: object, first: string, second: string): void {
  const record = options as Record<string, unknown>;
  if (record[first] !== undefined && record[second] !== undefined && record[first] !== false && record[second] !== false) {
    throw new InvalidArgumentError(`${operation}: ${first} and ${second} cannot be combined; pass only one of them.`);
  }
}
