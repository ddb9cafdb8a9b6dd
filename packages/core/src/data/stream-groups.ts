import type { RedisClient } from "../client/redis-client.js";
import { ConsumerGroupExistsError } from "../errors/errors.js";
import { toRedisMcpError } from "../errors/map-redis-error.js";
import { waitWithinCommandTimeout } from "./blocking.js";
import { sendCommand } from "./command.js";
import { pairsOf, toArray, toBoolean, toNumber, toText } from "./replies.js";
import { assertEntryId, assertName, type StreamMessage, toReadEntries, toStreamEntries } from "./stream-entries.js";
import { assertKey, assertMilliseconds, assertNonNegativeInteger, assertPositiveInteger, invalidArgument, type RedisValue } from "./validate.js";

/** Options for {@link streamGroupCreate}. */
export interface StreamGroupCreateOptions {
  /** Deliver entries after this id: `"$"` (default: only new entries), `"0"` (the whole stream) or an id. */
  startId?: string;
  /** Create an empty stream when the key is missing (MKSTREAM, default true). */
  makeStream?: boolean;
}

/** Options for {@link streamGroupRead}. */
export interface StreamGroupReadOptions {
  /** Most entries to return. */
  count: number;
  /** Wait up to this long for new entries when there are none (BLOCK); never forever. Resolves `[]` on timeout. */
  blockMs?: number;
  /** `">"` (default): entries never delivered to the group; an id: this consumer's pending entries after it (`"0"` for all). */
  id?: string;
  /** Do not track the entries as pending (NOACK): at-most-once delivery, no {@link streamAck} needed. */
  noAck?: boolean;
}

/** What XPENDING tells about a group as a whole. */
export interface StreamPendingSummary {
  /** Entries delivered and not yet acknowledged. */
  count: number;
  /** Lowest and highest pending ids, `null` when nothing is pending. */
  smallestId: string | null;
  greatestId: string | null;
  /** Pending entries per consumer that has any. */
  consumers: { name: string; pending: number }[];
}

/** Options for the extended {@link streamPending}: a bounded list of pending entries. */
export interface StreamPendingOptions {
  /** Most entries to return. */
  count: number;
  /** Lowest id (default `"-"`). */
  start?: string;
  /** Highest id (default `"+"`). */
  end?: string;
  /** Only entries of this consumer. */
  consumer?: string;
  /** Only entries idle at least this long (IDLE, Redis ≥ 6.2): candidates for claiming. */
  minIdleMs?: number;
}

/** One pending entry as the extended {@link streamPending} lists it. */
export interface StreamPendingEntry {
  id: string;
  consumer: string;
  /** Milliseconds since it was last delivered. */
  idleMs: number;
  /** How many times it was delivered. */
  deliveries: number;
}

/** Options for {@link streamClaim}. */
export interface StreamClaimOptions {
  /** Claim only entries idle at least this long (0: any), so two claimers never both win. */
  minIdleMs: number;
  /** Set the claimed entries' idle time to this (IDLE) instead of 0. */
  idleMs?: number;
  /** Set the delivery counter (RETRYCOUNT) instead of incrementing it. */
  retryCount?: number;
  /** Create pending entries for ids not pending yet (FORCE). */
  force?: boolean;
}

/** Options for {@link streamAutoClaim}. */
export interface StreamAutoClaimOptions {
  /** Claim only entries idle at least this long. */
  minIdleMs: number;
  /** Scan pending entries from this id (default `"0-0"`); pass back `nextStartId`. */
  start?: string;
  /** Most entries to claim per call (default 100). */
  count?: number;
}

/** Result of {@link streamAutoClaim}. */
export interface StreamAutoClaimResult {
  /** Where the next call should start; `"0-0"` when the whole pending list was scanned. */
  nextStartId: string;
  /** The entries now owned by the consumer. */
  entries: StreamMessage[];
  /** Pending ids whose entries no longer exist; Redis dropped them from the pending list (Redis ≥ 7.0). */
  deletedIds: string[];
}

const GROUP_START = /^(\$|\d+(-\d+)?)$/;

