import type { RedisClient } from "../client/redis-client.js";
import { toRedisMcpError } from "../errors/map-redis-error.js";
import { defineScript } from "../scripts/redis-script.js";
import { sendCommand } from "./command.js";
import { toNumber } from "./replies.js";
import { assertExclusive, assertFinite, assertInteger, assertKey, assertMilliseconds, assertOneOf, assertValue, type RedisValue } from "./validate.js";

/** Options for {@link setString}. */
export interface SetStringOptions {
  /** Expire the key after this many milliseconds (SET PX). Without it (and without `keepTtl`) any TTL is cleared. */
  ttlMs?: number;
  /** `"NX"`: write only when the key is missing; `"XX"`: only when it exists. */
  condition?: "NX" | "XX";
  /** Keep the key's current TTL (SET KEEPTTL); cannot be combined with `ttlMs`. */
  keepTtl?: boolean;
  /** Resolve with the previous value (SET ... GET, Redis ≥ 7.0 with a condition) instead of whether it was written. */
  returnPrevious?: boolean;
}

/** Options for {@link incrementString}. */
export interface IncrementOptions {
  /** Amount to add (default 1; negative subtracts). An integer unless `float` is set. */
  by?: number;
  /** Use INCRBYFLOAT: `by` may have decimals and the value is a float. */
  float?: boolean;
}

/** Options for {@link getStringRange}: byte offsets, inclusive, negative counting from the end. */
export interface StringRangeOptions {
  /** First byte (default 0). */
  start?: number;
  /** Last byte, inclusive (default -1: the last byte). */
  end?: number;
}

const CONDITIONS = ["NX", "XX"] as const;

function setArguments(key: string, value: RedisValue, options: SetStringOptions): RedisValue[] {
  const args: RedisValue[] = [key, value];
  assertExclusive("setString", options, "ttlMs", "keepTtl");
  if (options.ttlMs !== undefined) {
    assertMilliseconds("setString", "ttlMs", options.ttlMs);
    args.push("PX", options.ttlMs);
  }
  if (options.keepTtl) args.push("KEEPTTL");
  if (options.condition !== undefined) {
    assertOneOf("setString", "condition", options.condition, CONDITIONS);
    args.push(options.condition);
  }
  if (options.returnPrevious) args.push("GET");
  return args;
}

/**
 * Writes a string value, optionally with a TTL and an NX/XX condition: one SET.
 * Resolves `true` when written, `false` when the condition prevented it; with `returnPrevious`
 * it resolves the previous value (`null` when there was none) instead.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for an empty key, a null/undefined value,
 *   `ttlMs` ≤ 0 or combined with `keepTtl`; nothing is written. WrongTypeError (`E_WRONG_TYPE`)
 *   with `returnPrevious` on a non-string key; other RedisMcpErrors when Redis fails.
 * @example await setString(redis, "session:1", token, { ttlMs: 60_000, condition: "NX" });
 */
export function setString(client: RedisClient, key: string, value: RedisValue, options: SetStringOptions & { returnPrevious: true }): Promise<string | null>;
export function setString(client: RedisClient, key: string, value: RedisValue, options?: SetStringOptions & { returnPrevious?: false }): Promise<boolean>;
export function setString(client: RedisClient, key: string, value: RedisValue, options?: SetStringOptions): Promise<boolean | string | null>;
export async function setString(client: RedisClient, key: string, value: RedisValue, options?: SetStringOptions): Promise<boolean | string | null> {
  assertKey("setString", key);
  assertValue("setString", value);
  if (options === undefined) {
    try {
      return (await client.set(key, value)) === "OK";
    } catch (error) {
      throw toRedisMcpError(error, `setString ${key}`);
    }
  }
  const reply = await sendCommand(client, "setString", key, "set", setArguments(key, value, options));
  return options.returnPrevious ? (reply as string | null) : reply === "OK";
}

/**
 * Reads a string value: one GET, `null` when the key is missing.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for an empty key; WrongTypeError
 *   (`E_WRONG_TYPE`) when the key holds another type; other RedisMcpErrors when Redis fails.
 * @example const token = await getString(redis, "session:1");
 */
export async function getString(client: RedisClient, key: string): Promise<string | null> {
  assertKey("getString", key);
  try {
    return await client.get(key);
  } catch (error) {
    throw toRedisMcpError(error, `getString ${key}`);
  }
}

