import type { RedisClient } from "../client/redis-client.js";
import { assertSameSlot } from "../cluster/slots.js";
import { sendCommand } from "./command.js";
import { toArray, toNumber, toNumberOrNull } from "./replies.js";
import { assertInteger, assertKey, assertKeys, assertOneOf, invalidArgument, type RedisValue } from "./validate.js";

/** A bit value. */
export type Bit = 0 | 1;

/** A byte or bit range (inclusive, negative from the end) for {@link bitCount} and {@link bitPosition}. */
export interface BitRangeOptions {
  /** First byte (or bit with `unit: "bit"`). */
  start?: number;
  /** Last byte (or bit), inclusive. */
  end?: number;
  /** Whether `start`/`end` count bytes (default) or bits (Redis ≥ 7.0). */
  unit?: "byte" | "bit";
}

/** Options for {@link bitOperation}. */
export interface BitOperationOptions {
  /** Bitwise operation; `"NOT"` takes exactly one source. */
  operation: "AND" | "OR" | "XOR" | "NOT";
  /** Keys to combine; missing keys count as all zeros. */
  sources: readonly string[];
}

/** A signed (`i1`..`i64`) or unsigned (`u1`..`u63`) integer field of a {@link bitField} call. */
export type BitFieldEncoding = `i${number}` | `u${number}`;

/** Bit offset of a field, or `#n` for the n-th field of this encoding's width. */
export type BitFieldOffset = number | `#${number}`;

/** What a SET or INCRBY does when the value does not fit: wrap around (default), saturate, or fail (resolving `null`). */
export type BitFieldOverflow = "WRAP" | "SAT" | "FAIL";

/** One operation of a {@link bitField} call. */
export type BitFieldOperation =
  | { operation: "get"; encoding: BitFieldEncoding; offset: BitFieldOffset }
  | { operation: "set"; encoding: BitFieldEncoding; offset: BitFieldOffset; value: number | bigint; overflow?: BitFieldOverflow }
  | { operation: "increment"; encoding: BitFieldEncoding; offset: BitFieldOffset; by: number | bigint; overflow?: BitFieldOverflow };

// A string holds at most 512 MiB, so bit offsets stay below 2^32.
const MAX_BIT_OFFSET = 2 ** 32 - 1;
const OVERFLOWS = ["WRAP", "SAT", "FAIL"] as const;
const ENCODING = /^([iu])(\d+)$/;
const FIELD_OFFSET = /^#\d+$/;

function assertBitOffset(operation: string, offset: unknown): asserts offset is number {
  if (typeof offset !== "number" || !Number.isSafeInteger(offset) || offset < 0 || offset > MAX_BIT_OFFSET) {
    throw invalidArgument(operation, `offset must be an integer from 0 to ${MAX_BIT_OFFSET}`, offset);
  }
}

function assertBit(operation: string, name: string, bit: unknown): void {
  if (bit !== 0 && bit !== 1 && bit !== true && bit !== false) throw invalidArgument(operation, `${name} must be 0 or 1 (or a boolean)`, bit);
}

/**
 * Sets or clears one bit (SETBIT, growing the string with zeros) and resolves its previous value.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a negative or too large offset;
 *   WrongTypeError (`E_WRONG_TYPE`) when the key is not a string.
 * @example await bitSet(redis, "active:2024-06-01", userNumber, 1);
 */
export async function bitSet(client: RedisClient, key: string, offset: number, value: Bit | boolean): Promise<Bit> {
  assertKey("bitSet", key);
  assertBitOffset("bitSet", offset);
  assertBit("bitSet", "value", value);
  return toNumber(await sendCommand(client, "bitSet", key, "setbit", [key, offset, value === true || value === 1 ? 1 : 0])) as Bit;
}

/**
 * Reads one bit (GETBIT); 0 beyond the end or for a missing key.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`); WrongTypeError (`E_WRONG_TYPE`).
 */
export async function bitGet(client: RedisClient, key: string, offset: number): Promise<Bit> {
  assertKey("bitGet", key);
  assertBitOffset("bitGet", offset);
  return toNumber(await sendCommand(client, "bitGet", key, "getbit", [key, offset])) as Bit;
}

/** Validated `start end [BYTE|BIT]` arguments; `end` is only sent when given, as BITPOS treats an explicit end differently. */
function rangeArguments(operation: string, options: BitRangeOptions, endDefault: number | undefined): RedisValue[] {
  const { start, end, unit } = options ?? {};
  if (start === undefined && end === undefined && unit === undefined) return [];
  if (start !== undefined) assertInteger(operation, "start", start);
  if (end !== undefined) assertInteger(operation, "end", end);
  if (unit !== undefined) assertOneOf(operation, "unit", unit, ["byte", "bit"] as const);
  const args: RedisValue[] = [start ?? 0];
  const last = end ?? endDefault;
  if (last === undefined) {
    if (unit !== undefined) throw invalidArgument(operation, "unit needs an end (use -1 for the last byte or bit)", unit);
    return args;
  }
  args.push(last);
  if (unit !== undefined) args.push(unit.toUpperCase());
  return args;
}

/**
 * Counts set bits (BITCOUNT), in the whole string or a byte/bit range.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`); WrongTypeError (`E_WRONG_TYPE`).
 */