/**
 * Creates a consumer group (XGROUP CREATE, with MKSTREAM by default). Resolves `true` when created
 * and `false` when a group of that name already exists (BUSYGROUP), so it is safe to call on
 * every start-up; the existing group keeps its position.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a bad name or start id; RedisCommandError
 *   (`E_REDIS_COMMAND`) when the key is missing and `makeStream` is false; WrongTypeError (`E_WRONG_TYPE`).
 * @example await streamGroupCreate(redis, "events", "mailer", { startId: "0" });
 */
export async function streamGroupCreate(client: RedisClient, key: string, group: string, options: StreamGroupCreateOptions = {}): Promise<boolean> {
  assertKey("streamGroupCreate", key);
  assertName("streamGroupCreate", "group", group);
  const { startId = "$", makeStream = true } = options ?? {};
  if (typeof startId !== "string" || !GROUP_START.test(startId)) {
    throw invalidArgument("streamGroupCreate", 'startId must be "$" (new entries only), "0" (everything) or an entry id', startId);
  }
  const args: RedisValue[] = ["CREATE", key, group, startId];
  if (makeStream) args.push("MKSTREAM");
  try {
    await client.call("xgroup", args);
    return true;
  } catch (error) {
    const mapped = toRedisMcpError(error, `streamGroupCreate ${key}`);
    if (mapped.code === ConsumerGroupExistsError.code) return false;
    throw mapped;
  }
}

async function readGroup<T>(
  client: RedisClient,
  operation: string,
  key: string,
  group: string,
  consumer: string,
  options: StreamGroupReadOptions,
  buffers: boolean,
): Promise<StreamMessage<T>[]> {
  assertKey(operation, key);
  assertName(operation, "group", group);
  assertName(operation, "consumer", consumer);
  const { count, blockMs, id = ">", noAck = false } = (options ?? {}) as Partial<StreamGroupReadOptions>;
  assertPositiveInteger(operation, "count", count);
  if (id !== ">") assertEntryId(operation, 'id (">" or an entry id)', id);
  const head: RedisValue[] = ["GROUP", group, consumer, "COUNT", count];
  const tail: RedisValue[] = noAck ? ["NOACK", "STREAMS", key, id] : ["STREAMS", key, id];
  if (blockMs === undefined) return toReadEntries<T>(await sendCommand(client, operation, key, "xreadgroup", [...head, ...tail], buffers));
  assertMilliseconds(operation, "blockMs", blockMs);
  const reply = await waitWithinCommandTimeout(client, blockMs, (windowMs) =>
    sendCommand(client, operation, key, "xreadgroup", [...head, "BLOCK", windowMs, ...tail], buffers),
  );
  return toReadEntries<T>(reply);
}

/**
 * Reads entries for a consumer of a group (XREADGROUP on one stream), optionally waiting up to
 * `blockMs` for new ones; `[]` when there are none. Acknowledge processed entries with {@link streamAck}.
 * A blocked read holds its connection: use a dedicated client (`redis.duplicate()`) for it.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a missing count or `blockMs` ≤ 0;
 *   ConsumerGroupNotFoundError (`E_GROUP_NOT_FOUND`, NOGROUP) when the group does not exist; WrongTypeError (`E_WRONG_TYPE`).
 * @example const entries = await streamGroupRead(worker, "events", "mailer", "worker-1", { count: 10, blockMs: 5_000 });
 */
export function streamGroupRead(client: RedisClient, key: string, group: string, consumer: string, options: StreamGroupReadOptions): Promise<StreamMessage[]> {
  return readGroup<string>(client, "streamGroupRead", key, group, consumer, options, false);
}

/** {@link streamGroupRead} with field values as raw bytes, for binary values. */
export function streamGroupReadBuffer(
  client: RedisClient,
  key: string,
  group: string,
  consumer: string,
  options: StreamGroupReadOptions,
): Promise<StreamMessage<Buffer>[]> {
  return readGroup<Buffer>(client, "streamGroupReadBuffer", key, group, consumer, options, true);
}

