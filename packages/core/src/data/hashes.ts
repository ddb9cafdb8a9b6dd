import type { RedisClient } from "../client/redis-client.js";
import { toRedisMcpError } from "../errors/map-redis-error.js";
import { sendCommand } from "./command.js";
import { pairsOf, setField, toArray, toBoolean, toNumber, toText } from "./replies.js";
import { type CollectionScanOptions, scanPageArguments } from "./scan-page.js";
import type { IncrementOptions } from "./strings.js";
import { assertFinite, assertInteger, assertKey, assertValue, invalidArgument, type RedisValue } from "./validate.js";

/** One page of {@link hashScan}. */
export interface HashScanPage<T> {
  /** Pass back as `cursor` for the next page; `"0"` when the scan is complete. */
  cursor: string;
  /** True when this was the last page. */
  done: boolean;
  /** Fields on this page. A field may appear on more than one page if the hash changes meanwhile. */
  fields: Record<string, T>;
}

function assertFields(operation: string, fields: unknown): asserts fields is readonly string[] {
  if (!Array.isArray(fields) || fields.length === 0) throw invalidArgument(operation, "fields must be a non-empty array of field names", fields);
  for (let index = 0; index < fields.length; index++) {
    if (typeof fields[index] !== "string") throw invalidArgument(operation, "every field name must be a string", fields[index]);
  }
}

/**
 * Writes fields of a hash (HSET, creating it) and resolves how many fields were new.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for an empty key, no fields or a
 *   null/undefined/object value; nothing is written. WrongTypeError (`E_WRONG_TYPE`).
 * @example await hashSet(redis, "user:1", { name: "Ada", visits: 1 });
 */
export async function hashSet(
  client: RedisClient,
  key: string,
  fields: Readonly<Record<string, RedisValue>> | ReadonlyMap<string, RedisValue>,
): Promise<number> {
  assertKey("hashSet", key);
  const args: RedisValue[] = [key];
  const entries = fields instanceof Map ? fields.entries() : Object.entries(fields ?? {});
  for (const [field, value] of entries) {
    assertValue("hashSet", value, `the value of field ${JSON.stringify(field)}`);
    args.push(field, value);
  }
  if (args.length === 1) throw invalidArgument("hashSet", "fields must hold at least one field", fields);
  return toNumber(await sendCommand(client, "hashSet", key, "hset", args));
}

/**
 * Reads fields of a hash in one HMGET (HGET for a single field): a record with every requested field, `null` where missing.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for an empty key or field list;
 *   WrongTypeError (`E_WRONG_TYPE`) when the key is not a hash.
 * @example const { name, visits } = await hashGet(redis, "user:1", ["name", "visits"]);
 */
export async function hashGet<F extends string>(client: RedisClient, key: string, fields: readonly F[]): Promise<Record<F, string | null>> {
  assertKey("hashGet", key);
  assertFields("hashGet", fields);
  const record = {} as Record<F, string | null>;
  try {
    if (fields.length === 1) {
      // One field: HGET's plain bulk reply is cheaper to produce and parse than HMGET's array.
      setField(record, fields[0] as F, await client.hget(key, fields[0] as F));
      return record;
    }
    const values = await client.hmget(key, ...fields);
    for (let index = 0; index < fields.length; index++) setField(record, fields[index] as F, values[index] ?? null);
    return record;
  } catch (error) {
    throw toRedisMcpError(error, `hashGet ${key}`);
  }
}

/**
 * {@link hashGet} returning raw bytes for the values (field names stay text).
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`), WrongTypeError (`E_WRONG_TYPE`), as hashGet.
 */
export async function hashGetBuffer<F extends string>(client: RedisClient, key: string, fields: readonly F[]): Promise<Record<F, Buffer | null>> {
  assertKey("hashGetBuffer", key);
  assertFields("hashGetBuffer", fields);
  const record = {} as Record<F, Buffer | null>;
  try {
    if (fields.length === 1) {
      setField(record, fields[0] as F, await client.hgetBuffer(key, fields[0] as F));
      return record;
    }
    const values = await client.hmgetBuffer(key, ...fields);
    for (let index = 0; index < fields.length; index++) setField(record, fields[index] as F, values[index] ?? null);
    return record;
  } catch (error) {
    throw toRedisMcpError(error, `hashGetBuffer ${key}`);
  }
}