export async function bitCount(client: RedisClient, key: string, options: BitRangeOptions = {}): Promise<number> {
  assertKey("bitCount", key);
  return toNumber(await sendCommand(client, "bitCount", key, "bitcount", [key, ...rangeArguments("bitCount", options, -1)]));
}

/**
 * Position of the first bit set to `bit` (BITPOS), optionally within a range; `null` when there
 * is none. Looking for 0 without an `end` finds the first bit past the string when all are 1.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`); WrongTypeError (`E_WRONG_TYPE`).
 */
export async function bitPosition(client: RedisClient, key: string, bit: Bit, options: BitRangeOptions = {}): Promise<number | null> {
  assertKey("bitPosition", key);
  if (bit !== 0 && bit !== 1) throw invalidArgument("bitPosition", "bit must be 0 or 1", bit);
  const position = toNumber(await sendCommand(client, "bitPosition", key, "bitpos", [key, bit, ...rangeArguments("bitPosition", options, undefined)]));
  return position < 0 ? null : position;
}

/**
 * Stores the bitwise AND/OR/XOR of sources (or NOT of one) in `destination` (BITOP) and resolves
 * its length in bytes. On a cluster all keys need a common hash tag.
 * @throws CrossSlotError (`E_CROSSSLOT`) for keys in different slots, before anything is sent;
 *   InvalidArgumentError (`E_INVALID_ARGUMENT`) for NOT with more than one source; WrongTypeError (`E_WRONG_TYPE`).
 * @example await bitOperation(redis, "{active}:both", { operation: "AND", sources: ["{active}:mon", "{active}:tue"] });
 */
export async function bitOperation(client: RedisClient, destination: string, options: BitOperationOptions): Promise<number> {
  assertKey("bitOperation", destination, "destination");
  const { operation, sources } = (options ?? {}) as Partial<BitOperationOptions>;
  assertOneOf("bitOperation", "operation", operation, ["AND", "OR", "XOR", "NOT"] as const);
  assertKeys("bitOperation", sources, "sources");
  if (operation === "NOT" && sources.length !== 1) throw invalidArgument("bitOperation", "NOT takes exactly one source key", sources);
  assertSameSlot(client, [destination, ...sources], "bitOperation");
  return toNumber(await sendCommand(client, "bitOperation", destination, "bitop", [operation, destination, ...sources]));
}

function assertEncoding(encoding: unknown): asserts encoding is BitFieldEncoding {
  const match = typeof encoding === "string" ? ENCODING.exec(encoding) : null;
  const bits = Number(match?.[2]);
  if (!match || bits < 1 || bits > (match[1] === "i" ? 64 : 63)) {
    throw invalidArgument("bitField", 'encoding must be "i1".."i64" (signed) or "u1".."u63" (unsigned)', encoding);
  }
}

function assertFieldOffset(offset: unknown): asserts offset is BitFieldOffset {
  if (typeof offset === "string" && FIELD_OFFSET.test(offset)) return;
  assertBitOffset("bitField", offset);
}

function integerArgument(name: string, value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  throw invalidArgument("bitField", `${name} must be an integer (a bigint beyond ±2^53)`, value);
}

/** Validates operations and builds the BITFIELD arguments, with OVERFLOW only where it changes. */
export function bitFieldArguments(key: string, operations: readonly BitFieldOperation[]): RedisValue[] {
  if (!Array.isArray(operations) || operations.length === 0) throw invalidArgument("bitField", "operations must be a non-empty array", operations);
  const args: RedisValue[] = [key];
  // OVERFLOW applies to every later SET/INCRBY of the call: reset it so each operation gets its own (default WRAP).
  let overflow: BitFieldOverflow = "WRAP";
  for (const step of operations) {
    assertOneOf("bitField", "operation", step?.operation, ["get", "set", "increment"] as const);
    assertEncoding(step.encoding);
    assertFieldOffset(step.offset);
    if (step.operation === "get") {
      args.push("GET", step.encoding, step.offset);
      continue;
    }
    const wanted = step.overflow ?? "WRAP";
    assertOneOf("bitField", "overflow", wanted, OVERFLOWS);
    if (wanted !== overflow) {
      args.push("OVERFLOW", wanted);
      overflow = wanted;
    }
    if (step.operation === "set") args.push("SET", step.encoding, step.offset, integerArgument("value", step.value));
    else args.push("INCRBY", step.encoding, step.offset, integerArgument("by", step.by));
  }
  return args;
}

/**
 * Reads and writes integers packed in a string (BITFIELD) in one atomic call: `get`, `set`
 * (resolving the old value) and `increment` (resolving the new value); `null` where an
 * operation with `overflow: "FAIL"` did not fit. 64-bit results beyond ±2^53 lose precision.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for an unknown encoding, a bad offset or a
 *   non-integer value; nothing is written. WrongTypeError (`E_WRONG_TYPE`).
 * @example
 * const [hits] = await bitField(redis, "counters", [{ operation: "increment", encoding: "u16", offset: "#3", by: 1, overflow: "SAT" }]);
 */
export async function bitField(client: RedisClient, key: string, operations: readonly BitFieldOperation[]): Promise<(number | null)[]> {
  assertKey("bitField", key);
  return toArray(await sendCommand(client, "bitField", key, "bitfield", bitFieldArguments(key, operations))).map(toNumberOrNull);
}