function assertIds(operation: string, ids: unknown): asserts ids is readonly string[] {
  if (!Array.isArray(ids) || ids.length === 0) throw invalidArgument(operation, "ids must be a non-empty array of entry ids", ids);
  for (const id of ids) assertEntryId(operation, "every id", id);
}

/**
 * Acknowledges processed entries (XACK), removing them from the group's pending list; resolves how many were pending.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for no or malformed ids; WrongTypeError (`E_WRONG_TYPE`).
 */
export async function streamAck(client: RedisClient, key: string, group: string, ids: readonly string[]): Promise<number> {
  assertKey("streamAck", key);
  assertName("streamAck", "group", group);
  assertIds("streamAck", ids);
  return toNumber(await sendCommand(client, "streamAck", key, "xack", [key, group, ...ids]));
}

function pendingArguments(key: string, group: string, options: StreamPendingOptions): RedisValue[] {
  const { count, start = "-", end = "+", consumer, minIdleMs } = options;
  assertPositiveInteger("streamPending", "count", count);
  if (start !== "-") assertEntryId("streamPending", "start", start);
  if (end !== "+") assertEntryId("streamPending", "end", end);
  const args: RedisValue[] = [key, group];
  if (minIdleMs !== undefined) {
    assertNonNegativeInteger("streamPending", "minIdleMs", minIdleMs);
    args.push("IDLE", minIdleMs);
  }
  args.push(start, end, count);
  if (consumer !== undefined) {
    assertName("streamPending", "consumer", consumer);
    args.push(consumer);
  }
  return args;
}

/**
 * Pending (delivered, unacknowledged) entries of a group (XPENDING). Without options: a summary
 * with per-consumer counts. With `count`: up to that many entries with consumer, idle time and
 * delivery count, filtered by id range, consumer and `minIdleMs`.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`); ConsumerGroupNotFoundError (`E_GROUP_NOT_FOUND`, NOGROUP)
 *   when the group or stream does not exist; WrongTypeError (`E_WRONG_TYPE`).
 * @example const stuck = await streamPending(redis, "events", "mailer", { count: 50, minIdleMs: 60_000 });
 */
export function streamPending(client: RedisClient, key: string, group: string): Promise<StreamPendingSummary>;
export function streamPending(client: RedisClient, key: string, group: string, options: StreamPendingOptions): Promise<StreamPendingEntry[]>;
export async function streamPending(
  client: RedisClient,
  key: string,
  group: string,
  options?: StreamPendingOptions,
): Promise<StreamPendingSummary | StreamPendingEntry[]> {
  assertKey("streamPending", key);
  assertName("streamPending", "group", group);
  if (options !== undefined) {
    const reply = await sendCommand(client, "streamPending", key, "xpending", pendingArguments(key, group, options));
    return toArray(reply).map((item) => {
      const [id, consumer, idleMs, deliveries] = toArray(item);
      return { id: toText(id), consumer: toText(consumer), idleMs: toNumber(idleMs), deliveries: toNumber(deliveries) };
    });
  }
  const [count, smallestId, greatestId, consumers] = toArray(await sendCommand(client, "streamPending", key, "xpending", [key, group]));
  return {
    count: toNumber(count ?? 0),
    smallestId: smallestId === null || smallestId === undefined ? null : toText(smallestId),
    greatestId: greatestId === null || greatestId === undefined ? null : toText(greatestId),
    consumers: pairsOf(consumers).map(([name, pending]) => ({ name: toText(name), pending: toNumber(pending) })),
  };
}

/**
 * Takes over pending entries from another consumer (XCLAIM) when idle for at least `minIdleMs`;
 * resolves the entries claimed (entries deleted meanwhile are left out).
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for no ids or a negative `minIdleMs`;
 *   ConsumerGroupNotFoundError (`E_GROUP_NOT_FOUND`, NOGROUP); WrongTypeError (`E_WRONG_TYPE`).
 */
