import type { RedisClient } from "../client/redis-client.js";
import { sendCommand, sendTransaction } from "./command.js";
import { pairsOf, toArray, toNumber, toNumberOrNull } from "./replies.js";
import {
  assertFinite,
  assertInteger,
  assertKey,
  assertOneOf,
  assertPositiveInteger,
  assertScore,
  assertValue,
  assertValues,
  invalidArgument,
  type RedisValue,
} from "./validate.js";
import { windowIndices } from "./window.js";

/** A sorted-set member with its score (±Infinity are valid scores). */
export interface SortedSetMember<T = string> {
  member: T;
  score: number;
}

/** Options for {@link sortedSetAdd}. */
export interface SortedSetAddOptions {
  /** `"NX"`: only add new members; `"XX"`: only update existing ones. */
  condition?: "NX" | "XX";
  /** `"GT"`/`"LT"`: only update a score when the new one is greater/less (new members are still added). Not with NX. */
  compare?: "GT" | "LT";
  /** Resolve how many members were added or had their score changed (CH), not only added. */
  countChanged?: boolean;
}

interface RangeWindow {
  /** Iterate from the highest score/rank down (REV). */
  reverse?: boolean;
  /** Skip this many (default 0). By rank a negative offset counts from the end. */
  offset?: number;
  /** Most members to return: every range is bounded, whatever the set's size. */
  limit: number;
}

/** Range by position: `offset` is the first rank (0 = lowest score, or highest with `reverse`). */
export interface SortedSetRankRange extends RangeWindow {
  by?: "rank";
  withScores?: boolean;
}