/**
 * Adds to a numeric hash field (HINCRBY, or HINCRBYFLOAT with `float`), creating it at 0; resolves the new value.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a non-integer `by` without `float`;
 *   RedisCommandError (`E_REDIS_COMMAND`) when the field is not a number; WrongTypeError (`E_WRONG_TYPE`).
 */
export async function hashIncrement(client: RedisClient, key: string, field: string, options: IncrementOptions = {}): Promise<number> {
  assertKey("hashIncrement", key);
  if (typeof field !== "string") throw invalidArgument("hashIncrement", "field must be a string", field);
  const { by = 1, float = false } = options;
  if (float) assertFinite("hashIncrement", "by", by);
  else assertInteger("hashIncrement", "by (an integer unless float: true)", by);
  return toNumber(await sendCommand(client, "hashIncrement", key, float ? "hincrbyfloat" : "hincrby", [key, field, by]));
}

/**
 * Deletes fields of a hash (HDEL) and resolves how many existed.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for an empty field list; WrongTypeError (`E_WRONG_TYPE`).
 */
export async function hashDelete(client: RedisClient, key: string, fields: readonly string[]): Promise<number> {
  assertKey("hashDelete", key);
  assertFields("hashDelete", fields);
  return toNumber(await sendCommand(client, "hashDelete", key, "hdel", [key, ...fields]));
}

/**
 * Number of fields in a hash (HLEN); 0 when the key is missing.
 * @throws WrongTypeError (`E_WRONG_TYPE`) when the key is not a hash.
 */
export async function hashLength(client: RedisClient, key: string): Promise<number> {
  assertKey("hashLength", key);
  return toNumber(await sendCommand(client, "hashLength", key, "hlen", [key]));
}

/**
 * Whether a hash has a field (HEXISTS).
 * @throws WrongTypeError (`E_WRONG_TYPE`) when the key is not a hash.
 */
export async function hashExists(client: RedisClient, key: string, field: string): Promise<boolean> {
  assertKey("hashExists", key);
  if (typeof field !== "string") throw invalidArgument("hashExists", "field must be a string", field);
  return toBoolean(await sendCommand(client, "hashExists", key, "hexists", [key, field]));
}

async function scanHash<T>(client: RedisClient, operation: string, key: string, options: CollectionScanOptions, buffers: boolean): Promise<HashScanPage<T>> {
  assertKey(operation, key);
  const reply = toArray(await sendCommand(client, operation, key, "hscan", scanPageArguments(operation, key, options), buffers));
  const cursor = toText(reply[0] ?? "0");
  const fields: Record<string, T> = {};
  for (const [field, value] of pairsOf(reply[1])) setField(fields, toText(field), value as T);
  return { cursor, done: cursor === "0", fields };
}

/**
 * One page of a hash's fields (HSCAN): bounded work per call, unlike HGETALL on a hash of unknown
 * size. Loop until `done`, passing back `cursor`.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a malformed cursor or count;
 *   WrongTypeError (`E_WRONG_TYPE`) when the key is not a hash.
 * @example
 * let page = await hashScan(redis, "user:1");
 * while (!page.done) page = await hashScan(redis, "user:1", { cursor: page.cursor });
 */
export function hashScan(client: RedisClient, key: string, options: CollectionScanOptions = {}): Promise<HashScanPage<string>> {
  return scanHash<string>(client, "hashScan", key, options, false);
}

/** {@link hashScan} with raw bytes for the values (field names stay text). */
export function hashScanBuffer(client: RedisClient, key: string, options: CollectionScanOptions = {}): Promise<HashScanPage<Buffer>> {
  return scanHash<Buffer>(client, "hashScanBuffer", key, options, true);
}