export async function streamClaim(
  client: RedisClient,
  key: string,
  group: string,
  consumer: string,
  ids: readonly string[],
  options: StreamClaimOptions,
): Promise<StreamMessage[]> {
  assertKey("streamClaim", key);
  assertName("streamClaim", "group", group);
  assertName("streamClaim", "consumer", consumer);
  assertIds("streamClaim", ids);
  const { minIdleMs, idleMs, retryCount, force = false } = (options ?? {}) as Partial<StreamClaimOptions>;
  assertNonNegativeInteger("streamClaim", "minIdleMs", minIdleMs);
  const args: RedisValue[] = [key, group, consumer, minIdleMs, ...ids];
  if (idleMs !== undefined) {
    assertNonNegativeInteger("streamClaim", "idleMs", idleMs);
    args.push("IDLE", idleMs);
  }
  if (retryCount !== undefined) {
    assertNonNegativeInteger("streamClaim", "retryCount", retryCount);
    args.push("RETRYCOUNT", retryCount);
  }
  if (force) args.push("FORCE");
  return toStreamEntries(await sendCommand(client, "streamClaim", key, "xclaim", args));
}

/**
 * Claims up to `count` entries idle for at least `minIdleMs`, scanning the pending list from
 * `start` (XAUTOCLAIM, Redis ≥ 6.2): the building block for recovering a crashed consumer's work.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`); ConsumerGroupNotFoundError (`E_GROUP_NOT_FOUND`, NOGROUP);
 *   WrongTypeError (`E_WRONG_TYPE`).
 * @example
 * let start = "0-0";
 * do {
 *   const claimed = await streamAutoClaim(redis, "events", "mailer", "worker-2", { minIdleMs: 60_000, start });
 *   await handle(claimed.entries);
 *   start = claimed.nextStartId;
 * } while (start !== "0-0");
 */
export async function streamAutoClaim(
  client: RedisClient,
  key: string,
  group: string,
  consumer: string,
  options: StreamAutoClaimOptions,
): Promise<StreamAutoClaimResult> {
  assertKey("streamAutoClaim", key);
  assertName("streamAutoClaim", "group", group);
  assertName("streamAutoClaim", "consumer", consumer);
  const { minIdleMs, start = "0-0", count = 100 } = (options ?? {}) as Partial<StreamAutoClaimOptions>;
  assertNonNegativeInteger("streamAutoClaim", "minIdleMs", minIdleMs);
  assertEntryId("streamAutoClaim", "start", start);
  assertPositiveInteger("streamAutoClaim", "count", count);
  const [next, entries, deleted] = toArray(
    await sendCommand(client, "streamAutoClaim", key, "xautoclaim", [key, group, consumer, minIdleMs, start, "COUNT", count]),
  );
  return { nextStartId: toText(next ?? "0-0"), entries: toStreamEntries(entries), deletedIds: toArray(deleted).map(toText) };
}

/**
 * Deletes a consumer group and its pending list (XGROUP DESTROY); resolves whether it existed.
 * @throws RedisCommandError (`E_REDIS_COMMAND`) when the stream does not exist; WrongTypeError (`E_WRONG_TYPE`).
 */
export async function streamGroupDestroy(client: RedisClient, key: string, group: string): Promise<boolean> {
  assertKey("streamGroupDestroy", key);
  assertName("streamGroupDestroy", "group", group);
  return toBoolean(await sendCommand(client, "streamGroupDestroy", key, "xgroup", ["DESTROY", key, group]));
}

/**
 * Removes a consumer from a group (XGROUP DELCONSUMER); resolves how many pending entries it still
 * had, which are dropped from the pending list: claim them first if they matter.
 * @throws ConsumerGroupNotFoundError (`E_GROUP_NOT_FOUND`, NOGROUP); WrongTypeError (`E_WRONG_TYPE`).
 */
export async function streamConsumerDelete(client: RedisClient, key: string, group: string, consumer: string): Promise<number> {
  assertKey("streamConsumerDelete", key);
  assertName("streamConsumerDelete", "group", group);
  assertName("streamConsumerDelete", "consumer", consumer);
  return toNumber(await sendCommand(client, "streamConsumerDelete", key, "xgroup", ["DELCONSUMER", key, group, consumer]));
}