/** Score bounds, inclusive unless `minExclusive`/`maxExclusive`; an omitted bound is open (-inf/+inf). */
export interface SortedSetScoreBounds {
  by?: "score";
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

/** Member-name bounds, for members that all share one score; inclusive unless exclusive, an omitted bound is open. */
export interface SortedSetLexBounds {
  by: "lex";
  min?: string;
  max?: string;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

/** Range by score (BYSCORE). */
export interface SortedSetScoreRange extends SortedSetScoreBounds, RangeWindow {
  by: "score";
  withScores?: boolean;
}

/** Range by member name (BYLEX). */
export interface SortedSetLexRange extends SortedSetLexBounds, RangeWindow {
  /** Redis cannot return scores with a lexicographic range. */
  withScores?: false;
}

/** Options for {@link sortedSetRange}. */
export type SortedSetRangeOptions = SortedSetRankRange | SortedSetScoreRange | SortedSetLexRange;

/** Options for {@link sortedSetCount}: score bounds (default, ZCOUNT) or name bounds (ZLEXCOUNT). */
export type SortedSetCountOptions = SortedSetScoreBounds | SortedSetLexBounds;

/** Options for {@link sortedSetPop}. */
export interface SortedSetPopOptions {
  /** `"min"` (default, ZPOPMIN) or `"max"` (ZPOPMAX). */
  from?: "min" | "max";
  /** Pop up to this many and resolve an array. */
  count?: number;
}

/** Where a member stands: {@link sortedSetScore}. */
export interface MemberStanding {
  score: number;
  /** 0-based position by ascending score (descending with `reverse`). */
  rank: number;
}

const CONDITIONS = ["NX", "XX"] as const;
const COMPARISONS = ["GT", "LT"] as const;
const ORDERS = ["rank", "score", "lex"] as const;

/** A score as Redis reads it: `+inf`/`-inf` for the infinities, `(` in front when exclusive. */
export function scoreArgument(score: number, exclusive = false): string {
  const text = score === Number.POSITIVE_INFINITY ? "+inf" : score === Number.NEGATIVE_INFINITY ? "-inf" : String(score);
  return exclusive ? `(${text}` : text;
}

function lexArgument(operation: string, name: string, value: string | undefined, exclusive: boolean | undefined, open: "-" | "+"): string {
  if (value === undefined) return open;
  if (typeof value !== "string") throw invalidArgument(operation, `${name} must be a string (omit it for an open end)`, value);
  return `${exclusive ? "(" : "["}${value}`;
}

/** Validated [min, max] arguments of a score or lex range (ZRANGE BYSCORE/BYLEX, ZCOUNT, ZLEXCOUNT). */
function boundArguments(operation: string, options: SortedSetCountOptions): [min: string, max: string] {
  if (options.by === "lex") {
    return [lexArgument(operation, "min", options.min, options.minExclusive, "-"), lexArgument(operation, "max", options.max, options.maxExclusive, "+")];
  }
  const { min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY } = options;
  assertScore(operation, "min", min);
  assertScore(operation, "max", max);
  return [scoreArgument(min, options.minExclusive), scoreArgument(max, options.maxExclusive)];
}

/**
 * Validates range options and builds the ZRANGE arguments (Redis ≥ 6.2 syntax: BYSCORE/BYLEX,
 * REV, LIMIT). By rank the window becomes start/stop indices, as LIMIT only applies to the others.
 */
export function sortedSetRangeArguments(operation: string, key: string, options: SortedSetRangeOptions): RedisValue[] {
  const { by = "rank", reverse = false, offset = 0, limit, withScores = false } = options ?? ({} as Partial<SortedSetRangeOptions>);
  assertOneOf(operation, "by", by, ORDERS);
  assertInteger(operation, "offset", offset);
  assertPositiveInteger(operation, "limit", limit);
  if (by === "lex" && withScores) {
    throw invalidArgument(operation, 'withScores cannot be used with by: "lex" (Redis has no scores for a lexicographic range)', withScores);
  }
  const args: RedisValue[] = [key];
  if (by === "rank") {
    args.push(...windowIndices(offset, limit));
  } else {
    if (offset < 0) throw invalidArgument(operation, `offset must be 0 or more when ranging by ${by}`, offset);
    const [min, max] = boundArguments(operation, options as SortedSetScoreRange | SortedSetLexRange);
    // With REV, Redis expects the upper bound first.
    if (reverse) args.push(max, min);
    else args.push(min, max);
    args.push(by === "score" ? "BYSCORE" : "BYLEX");
  }
  if (reverse) args.push("REV");
  if (by !== "rank") args.push("LIMIT", offset, limit);
  if (withScores) args.push("WITHSCORES");
  return args;
}

/** Member/score pairs from a flat `[m, s, m, s]` or nested `[[m, s]]` reply. */
function toScoredMembers<T>(reply: unknown): SortedSetMember<T>[] {
  return pairsOf(reply).map(([member, score]) => ({ member: member as T, score: toNumber(score) }));
}

/**
 * Adds members or updates their scores (ZADD) and resolves how many were added (or changed, with `countChanged`).
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for no members, a NaN score, or NX with
 *   GT/LT; nothing is written. WrongTypeError (`E_WRONG_TYPE`) when the key is not a sorted set.
 * @example await sortedSetAdd(redis, "leaderboard", [{ member: "ada", score: 42 }], { compare: "GT" });
 */
export async function sortedSetAdd(
  client: RedisClient,
  key: string,
  members: readonly SortedSetMember<RedisValue>[] | Readonly<Record<string, number>>,
  options: SortedSetAddOptions = {},
): Promise<number> {
  assertKey("sortedSetAdd", key);
  const { condition, compare, countChanged = false } = options ?? {};
  const args: RedisValue[] = [key];
  if (condition !== undefined) {
    assertOneOf("sortedSetAdd", "condition", condition, CONDITIONS);
    args.push(condition);
  }
  if (compare !== undefined) {
    assertOneOf("sortedSetAdd", "compare", compare, COMPARISONS);
    if (condition === "NX") {
      throw invalidArgument("sortedSetAdd", 'compare ("GT"/"LT") only applies to updates, so it cannot be combined with condition "NX"', compare);
    }
    args.push(compare);
  }
  if (countChanged) args.push("CH");
  const pairs = Array.isArray(members)
    ? (members as readonly SortedSetMember<RedisValue>[])
    : Object.entries(members ?? {}).map(([member, score]) => ({ member, score }));
  for (const entry of pairs) {
    assertValue("sortedSetAdd", entry?.member, "every member");
    assertScore("sortedSetAdd", `the score of ${JSON.stringify(String(entry.member))}`, entry.score);
    args.push(scoreArgument(entry.score), entry.member);
  }
  if (pairs.length === 0) throw invalidArgument("sortedSetAdd", "members must hold at least one { member, score }", members);
  return toNumber(await sendCommand(client, "sortedSetAdd", key, "zadd", args));
}

async function rangeOfSortedSet(client: RedisClient, operation: string, key: string, options: SortedSetRangeOptions, buffers: boolean): Promise<unknown[]> {
  assertKey(operation, key);
  const reply = await sendCommand(client, operation, key, "zrange", sortedSetRangeArguments(operation, key, options), buffers);
  return options.withScores ? toScoredMembers(reply) : toArray(reply);
}

/**
 * Reads a bounded range of a sorted set by rank, score or member name, in one ZRANGE (Redis ≥ 6.2),
 * optionally reversed and with scores (`{ member, score }`, infinities as ±Infinity).
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a missing `limit`, a NaN bound or
 *   `withScores` with `by: "lex"`; WrongTypeError (`E_WRONG_TYPE`) when the key is not a sorted set.
 * @example const top10 = await sortedSetRange(redis, "leaderboard", { reverse: true, limit: 10, withScores: true });
 */
export function sortedSetRange(client: RedisClient, key: string, options: SortedSetRangeOptions & { withScores: true }): Promise<SortedSetMember[]>;
export function sortedSetRange(client: RedisClient, key: string, options: SortedSetRangeOptions & { withScores?: false }): Promise<string[]>;
export function sortedSetRange(client: RedisClient, key: string, options: SortedSetRangeOptions): Promise<string[] | SortedSetMember[]>;
export function sortedSetRange(client: RedisClient, key: string, options: SortedSetRangeOptions): Promise<unknown[]> {
  return rangeOfSortedSet(client, "sortedSetRange", key, options, false);
}

/** {@link sortedSetRange} resolving members as raw bytes, for binary members. */
export function sortedSetRangeBuffer(
  client: RedisClient,
  key: string,
  options: SortedSetRangeOptions & { withScores: true },
): Promise<SortedSetMember<Buffer>[]>;
export function sortedSetRangeBuffer(client: RedisClient, key: string, options: SortedSetRangeOptions & { withScores?: false }): Promise<Buffer[]>;
export function sortedSetRangeBuffer(client: RedisClient, key: string, options: SortedSetRangeOptions): Promise<Buffer[] | SortedSetMember<Buffer>[]>;
export function sortedSetRangeBuffer(client: RedisClient, key: string, options: SortedSetRangeOptions): Promise<unknown[]> {
  return rangeOfSortedSet(client, "sortedSetRangeBuffer", key, options, true);
}

/**
 * A member's score and rank in one round trip (ZSCORE + ZRANK in one MULTI, so both describe the
 * same moment); `null` when the member (or key) is missing.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`); WrongTypeError (`E_WRONG_TYPE`).
 * @example const standing = await sortedSetScore(redis, "leaderboard", "ada", { reverse: true });
 */
export async function sortedSetScore(
  client: RedisClient,
  key: string,
  member: RedisValue,
  options: { reverse?: boolean } = {},
): Promise<MemberStanding | null> {
  assertKey("sortedSetScore", key);
  assertValue("sortedSetScore", member, "member");
  const [score, rank] = await sendTransaction(client, "sortedSetScore", key, (transaction) =>
    options?.reverse ? transaction.zscore(key, member).zrevrank(key, member) : transaction.zscore(key, member).zrank(key, member),
  );
  const parsed = toNumberOrNull(score);
  return parsed === null || rank === null || rank === undefined ? null : { score: parsed, rank: toNumber(rank) };
}

/**
 * Adds `by` (default 1) to a member's score, adding the member at 0 first (ZINCRBY); resolves the new score.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a non-finite `by`; WrongTypeError (`E_WRONG_TYPE`).
 */
export async function sortedSetIncrement(client: RedisClient, key: string, member: RedisValue, options: { by?: number } = {}): Promise<number> {
  assertKey("sortedSetIncrement", key);
  assertValue("sortedSetIncrement", member, "member");
  const { by = 1 } = options ?? {};
  assertFinite("sortedSetIncrement", "by", by);
  return toNumber(await sendCommand(client, "sortedSetIncrement", key, "zincrby", [key, by, member]));
}

/**
 * Removes members (ZREM) and resolves how many were there.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`); WrongTypeError (`E_WRONG_TYPE`).
 */
export async function sortedSetRemove(client: RedisClient, key: string, members: readonly RedisValue[]): Promise<number> {
  assertKey("sortedSetRemove", key);
  assertValues("sortedSetRemove", members, "members");
  return toNumber(await sendCommand(client, "sortedSetRemove", key, "zrem", [key, ...members]));
}

/**
 * Counts members within score bounds (ZCOUNT; all by default) or name bounds (`by: "lex"`, ZLEXCOUNT).
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a NaN bound; WrongTypeError (`E_WRONG_TYPE`).
 */
export async function sortedSetCount(client: RedisClient, key: string, options: SortedSetCountOptions = {}): Promise<number> {
  assertKey("sortedSetCount", key);
  const bounds = options ?? {};
  const by = bounds.by ?? "score";
  assertOneOf("sortedSetCount", "by", by, ["score", "lex"] as const);
  const [min, max] = boundArguments("sortedSetCount", bounds);
  return toNumber(await sendCommand(client, "sortedSetCount", key, by === "lex" ? "zlexcount" : "zcount", [key, min, max]));
}

async function popSortedSet(client: RedisClient, operation: string, key: string, options: SortedSetPopOptions, buffers: boolean): Promise<unknown> {
  assertKey(operation, key);
  const { from = "min", count } = options ?? {};
  assertOneOf(operation, "from", from, ["min", "max"] as const);
  if (count !== undefined) assertPositiveInteger(operation, "count", count);
  const popped = toScoredMembers(
    await sendCommand(client, operation, key, from === "min" ? "zpopmin" : "zpopmax", count === undefined ? [key] : [key, count], buffers),
  );
  return count === undefined ? (popped[0] ?? null) : popped;
}

/**
 * Removes and resolves the lowest-scored member (ZPOPMIN; highest with `from: "max"`), `null`
 * when empty; with `count`, up to that many in order, `[]` when empty.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`); WrongTypeError (`E_WRONG_TYPE`).
 * @example const next = await sortedSetPop(redis, "{jobs}:delayed");
 */
export function sortedSetPop(client: RedisClient, key: string, options?: SortedSetPopOptions & { count?: undefined }): Promise<SortedSetMember | null>;
export function sortedSetPop(client: RedisClient, key: string, options: SortedSetPopOptions & { count: number }): Promise<SortedSetMember[]>;
export function sortedSetPop(client: RedisClient, key: string, options?: SortedSetPopOptions): Promise<SortedSetMember | null | SortedSetMember[]>;
export function sortedSetPop(client: RedisClient, key: string, options: SortedSetPopOptions = {}): Promise<unknown> {
  return popSortedSet(client, "sortedSetPop", key, options, false);
}

/** {@link sortedSetPop} resolving members as raw bytes, for binary members. */
export function sortedSetPopBuffer(
  client: RedisClient,
  key: string,
  options?: SortedSetPopOptions & { count?: undefined },
): Promise<SortedSetMember<Buffer> | null>;
export function sortedSetPopBuffer(client: RedisClient, key: string, options: SortedSetPopOptions & { count: number }): Promise<SortedSetMember<Buffer>[]>;
export function sortedSetPopBuffer(
  client: RedisClient,
  key: string,
  options?: SortedSetPopOptions,
): Promise<SortedSetMember<Buffer> | null | SortedSetMember<Buffer>[]>;
export function sortedSetPopBuffer(client: RedisClient, key: string, options: SortedSetPopOptions = {}): Promise<unknown> {
  return popSortedSet(client, "sortedSetPopBuffer", key, options, true);
}
