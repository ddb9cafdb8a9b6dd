import type { RedisClient } from "../client/redis-client.js";
import { KeyNotFoundError } from "../errors/errors.js";
import { RedisMcpError } from "../errors/redis-mcp-error.js";
import { sendCommand, sendTransaction } from "./command.js";
import { toNumber, toNumberOrNull, toRecord, toText } from "./replies.js";
import {
  assertEntryId,
  pushFields,
  pushTrim,
  type StreamFields,
  type StreamMessage,
  type StreamTrimOptions,
  toStreamEntries,
  toStreamEntry,
} from "./stream-entries.js";
import { assertKey, assertPositiveInteger, invalidArgument, type RedisValue } from "./validate.js";

/** Options for {@link streamAdd}: an id and optional trimming in the same XADD. */
export interface StreamAddOptions extends StreamTrimOptions {
  /** `"*"` (default: Redis assigns `<ms>-<seq>`), or an explicit `"<ms>-<seq>"` / `"<ms>-*"` above the last id. */
  id?: string;
}

/** Options for {@link streamRange}. */
export interface StreamRangeOptions {
  /** Where reading begins: an id, or `"-"` (default; `"+"` with `reverse`). */
  start?: string;
  /** Where it ends, inclusive: an id, or `"+"` (default; `"-"` with `reverse`). */
  end?: string;
  /** Most entries to return: ranges are always bounded. */
  count: number;
  /** Newest first (XREVRANGE): `start` is then the higher id. */
  reverse?: boolean;
  /** Leave out the `start` entry itself: pass the last id of the previous page to page through. */
  exclusiveStart?: boolean;
}

/** What XINFO STREAM tells about a stream. */
export interface StreamInfo {
  length: number;
  radixTreeKeys: number;
  radixTreeNodes: number;
  lastGeneratedId: string;
  /** Highest id deleted so far (Redis ≥ 7.0; `null` before). */
  maxDeletedEntryId: string | null;
  /** Entries ever added (Redis ≥ 7.0; `null` before). */
  entriesAdded: number | null;
  /** Id of the first entry still recorded (Redis ≥ 7.0; `null` before). */
  recordedFirstEntryId: string | null;
  /** Number of consumer groups. */
  groups: number;
  firstEntry: StreamMessage | null;
  lastEntry: StreamMessage | null;
  /** Each consumer group (XINFO GROUPS), when asked for with `{ groups: true }`. */
  consumerGroups?: StreamGroupInfo[];
}

/** What XINFO GROUPS tells about one consumer group. */
export interface StreamGroupInfo {
  name: string;
  /** Consumers the group has seen. */
  consumers: number;
  /** Entries delivered to its consumers and not acknowledged yet. */
  pending: number;
  /** The last id delivered to the group. */
  lastDeliveredId: string;
  /** Entries the group has read (Redis ≥ 7.0; `null` before). */
  entriesRead: number | null;
  /** Entries not yet delivered to the group (Redis ≥ 7.0; `null` before, or when Redis cannot tell). */
  lag: number | null;
}

/** Options for {@link streamInfo}. */
export interface StreamInfoOptions {
  /** Also describe every consumer group (XINFO GROUPS), in the same round trip (MULTI). */
  groups?: boolean;
}

const ADD_ID = /^(\*|\d+(-(\d+|\*))?)$/;

/**
 * Appends an entry (XADD) and resolves its id; trims in the same command with `maxLength` or
 * `minId` (add `approximate` for the cheap `~` form).
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for no fields, a malformed id or both trim
 *   strategies; nothing is written. RedisCommandError (`E_REDIS_COMMAND`) for an id not above the
 *   last one; WrongTypeError (`E_WRONG_TYPE`) when the key is not a stream.
 * @example const id = await streamAdd(redis, "events", { type: "login", user: "ada" }, { maxLength: 10_000, approximate: true });
 */
export async function streamAdd(client: RedisClient, key: string, fields: StreamFields, options: StreamAddOptions = {}): Promise<string> {
  assertKey("streamAdd", key);
  const { id = "*" } = options ?? {};
  if (typeof id !== "string" || !ADD_ID.test(id)) throw invalidArgument("streamAdd", 'id must be "*" or an entry id such as "1700000000000-0"', id);
  const args: RedisValue[] = [key];
  pushTrim("streamAdd", args, options ?? {}, false);
  args.push(id);
  pushFields("streamAdd", args, fields);
  return toText(await sendCommand(client, "streamAdd", key, "xadd", args));
}

function rangeBound(operation: string, name: string, value: unknown): string {
  if (value === "-" || value === "+") return value;
  assertEntryId(operation, name, value);
  return value;
}

async function rangeOfStream<T>(
  client: RedisClient,
  operation: string,
  key: string,
  options: StreamRangeOptions,
  buffers: boolean,
): Promise<StreamMessage<T>[]> {
  assertKey(operation, key);
  const { reverse = false, count, exclusiveStart = false } = (options ?? {}) as Partial<StreamRangeOptions>;
  const { start = reverse ? "+" : "-", end = reverse ? "-" : "+" } = options ?? {};
  assertPositiveInteger(operation, "count", count);
  let first = rangeBound(operation, "start", start);
  const last = rangeBound(operation, "end", end);
  if (exclusiveStart) {
    if (first === "-" || first === "+") throw invalidArgument(operation, "exclusiveStart needs an explicit start id (the last id you already have)", first);
    first = `(${first}`;
  }
  return toStreamEntries<T>(await sendCommand(client, operation, key, reverse ? "xrevrange" : "xrange", [key, first, last, "COUNT", count], buffers));
}

