import type { RedisClient } from "../client/redis-client.js";
import { assertSameSlot } from "../cluster/slots.js";
import { sendCommand } from "./command.js";
import { toArray, toBoolean, toNumber, toText } from "./replies.js";
import { type CollectionScanOptions, scanPageArguments } from "./scan-page.js";
import { assertKey, assertKeys, assertOneOf, assertPositiveInteger, assertValue, assertValues, type RedisValue } from "./validate.js";

/** One page of {@link setScan}. */
export interface SetScanPage<T> {
  /** Pass back as `cursor` for the next page; `"0"` when the scan is complete. */
  cursor: string;
  /** True when this was the last page. */
  done: boolean;
  /** Members on this page. A member may appear on more than one page if the set changes meanwhile. */
  members: T[];
}

/** How {@link setCombine} combines its sets. `"difference"`: members of the first set absent from the others. */
export type SetOperation = "union" | "intersection" | "difference";

/** Options for {@link setCombine}. */
export interface SetCombineOptions {
  operation: SetOperation;
  /** Store the result in this key (SUNIONSTORE, ...; replaced) and resolve its size instead of the members. */
  storeIn?: string;
}

/** Options for {@link setRandomMembers}. */
export interface SetRandomMembersOptions {
  /** How many (default 1). Without duplicates you get at most the set's size. */
  count?: number;
  /** Allow the same member more than once (SRANDMEMBER with a negative count). */
  allowDuplicates?: boolean;
}

const OPERATIONS = ["union", "intersection", "difference"] as const;
const COMMANDS: Record<SetOperation, string> = { union: "sunion", intersection: "sinter", difference: "sdiff" };

/**
 * Adds members to a set (SADD, creating it) and resolves how many were new.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for an empty key or member list; nothing is
 *   written. WrongTypeError (`E_WRONG_TYPE`) when the key is not a set.
 * @example await setAdd(redis, "tags:post:1", ["redis", "cache"]);
 */
export async function setAdd(client: RedisClient, key: string, members: readonly RedisValue[]): Promise<number> {
  assertKey("setAdd", key);
  assertValues("setAdd", members, "members");
  return toNumber(await sendCommand(client, "setAdd", key, "sadd", [key, ...members]));
}

/**
 * Removes members from a set (SREM) and resolves how many were there.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`); WrongTypeError (`E_WRONG_TYPE`).
 */
export async function setRemove(client: RedisClient, key: string, members: readonly RedisValue[]): Promise<number> {
  assertKey("setRemove", key);
  assertValues("setRemove", members, "members");
  return toNumber(await sendCommand(client, "setRemove", key, "srem", [key, ...members]));
}

/**
 * Whether a value is a member of a set (SISMEMBER).
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`); WrongTypeError (`E_WRONG_TYPE`).
 */
export async function setIsMember(client: RedisClient, key: string, member: RedisValue): Promise<boolean> {
  assertKey("setIsMember", key);
  assertValue("setIsMember", member, "member");
  return toBoolean(await sendCommand(client, "setIsMember", key, "sismember", [key, member]));
}

/**
 * Membership of several values in one round trip (SMISMEMBER, Redis ≥ 6.2), in the caller's order.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`); WrongTypeError (`E_WRONG_TYPE`).
 */
export async function setAreMembers(client: RedisClient, key: string, members: readonly RedisValue[]): Promise<boolean[]> {
  assertKey("setAreMembers", key);
  assertValues("setAreMembers", members, "members");
  return toArray(await sendCommand(client, "setAreMembers", key, "smismember", [key, ...members])).map(toBoolean);
}

/**
 * Number of members (SCARD); 0 when the key is missing.
 * @throws WrongTypeError (`E_WRONG_TYPE`) when the key is not a set.
 */
export async function setCardinality(client: RedisClient, key: string): Promise<number> {
  assertKey("setCardinality", key);
  return toNumber(await sendCommand(client, "setCardinality", key, "scard", [key]));
}

async function scanSet<T>(client: RedisClient, operation: string, key: string, options: CollectionScanOptions, buffers: boolean): Promise<SetScanPage<T>> {
  assertKey(operation, key);
  const reply = toArray(await sendCommand(client, operation, key, "sscan", scanPageArguments(operation, key, options ?? {}), buffers));
  const cursor = toText(reply[0] ?? "0");
  return { cursor, done: cursor === "0", members: toArray(reply[1]) as T[] };
}

