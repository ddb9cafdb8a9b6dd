import { InvalidArgumentError } from "../errors/errors.js";
import type { CacheCodec, CacheOptions, CacheSetOptions, StampedeProtection } from "./cache-types.js";
import { jsonCodec } from "./json-codec.js";

/** Default byte budget of the in-process tier. */
export const DEFAULT_L1_MAX_BYTES = 64 * 1024 * 1024;
/** Most keys, tags or entries one call accepts: one Lua call per bucket stays short. */
export const MAX_BATCH = 10_000;

/** {@link CacheOptions} after validation, with defaults filled in. */
export interface ResolvedCacheOptions {
  namespace: string;
  ttlMs: number;
  ttlJitter: number;
  graceMs: number;
  l1: { maxBytes: number } | false;
  l2: { timeoutMs: number; failureThreshold: number; openMs: number } | false;
  stampede: StampedeProtection;
  lockTtlMs: number;
  lockWaitMs: number;
  lockPollMs: number;
  bus: boolean;
  buckets: number | undefined;
  codec: CacheCodec;
  onError: NonNullable<CacheOptions["onError"]>;
}

/** An entry's write settings after validation. */
export interface EntrySettings {
  ttlMs: number;
  graceMs: number;
  tags: string[];
}

/**
 * Returns `value` (or `fallback` when undefined) if it is an integer in [minimum, maximum].
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) naming the option and the accepted range.
 */
export function integerOption(operation: string, name: string, value: unknown, fallback: number, minimum: number, maximum = Number.MAX_SAFE_INTEGER): number {
  const chosen = value ?? fallback;
  if (typeof chosen !== "number" || !Number.isSafeInteger(chosen) || chosen < minimum || chosen > maximum) {
    const range = maximum === Number.MAX_SAFE_INTEGER ? `an integer of at least ${minimum}` : `an integer from ${minimum} to ${maximum}`;
    throw new InvalidArgumentError(`${operation}: ${name} must be ${range} (milliseconds for times); got ${JSON.stringify(value)}.`);
  }
  return chosen;
}

/**
 * Validates {@link CacheOptions} and fills in defaults.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) naming the bad option.
 */
export function resolveCacheOptions(options: CacheOptions): ResolvedCacheOptions {
  const operation = "createCache";
  if (typeof options !== "object" || options === null)
    throw new InvalidArgumentError(`${operation}: options are required, e.g. { namespace: "pages", ttlMs: 60_000 }.`);
  const { namespace } = options;
  if (typeof namespace !== "string" || namespace.length === 0 || namespace.length > 200 || /[{}\n]/.test(namespace)) {
    throw new InvalidArgumentError(
      `${operation}: namespace must be a non-empty string of at most 200 characters without braces or newlines, e.g. "pages"; got ${JSON.stringify(namespace)}.`,
    );
  }
  const ttlMs = integerOption(operation, "ttlMs", options.ttlMs, Number.NaN, 1);
  const ttlJitter = options.ttlJitter ?? 0;
  if (typeof ttlJitter !== "number" || !(ttlJitter >= 0 && ttlJitter <= 1)) {
    throw new InvalidArgumentError(
      `${operation}: ttlJitter must be a fraction from 0 to 1 (0.1 shortens TTLs by up to 10%); got ${JSON.stringify(ttlJitter)}.`,
    );
  }
  const graceMs = integerOption(operation, "graceMs", options.graceMs, 0, 0);
  let l1: ResolvedCacheOptions["l1"] = { maxBytes: DEFAULT_L1_MAX_BYTES };
  if (options.l1 === false) l1 = false;
  else if (options.l1 !== undefined) {
    if (typeof options.l1 !== "object" || options.l1 === null)
      throw new InvalidArgumentError(`${operation}: l1 must be { maxBytes } or false; got ${JSON.stringify(options.l1)}.`);
    l1 = { maxBytes: integerOption(operation, "l1.maxBytes", options.l1.maxBytes, Number.NaN, 1) };
  }
  let l2: ResolvedCacheOptions["l2"] = { timeoutMs: 250, failureThreshold: 3, openMs: 2_000 };
  if (options.l2 === false) l2 = false;
  else if (options.l2 !== undefined) {
    if (typeof options.l2 !== "object" || options.l2 === null)
      throw new InvalidArgumentError(`${operation}: l2 must be an options object or false; got ${JSON.stringify(options.l2)}.`);
    l2 = {
      timeoutMs: integerOption(operation, "l2.timeoutMs", options.l2.timeoutMs, 250, 1),
      failureThreshold: integerOption(operation, "l2.failureThreshold", options.l2.failureThreshold, 3, 1),
      openMs: integerOption(operation, "l2.openMs", options.l2.openMs, 2_000, 1),
    };
  }
  if (l1 === false && l2 === false) throw new InvalidArgumentError(`${operation}: l1 and l2 are both false; keep at least one tier.`);
  const stampede = options.stampede ?? "process";
  if (stampede !== "process" && stampede !== "distributed") {
    throw new InvalidArgumentError(`${operation}: stampede must be "process" or "distributed"; got ${JSON.stringify(stampede)}.`);
  }
  if (stampede === "distributed" && l2 === false) throw new InvalidArgumentError(`${operation}: stampede "distributed" needs the Redis tier; drop l2: false.`);
  const lockTtlMs = integerOption(operation, "lockTtlMs", options.lockTtlMs, 10_000, 1);
  const lockWaitMs = integerOption(operation, "lockWaitMs", options.lockWaitMs, lockTtlMs, 0);
  const lockPollMs = integerOption(operation, "lockPollMs", options.lockPollMs, 200, 1);
  const bus = options.bus ?? (l1 !== false || stampede === "distributed");
  if (typeof bus !== "boolean") throw new InvalidArgumentError(`${operation}: bus must be true or false; got ${JSON.stringify(bus)}.`);
  const buckets = options.buckets === undefined ? undefined : integerOption(operation, "buckets", options.buckets, 1, 1, 16_384);
  const codec = options.codec ?? jsonCodec;
  if (typeof codec?.encode !== "function" || typeof codec?.decode !== "function") {
    throw new InvalidArgumentError(`${operation}: codec must have encode(value) → Buffer and decode(Buffer) → value.`);
  }
  const onError = options.onError ?? (() => undefined);
  if (typeof onError !== "function") throw new InvalidArgumentError(`${operation}: onError must be a function.`);
  return { namespace, ttlMs, ttlJitter, graceMs, l1, l2, stampede, lockTtlMs, lockWaitMs, lockPollMs, bus, buckets, codec, onError };
}