/**
 * Reads up to `count` entries between two ids (XRANGE, or XREVRANGE with `reverse`); page with
 * `exclusiveStart` and the last id seen. `[]` when the stream is missing.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a missing count or malformed id;
 *   WrongTypeError (`E_WRONG_TYPE`) when the key is not a stream.
 * @example const latest = await streamRange(redis, "events", { reverse: true, count: 20 });
 */
export function streamRange(client: RedisClient, key: string, options: StreamRangeOptions): Promise<StreamMessage[]> {
  return rangeOfStream<string>(client, "streamRange", key, options, false);
}

/** {@link streamRange} with field values as raw bytes, for binary values. */
export function streamRangeBuffer(client: RedisClient, key: string, options: StreamRangeOptions): Promise<StreamMessage<Buffer>[]> {
  return rangeOfStream<Buffer>(client, "streamRangeBuffer", key, options, true);
}

function toGroupInfo(reply: unknown): StreamGroupInfo {
  const group = toRecord(reply, (value) => value);
  return {
    name: toText(group.name),
    consumers: toNumber(group.consumers),
    pending: toNumber(group.pending),
    lastDeliveredId: toText(group["last-delivered-id"]),
    entriesRead: toNumberOrNull(group["entries-read"]),
    lag: toNumberOrNull(group.lag),
  };
}

/** XINFO on a missing key answers "ERR no such key" (E_NOT_FOUND): say which stream. */
function missingStream(error: unknown, key: string): unknown {
  if (RedisMcpError.isInstance(error) && error.code === KeyNotFoundError.code) {
    return new KeyNotFoundError(`stream ${JSON.stringify(key)} does not exist.`, { cause: error });
  }
  return error;
}

/**
 * Length, ids, group count and first/last entries of a stream (XINFO STREAM), typed; with
 * `{ groups: true }` also each consumer group (XINFO GROUPS) in the same round trip.
 * @throws KeyNotFoundError (`E_NOT_FOUND`) when the key does not exist; WrongTypeError (`E_WRONG_TYPE`).
 * @example const { length, consumerGroups } = await streamInfo(redis, "orders", { groups: true });
 */
export async function streamInfo(client: RedisClient, key: string, options: StreamInfoOptions = {}): Promise<StreamInfo> {
  assertKey("streamInfo", key);
  let streamReply: unknown;
  let groupsReply: unknown;
  try {
    if (options.groups) {
      [streamReply, groupsReply] = await sendTransaction(client, "streamInfo", key, (transaction) =>
        transaction.call("xinfo", "STREAM", key).call("xinfo", "GROUPS", key),
      );
    } else {
      streamReply = await sendCommand(client, "streamInfo", key, "xinfo", ["STREAM", key]);
    }
  } catch (error) {
    throw missingStream(error, key);
  }
  const info = toRecord(streamReply, (value) => value);
  const optionalText = (value: unknown) => (value === null || value === undefined ? null : toText(value));
  return {
    length: toNumber(info.length),
    radixTreeKeys: toNumber(info["radix-tree-keys"]),
    radixTreeNodes: toNumber(info["radix-tree-nodes"]),
    lastGeneratedId: toText(info["last-generated-id"]),
    maxDeletedEntryId: optionalText(info["max-deleted-entry-id"]),
    entriesAdded: toNumberOrNull(info["entries-added"]),
    recordedFirstEntryId: optionalText(info["recorded-first-entry-id"]),
    groups: toNumber(info.groups),
    firstEntry: info["first-entry"] ? toStreamEntry(info["first-entry"]) : null,
    lastEntry: info["last-entry"] ? toStreamEntry(info["last-entry"]) : null,
    ...(options.groups ? { consumerGroups: (Array.isArray(groupsReply) ? groupsReply : []).map(toGroupInfo) } : {}),
  };
}

/**
 * Number of entries (XLEN); 0 when missing.
 * @throws WrongTypeError (`E_WRONG_TYPE`) when the key is not a stream.
 */
export async function streamLength(client: RedisClient, key: string): Promise<number> {
  assertKey("streamLength", key);
  return toNumber(await sendCommand(client, "streamLength", key, "xlen", [key]));
}

/**
 * Trims a stream to `maxLength` entries or to ids from `minId` on (XTRIM) and resolves how many were removed.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) unless exactly one of maxLength/minId is
 *   given, or for `limit` without `approximate`; WrongTypeError (`E_WRONG_TYPE`).
 */
export async function streamTrim(client: RedisClient, key: string, options: StreamTrimOptions): Promise<number> {
  assertKey("streamTrim", key);
  const args: RedisValue[] = [key];
  pushTrim("streamTrim", args, options ?? {}, true);
  return toNumber(await sendCommand(client, "streamTrim", key, "xtrim", args));
}