/**
 * One page of a set's members (SSCAN): bounded work per call, unlike SMEMBERS on a set of unknown
 * size. Loop until `done`, passing back `cursor`.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a malformed cursor or count;
 *   WrongTypeError (`E_WRONG_TYPE`) when the key is not a set.
 * @example
 * for (let page = await setScan(redis, "online"); ; page = await setScan(redis, "online", { cursor: page.cursor })) {
 *   notify(page.members);
 *   if (page.done) break;
 * }
 */
export function setScan(client: RedisClient, key: string, options: CollectionScanOptions = {}): Promise<SetScanPage<string>> {
  return scanSet<string>(client, "setScan", key, options, false);
}

/** {@link setScan} resolving raw bytes, for binary members. */
export function setScanBuffer(client: RedisClient, key: string, options: CollectionScanOptions = {}): Promise<SetScanPage<Buffer>> {
  return scanSet<Buffer>(client, "setScanBuffer", key, options, true);
}

async function combineSets(client: RedisClient, operation: string, keys: readonly string[], options: SetCombineOptions, buffers: boolean): Promise<unknown> {
  assertKeys(operation, keys);
  const { operation: combination, storeIn } = (options ?? {}) as Partial<SetCombineOptions>;
  assertOneOf(operation, "operation", combination, OPERATIONS);
  const command = COMMANDS[combination];
  if (storeIn === undefined) {
    assertSameSlot(client, keys, operation);
    return toArray(await sendCommand(client, operation, keys[0] as string, command, [...keys], buffers));
  }
  assertKey(operation, storeIn, "storeIn");
  assertSameSlot(client, [storeIn, ...keys], operation);
  return toNumber(await sendCommand(client, operation, storeIn, `${command}store`, [storeIn, ...keys]));
}

/**
 * Union, intersection or difference of sets (SUNION/SINTER/SDIFF) in one command, resolving the
 * members, or with `storeIn` storing them (…STORE) and resolving the count. The result can be as
 * large as the inputs: for big sets store it and read it with {@link setScan}. On a cluster all
 * keys (and `storeIn`) need a common hash tag.
 * @throws CrossSlotError (`E_CROSSSLOT`) when the keys are in different slots, before anything is
 *   sent; InvalidArgumentError (`E_INVALID_ARGUMENT`); WrongTypeError (`E_WRONG_TYPE`).
 * @example const both = await setCombine(redis, ["{u:1}:likes", "{u:1}:follows"], { operation: "intersection" });
 */
export function setCombine(client: RedisClient, keys: readonly string[], options: SetCombineOptions & { storeIn: string }): Promise<number>;
export function setCombine(client: RedisClient, keys: readonly string[], options: SetCombineOptions & { storeIn?: undefined }): Promise<string[]>;
export function setCombine(client: RedisClient, keys: readonly string[], options: SetCombineOptions): Promise<number | string[]>;
export function setCombine(client: RedisClient, keys: readonly string[], options: SetCombineOptions): Promise<unknown> {
  return combineSets(client, "setCombine", keys, options, false);
}

/** {@link setCombine} resolving raw bytes (without `storeIn`), for binary members. */
export function setCombineBuffer(client: RedisClient, keys: readonly string[], options: SetCombineOptions & { storeIn?: undefined }): Promise<Buffer[]> {
  return combineSets(client, "setCombineBuffer", keys, options, true) as Promise<Buffer[]>;
}

async function randomMembers(client: RedisClient, operation: string, key: string, options: SetRandomMembersOptions, buffers: boolean): Promise<unknown[]> {
  assertKey(operation, key);
  const { count = 1, allowDuplicates = false } = options ?? {};
  assertPositiveInteger(operation, "count", count);
  return toArray(await sendCommand(client, operation, key, "srandmember", [key, allowDuplicates ? -count : count], buffers));
}

/**
 * Random members without removing them (SRANDMEMBER with a count); `[]` when the key is missing.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a non-positive count; WrongTypeError (`E_WRONG_TYPE`).
 */
export function setRandomMembers(client: RedisClient, key: string, options: SetRandomMembersOptions = {}): Promise<string[]> {
  return randomMembers(client, "setRandomMembers", key, options, false) as Promise<string[]>;
}

/** {@link setRandomMembers} resolving raw bytes, for binary members. */
export function setRandomMembersBuffer(client: RedisClient, key: string, options: SetRandomMembersOptions = {}): Promise<Buffer[]> {
  return randomMembers(client, "setRandomMembersBuffer", key, options, true) as Promise<Buffer[]>;
}
