import { pairsOf, setField, toArray, toText } from "./replies.js";
import { assertPositiveInteger, assertValue, invalidArgument, type RedisValue } from "./validate.js";

/** A stream entry: its id (`<ms>-<seq>`) and fields. */
export interface StreamMessage<T = string> {
  id: string;
  /** Field values by name (field names are text; a repeated name keeps its last value). */
  fields: Record<string, T>;
  /** Set when the entry was deleted (XDEL, trimming) after being delivered: its pending id remains, `fields` is empty. */
  deleted?: true;
}

/** Fields of a new entry: a record, or [name, value] pairs when order or repeated names matter. */
export type StreamFields = Readonly<Record<string, RedisValue>> | readonly (readonly [string, RedisValue])[];

/** Options shared by XADD and XTRIM. */
export interface StreamTrimOptions {
  /** Keep at most this many entries (MAXLEN). */
  maxLength?: number;
  /** Evict entries with ids lower than this (MINID). */
  minId?: string;
  /** Trim with `~`: Redis removes whole macro-nodes only, much cheaper, keeping slightly more than asked. */
  approximate?: boolean;
  /** With `approximate`, evict at most this many entries per call (LIMIT), bounding the work. */
  limit?: number;
}

const ENTRY_ID = /^\d+(-\d+)?$/;

/** Throws unless `id` is a complete or partial entry id (`1700000000000-0` or `1700000000000`). */
export function assertEntryId(operation: string, name: string, id: unknown): asserts id is string {
  if (typeof id !== "string" || !ENTRY_ID.test(id)) throw invalidArgument(operation, `${name} must be a stream entry id such as "1700000000000-0"`, id);
}

/** Throws unless `name` (a group or consumer name) is a non-empty string. */
export function assertName(operation: string, kind: "group" | "consumer", name: unknown): asserts name is string {
  if (typeof name !== "string" || name === "") throw invalidArgument(operation, `${kind} must be a non-empty ${kind} name`, name);
}

/** Appends `field value ...` for XADD, validating each value. */
export function pushFields(operation: string, args: RedisValue[], fields: StreamFields): void {
  const pairs = Array.isArray(fields) ? (fields as readonly (readonly [string, RedisValue])[]) : Object.entries(fields ?? {});
  for (const pair of pairs) {
    const [field, value] = Array.isArray(pair) ? pair : [];
    if (typeof field !== "string") throw invalidArgument(operation, "every field must be a [name, value] pair with a string name", pair);
    assertValue(operation, value, `the value of field ${JSON.stringify(field)}`);
    args.push(field, value);
  }
  if (pairs.length === 0) throw invalidArgument(operation, "fields must hold at least one field (a stream entry cannot be empty)", fields);
}

/** Appends `MAXLEN|MINID [~] threshold [LIMIT n]` when trimming was asked for; validates the combination. */
export function pushTrim(operation: string, args: RedisValue[], options: StreamTrimOptions, required: boolean): void {
  const { maxLength, minId, approximate = false, limit } = options;
  if (maxLength !== undefined && minId !== undefined) throw invalidArgument(operation, "pass either maxLength or minId, not both", options);
  if (maxLength === undefined && minId === undefined) {
    if (required) throw invalidArgument(operation, "pass maxLength (keep the newest N) or minId (drop older ids)", options);
    if (limit !== undefined) throw invalidArgument(operation, "limit only applies together with maxLength or minId", limit);
    return;
  }
  if (maxLength !== undefined) {
    if (typeof maxLength !== "number" || !Number.isSafeInteger(maxLength) || maxLength < 0) {
      throw invalidArgument(operation, "maxLength must be an integer of 0 or more", maxLength);
    }
    args.push("MAXLEN");
  } else {
    assertEntryId(operation, "minId", minId);
    args.push("MINID");
  }
  if (approximate) args.push("~");
  args.push((maxLength ?? minId) as RedisValue);
  if (limit !== undefined) {
    if (!approximate) throw invalidArgument(operation, "limit requires approximate: true (Redis only limits approximate trimming)", limit);
    assertPositiveInteger(operation, "limit", limit);
    args.push("LIMIT", limit);
  }
}

/** One entry reply: `[id, [field, value, ...]]`, or `[id, null]` for a deleted one. */
export function toStreamEntry<T>(reply: unknown): StreamMessage<T> {
  const [id, fieldList] = toArray(reply);
  const fields: Record<string, T> = {};
  if (fieldList === null || fieldList === undefined) return { id: toText(id), fields, deleted: true };
  for (const [field, value] of pairsOf(fieldList)) setField(fields, toText(field), value as T);
  return { id: toText(id), fields };
}

/** A list of entries (XRANGE, XCLAIM, ...); null items (entries gone before a claim) are dropped. */
export function toStreamEntries<T>(reply: unknown): StreamMessage<T>[] {
  const entries: StreamMessage<T>[] = [];
  for (const item of toArray(reply)) if (item !== null && item !== undefined) entries.push(toStreamEntry<T>(item));
  return entries;
}

/**
 * Entries of the one stream an XREAD/XREADGROUP asked for: `[[key, entries]]` in RESP2 shapes,
 * `{ key: entries }` with RESP3 mapping, null on timeout.
 */
export function toReadEntries<T>(reply: unknown): StreamMessage<T>[] {
  const [stream] = pairsOf(reply);
  return stream ? toStreamEntries<T>(stream[1]) : [];
}