/**
 * Checks a cache key: a non-empty string of at most 1,024 characters.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`).
 */
export function validateKey(operation: string, key: unknown): string {
  if (typeof key !== "string" || key.length === 0 || key.length > 1_024) {
    throw new InvalidArgumentError(`cache ${operation}: a key must be a non-empty string of at most 1,024 characters; got ${JSON.stringify(key)}.`);
  }
  return key;
}

/**
 * Checks a list of keys (each as {@link validateKey}, at most {@link MAX_BATCH}).
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`).
 */
export function validateKeys(operation: string, keys: unknown): string[] {
  if (!Array.isArray(keys)) throw new InvalidArgumentError(`cache ${operation}: keys must be an array of strings; got ${typeof keys}.`);
  if (keys.length > MAX_BATCH) throw new InvalidArgumentError(`cache ${operation}: at most ${MAX_BATCH} keys per call; got ${keys.length}. Split the list.`);
  return keys.map((key) => validateKey(operation, key));
}

/**
 * Checks tags: non-empty strings of at most 256 characters without newlines.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`).
 */
export function validateTags(operation: string, tags: unknown): string[] {
  if (!Array.isArray(tags)) throw new InvalidArgumentError(`cache ${operation}: tags must be an array of strings; got ${JSON.stringify(tags)}.`);
  if (tags.length > 100) throw new InvalidArgumentError(`cache ${operation}: at most 100 tags per entry; got ${tags.length}.`);
  for (const tag of tags) {
    if (typeof tag !== "string" || tag.length === 0 || tag.length > 256 || tag.includes("\n")) {
      throw new InvalidArgumentError(
        `cache ${operation}: a tag must be a non-empty string of at most 256 characters without newlines; got ${JSON.stringify(tag)}.`,
      );
    }
  }
  return [...new Set(tags as string[])];
}

/**
 * An entry's TTL, grace and tags from the call's options and the cache's defaults, with jitter applied.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a TTL or grace that is not a valid number of milliseconds, or bad tags.
 */
export function entrySettings(operation: string, options: CacheSetOptions | undefined, defaults: ResolvedCacheOptions): EntrySettings {
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw new InvalidArgumentError(`cache ${operation}: options must be an object such as { ttlMs: 60_000, tags: ["user:1"] }.`);
  }
  const ttlMs = integerOption(`cache ${operation}`, "ttlMs", options?.ttlMs, defaults.ttlMs, 1);
  const graceMs = integerOption(`cache ${operation}`, "graceMs", options?.graceMs, defaults.graceMs, 0);
  const tags = options?.tags === undefined ? [] : validateTags(operation, options.tags);
  return { ttlMs: jitteredTtl(ttlMs, defaults.ttlJitter), graceMs, tags };
}

/** `ttlMs` shortened by a random fraction of up to `jitter`, never below 1 ms. */
export function jitteredTtl(ttlMs: number, jitter: number, random: () => number = Math.random): number {
  if (jitter === 0) return ttlMs;
  return Math.max(1, Math.round(ttlMs * (1 - jitter * random())));
}
