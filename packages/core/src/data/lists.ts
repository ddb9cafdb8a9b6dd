import type { RedisClient } from "../client/redis-client.js";
import { assertSameSlot } from "../cluster/slots.js";
import { toTimeoutSeconds, waitWithinCommandTimeout } from "./blocking.js";
import { sendCommand } from "./command.js";
import { toArray, toNumber } from "./replies.js";
import { assertInteger, assertKey, assertMilliseconds, assertOneOf, assertPositiveInteger, assertValues, type RedisValue } from "./validate.js";
import { windowIndices } from "./window.js";

/** An end of a list: `"left"` is the head (index 0), `"right"` the tail. */
export type ListSide = "left" | "right";

/** Options for {@link listPush}. */
export interface ListPushOptions {
  /** `"right"` (default, RPUSH: append) or `"left"` (LPUSH: prepend, so the values end up reversed). */
  side?: ListSide;
  /** Push only when the list already exists (RPUSHX/LPUSHX); resolves 0 otherwise. */
  onlyIfExists?: boolean;
}

/** Options for {@link listPop}. */
export interface ListPopOptions {
  /** `"left"` (default: with pushes on the right this is a FIFO queue) or `"right"`. */
  side?: ListSide;
  /** Pop up to this many at once and resolve an array (LPOP count, BLMPOP with `waitMs`). */
  count?: number;
  /**
   * Wait up to this long for an element when the list is empty (BLPOP/BRPOP/BLMPOP); never
   * forever. A blocked command holds its connection: use a dedicated client (`redis.duplicate()`)
   * when other work shares it.
   */
  waitMs?: number;
}

/** Options for {@link listRange}: a window of at most `count` elements starting at `start`. */
export interface ListRangeOptions {
  /** First index (default 0); negative counts from the tail (-1 is the last element). */
  start?: number;
  /** Most elements to return: the window is bounded even when the list's size is unknown. */
  count: number;
}

/** Options for {@link listTrim}: keep only indices `start..stop` (inclusive, negative from the tail). */
export interface ListTrimOptions {
  start: number;
  stop: number;
}

/** Options for {@link listMove}. */
export interface ListMoveOptions {
  /** End of the source to take from (default `"left"`, the head). */
  from?: ListSide;
  /** End of the destination to put it (default `"right"`, the tail). */
  to?: ListSide;
  /** Wait up to this long when the source is empty (BLMOVE); never forever. */
  waitMs?: number;
}

const SIDES = ["left", "right"] as const;

/**
 * Pushes values onto a list (RPUSH/LPUSH, or the X forms with `onlyIfExists`) and resolves its new length.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for an empty key or value list, or a
 *   null/object value; nothing is written. WrongTypeError (`E_WRONG_TYPE`) when the key is not a list.
 * @example await listPush(redis, "jobs", [JSON.stringify(job)]);
 */
export async function listPush(client: RedisClient, key: string, values: readonly RedisValue[], options: ListPushOptions = {}): Promise<number> {
  assertKey("listPush", key);
  assertValues("listPush", values);
  const { side = "right", onlyIfExists = false } = options;
  assertOneOf("listPush", "side", side, SIDES);
  const command = `${side === "left" ? "l" : "r"}push${onlyIfExists ? "x" : ""}`;
  return toNumber(await sendCommand(client, "listPush", key, command, [key, ...values]));
}

async function popList(client: RedisClient, operation: string, key: string, options: ListPopOptions, buffers: boolean): Promise<unknown> {
  assertKey(operation, key);
  const { side = "left", count, waitMs } = options;
  assertOneOf(operation, "side", side, SIDES);
  if (count !== undefined) assertPositiveInteger(operation, "count", count);
  if (waitMs === undefined) {
    const reply = await sendCommand(client, operation, key, side === "left" ? "lpop" : "rpop", count === undefined ? [key] : [key, count], buffers);
    return count === undefined ? (reply ?? null) : toArray(reply);
  }
  assertMilliseconds(operation, "waitMs", waitMs);
  const reply = await waitWithinCommandTimeout(client, waitMs, (windowMs) =>
    count === undefined
      ? sendCommand(client, operation, key, side === "left" ? "blpop" : "brpop", [key, toTimeoutSeconds(windowMs)], buffers)
      : sendCommand(client, operation, key, "blmpop", [toTimeoutSeconds(windowMs), 1, key, side.toUpperCase(), "COUNT", count], buffers),
  );
  // BLPOP answers [key, element], BLMPOP [key, [elements]], both null on timeout.
  const popped = reply === null ? null : toArray(reply)[1];
  return count === undefined ? (popped ?? null) : toArray(popped);
}

/**
 * Removes and resolves an element from one end of a list, `null` when it is empty (or stayed
 * empty for `waitMs`). With `count` it resolves up to that many, `[]` when none.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a bad side, count or `waitMs` (0 would
 *   block forever); WrongTypeError (`E_WRONG_TYPE`) when the key is not a list.
 * @example const job = await listPop(worker, "jobs", { waitMs: 5_000 });
 */