/**
 * {@link getString} returning the raw bytes, for binary values (never decoded as UTF-8).
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`), WrongTypeError (`E_WRONG_TYPE`), as getString.
 */
export async function getStringBuffer(client: RedisClient, key: string): Promise<Buffer | null> {
  assertKey("getStringBuffer", key);
  try {
    return await client.getBuffer(key);
  } catch (error) {
    throw toRedisMcpError(error, `getStringBuffer ${key}`);
  }
}

/**
 * Adds to a number stored as a string (INCRBY, or INCRBYFLOAT with `float`), creating it at 0;
 * resolves the new value. Integers beyond ±2^53 lose precision in JavaScript numbers.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a non-integer `by` without `float`, or
 *   a non-finite `by`; RedisCommandError (`E_REDIS_COMMAND`) when the value is not a number;
 *   WrongTypeError (`E_WRONG_TYPE`) when the key holds another type.
 * @example const views = await incrementString(redis, "page:views");
 */
export async function incrementString(client: RedisClient, key: string, options: IncrementOptions = {}): Promise<number> {
  assertKey("incrementString", key);
  const { by = 1, float = false } = options;
  if (float) assertFinite("incrementString", "by", by);
  else assertInteger("incrementString", "by (an integer unless float: true)", by);
  return toNumber(await sendCommand(client, "incrementString", key, float ? "incrbyfloat" : "incrby", [key, by]));
}

/**
 * Appends to a string (creating it) and resolves the new length in bytes: one APPEND.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for an empty key or a null value;
 *   WrongTypeError (`E_WRONG_TYPE`) when the key holds another type.
 */
export async function appendString(client: RedisClient, key: string, value: RedisValue): Promise<number> {
  assertKey("appendString", key);
  assertValue("appendString", value);
  return toNumber(await sendCommand(client, "appendString", key, "append", [key, value]));
}

/** The validated `[start, end]` of a byte range. */
function byteRange(operation: string, options: StringRangeOptions): [number, number] {
  const { start = 0, end = -1 } = options;
  assertInteger(operation, "start", start);
  assertInteger(operation, "end", end);
  return [start, end];
}

/**
 * Reads part of a string by byte offsets (GETRANGE; inclusive, negative from the end); `""` when
 * the key is missing or the range is empty.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for non-integer offsets; WrongTypeError (`E_WRONG_TYPE`).
 */
export async function getStringRange(client: RedisClient, key: string, options: StringRangeOptions = {}): Promise<string> {
  assertKey("getStringRange", key);
  return (await sendCommand(client, "getStringRange", key, "getrange", [key, ...byteRange("getStringRange", options)])) as string;
}

/** {@link getStringRange} returning raw bytes: a byte range of UTF-8 text may split a character. */
export async function getStringRangeBuffer(client: RedisClient, key: string, options: StringRangeOptions = {}): Promise<Buffer> {
  assertKey("getStringRangeBuffer", key);
  return (await sendCommand(client, "getStringRangeBuffer", key, "getrange", [key, ...byteRange("getStringRangeBuffer", options)], true)) as Buffer;
}

// GETRANGE cannot tell a missing key from an empty string or an empty range; EXISTS settles it,
// and only runs when the range came back empty, so a read of an existing value costs one command.
const windowScript = defineScript({
  name: "string_window",
  keys: 1,
  lua: `
local value = redis.call('GETRANGE', KEYS[1], ARGV[1], ARGV[2])
if value == '' and redis.call('EXISTS', KEYS[1]) == 0 then return false end
return value
`,
});

/**
 * Reads part of a string by byte offsets, like {@link getStringRangeBuffer}, but resolves `null`
 * when the key is missing (GETRANGE alone answers `""` for a missing key, an empty string and an
 * empty range alike). One round trip: a script runs GETRANGE, and EXISTS only when the range is
 * empty. What a reader that must say "no such key" without a second command wants.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for non-integer offsets; WrongTypeError
 *   (`E_WRONG_TYPE`) when the key holds another type; RedisMcpError when Redis fails.
 * @example
 * const head = await getStringWindow(redis, "report:7", { end: 1023 }); // null: no such key
 */
export async function getStringWindow(client: RedisClient, key: string, options: StringRangeOptions = {}): Promise<Buffer | null> {
  const operation = "getStringWindow";
  assertKey(operation, key);
  return (await windowScript.runBuffer(client, [key], byteRange(operation, options), `${operation} ${key}`)) as Buffer | null;
}