export function listPop(client: RedisClient, key: string, options?: ListPopOptions & { count?: undefined }): Promise<string | null>;
export function listPop(client: RedisClient, key: string, options: ListPopOptions & { count: number }): Promise<string[]>;
export function listPop(client: RedisClient, key: string, options?: ListPopOptions): Promise<string | null | string[]>;
export function listPop(client: RedisClient, key: string, options: ListPopOptions = {}): Promise<unknown> {
  return popList(client, "listPop", key, options, false);
}

/** {@link listPop} resolving raw bytes, for binary elements. */
export function listPopBuffer(client: RedisClient, key: string, options?: ListPopOptions & { count?: undefined }): Promise<Buffer | null>;
export function listPopBuffer(client: RedisClient, key: string, options: ListPopOptions & { count: number }): Promise<Buffer[]>;
export function listPopBuffer(client: RedisClient, key: string, options?: ListPopOptions): Promise<Buffer | null | Buffer[]>;
export function listPopBuffer(client: RedisClient, key: string, options: ListPopOptions = {}): Promise<unknown> {
  return popList(client, "listPopBuffer", key, options, true);
}

async function rangeOfList(client: RedisClient, operation: string, key: string, options: ListRangeOptions, buffers: boolean): Promise<unknown[]> {
  assertKey(operation, key);
  const { start = 0, count } = (options ?? {}) as Partial<ListRangeOptions>;
  assertInteger(operation, "start", start);
  assertPositiveInteger(operation, "count", count);
  return toArray(await sendCommand(client, operation, key, "lrange", [key, ...windowIndices(start, count)], buffers));
}

/**
 * Reads a window of a list without removing it (LRANGE bounded by `count`); `[]` when missing.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a missing or non-positive `count`;
 *   WrongTypeError (`E_WRONG_TYPE`) when the key is not a list.
 * @example const newest = await listRange(redis, "events", { start: -10, count: 10 });
 */
export function listRange(client: RedisClient, key: string, options: ListRangeOptions): Promise<string[]> {
  return rangeOfList(client, "listRange", key, options, false) as Promise<string[]>;
}

/** {@link listRange} resolving raw bytes, for binary elements. */
export function listRangeBuffer(client: RedisClient, key: string, options: ListRangeOptions): Promise<Buffer[]> {
  return rangeOfList(client, "listRangeBuffer", key, options, true) as Promise<Buffer[]>;
}

/**
 * Length of a list (LLEN); 0 when missing.
 * @throws WrongTypeError (`E_WRONG_TYPE`) when the key is not a list.
 */
export async function listLength(client: RedisClient, key: string): Promise<number> {
  assertKey("listLength", key);
  return toNumber(await sendCommand(client, "listLength", key, "llen", [key]));
}

/**
 * Keeps only the elements from `start` to `stop` (LTRIM), e.g. `{ start: 0, stop: 99 }` for a capped list.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for non-integer indices; WrongTypeError (`E_WRONG_TYPE`).
 */
export async function listTrim(client: RedisClient, key: string, options: ListTrimOptions): Promise<void> {
  assertKey("listTrim", key);
  const { start, stop } = (options ?? {}) as Partial<ListTrimOptions>;
  assertInteger("listTrim", "start", start);
  assertInteger("listTrim", "stop", stop);
  await sendCommand(client, "listTrim", key, "ltrim", [key, start, stop]);
}

/**
 * Atomically moves an element from one list to another (LMOVE, or BLMOVE with `waitMs`) and
 * resolves it, `null` when the source is empty. On a cluster both keys need a common hash tag.
 * @throws CrossSlotError (`E_CROSSSLOT`) when the keys are in different slots, before anything is
 *   sent; InvalidArgumentError (`E_INVALID_ARGUMENT`); WrongTypeError (`E_WRONG_TYPE`).
 * @example const job = await listMove(worker, "{jobs}:ready", "{jobs}:running", { waitMs: 1_000 });
 */
export async function listMove(client: RedisClient, source: string, destination: string, options: ListMoveOptions = {}): Promise<string | null> {
  assertKey("listMove", source, "source");
  assertKey("listMove", destination, "destination");
  const { from = "left", to = "right", waitMs } = options;
  assertOneOf("listMove", "from", from, SIDES);
  assertOneOf("listMove", "to", to, SIDES);
  if (waitMs !== undefined) assertMilliseconds("listMove", "waitMs", waitMs);
  assertSameSlot(client, [source, destination], "listMove");
  const args: RedisValue[] = [source, destination, from.toUpperCase(), to.toUpperCase()];
  if (waitMs === undefined) return (await sendCommand(client, "listMove", source, "lmove", args)) as string | null;
  const moved = await waitWithinCommandTimeout(client, waitMs, (windowMs) =>
    sendCommand(client, "listMove", source, "blmove", [...args, toTimeoutSeconds(windowMs)]),
  );
  return (moved ?? null) as string | null;
}
