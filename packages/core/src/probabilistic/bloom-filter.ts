import { detectCapabilities } from "../capabilities/capabilities.js";
import type { RedisClient } from "../client/redis-client.js";
import { InvalidArgumentError, UnsupportedError } from "../errors/errors.js";
import { withRedisErrors } from "../errors/map-redis-error.js";
import { bitmapBloom } from "./bitmap-bloom.js";
import { type BloomBackend, type BloomFilterInfo, type BloomImplementation, mismatchError, type StoredBloomParameters } from "./bloom-backend.js";
import { type BloomKeys, bloomKeys } from "./bloom-keys.js";
import { bloomParameters, validateBloomSizing } from "./bloom-parameters.js";
import { type BloomItem, toItemList } from "./bloom-positions.js";
import { openBloomScript } from "./bloom-scripts.js";
import { redisBloom } from "./redis-bloom.js";
import { reserveArguments } from "./redis-bloom-commands.js";

/** Options for {@link createBloomFilter}. */
export interface BloomFilterOptions {
  /** Names the filter; its keys are `bloom:{<key>}:parameters` and `bloom:{<key>}:bits` (or `:filter` with RedisBloom). */
  key: string;
  /** Items the filter is built to hold at `errorRate`; beyond it false positives rise. */
  capacity: number;
  /** False-positive probability at capacity, e.g. 0.01; from 1e-12 up to (not including) 1. */
  errorRate: number;
  /**
   * `auto` (default): RedisBloom when the server has it, else a bitmap; an existing filter is opened
   * with the implementation it was created with. `redisbloom` or `bitmap` force one.
   */
  implementation?: BloomImplementation | "auto";
}

/** A Bloom filter in Redis: "surely absent" or "probably present" for each item, never a false negative. */
export interface BloomFilter {
  /** The `key` the filter was opened with. */
  readonly key: string;
  /** The engine keeping this filter. */
  readonly implementation: BloomImplementation;
  /**
   * Adds items in one round trip; true for each item that was surely new, false for one that was
   * probably present already.
   * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for an item that is not a string or Buffer, or
   *   when another filter replaced this one under the key; RedisMcpError when Redis fails.
   */
  add(item: BloomItem): Promise<boolean>;
  add(items: readonly BloomItem[]): Promise<boolean[]>;
  /**
   * Checks items in one round trip: false means surely never added, true means probably added.
   * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) as for `add`; RedisMcpError when Redis fails.
   */
  check(item: BloomItem): Promise<boolean>;
  check(items: readonly BloomItem[]): Promise<boolean[]>;
  /**
   * Parameters, items added and memory, in one round trip.
   * @throws RedisMcpError (`E_REDIS_UNAVAILABLE`, ...) when Redis fails.
   */
  info(): Promise<BloomFilterInfo>;
  /**
   * Empties the filter, keeping its parameters.
   * @throws RedisMcpError (`E_REDIS_UNAVAILABLE`, ...) when Redis fails.
   */
  clear(): Promise<void>;
}

const IMPLEMENTATIONS = ["auto", "redisbloom", "bitmap"];

function backendFor(client: RedisClient, options: BloomFilterOptions, keys: BloomKeys, implementation: BloomImplementation): BloomBackend {
  return implementation === "redisbloom" ? redisBloom(client, keys, options) : bitmapBloom(client, options.key, keys, bloomParameters(options));
}

function openArguments(options: BloomFilterOptions, implementation: BloomImplementation, reset: boolean): (string | number)[] {
  const [errorRate, capacity] = reserveArguments(options);
  const { bits, hashes } = implementation === "bitmap" ? bloomParameters(options) : { bits: 0, hashes: 0 };
  return [reset ? "1" : "0", implementation, capacity, errorRate, bits, hashes];
}

/**
 * Opens (creating if needed) a Bloom filter: with RedisBloom (BF.RESERVE / BF.MADD / BF.MEXISTS)
 * when the server has it, otherwise a bitmap sized m = ceil(-n ln p / (ln 2)^2) bits with
 * k = round((m / n) ln 2) hashes. Parameters are stored beside the filter, so every process opens it
 * the same way. One round trip (plus a cached capabilities check on first use of the client).
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a bad key, capacity, error rate or
 *   implementation, a bitmap over 2^32 bits, or a key already holding a filter with other parameters.
 * @throws UnsupportedError (`E_UNSUPPORTED`) for `implementation: "redisbloom"` without the module.
 * @throws RedisMcpError (`E_REDIS_UNAVAILABLE`, `E_TIMEOUT`, ...) when Redis fails.
 * @example
 * const seen = await createBloomFilter(redis, { key: "seen-urls", capacity: 1_000_000, errorRate: 0.01 });
 * await seen.add(["https://a.example", "https://b.example"]);
 * if (!(await seen.check("https://c.example"))) crawl("https://c.example");
 */
export async function createBloomFilter(client: RedisClient, options: BloomFilterOptions): Promise<BloomFilter> {
  const keys = bloomKeys(options?.key);
  validateBloomSizing(options);
  const wanted = options.implementation ?? "auto";
  if (!IMPLEMENTATIONS.includes(wanted)) {
    throw new InvalidArgumentError(`bloom filter: implementation must be one of ${IMPLEMENTATIONS.join(", ")}; got ${JSON.stringify(wanted)}.`);
  }
  const moduleLoaded = wanted !== "bitmap" && (await detectCapabilities(client)).bloom;
  if (wanted === "redisbloom" && !moduleLoaded) {
    throw new UnsupportedError(
      `bloom filter "${options.key}": the RedisBloom module is not loaded on this server. Load it, or use implementation "auto" or "bitmap".`,
    );
  }
  const chosen: BloomImplementation = moduleLoaded ? "redisbloom" : "bitmap";
  const storageKey = (implementation: BloomImplementation) => (implementation === "redisbloom" ? keys.filter : keys.bits);
  const open = async (implementation: BloomImplementation, reset: boolean) =>
    (await openBloomScript.run(client, [keys.parameters, storageKey(implementation)], openArguments(options, implementation, reset))) as StoredBloomParameters;

  const stored = await open(chosen, false);
  const [storedImplementation, storedCapacity, storedErrorRate] = stored;
  const sameSizing = storedCapacity === String(options.capacity) && storedErrorRate === String(options.errorRate);
  // "auto" follows the filter that exists, as long as this server can serve it.
  const usable = storedImplementation === chosen || (wanted === "auto" && (storedImplementation === "bitmap" || moduleLoaded));
  if (!sameSizing || !usable) throw mismatchError(options.key, stored, { ...options, implementation: chosen });
  return filterOn(client, options, keys, storedImplementation as BloomImplementation, open);
}

/** The filter object over an opened backend; shared by {@link createBloomFilter} and {@link openBloomFilter}. */
function filterOn(
  client: RedisClient,
  options: BloomFilterOptions,
  keys: BloomKeys,
  implementation: BloomImplementation,
  open: (implementation: BloomImplementation, reset: boolean) => Promise<unknown>,
): BloomFilter {
  const backend = backendFor(client, options, keys, implementation);

  async function add(items: BloomItem | readonly BloomItem[]): Promise<boolean | boolean[]> {
    const list = toItemList(items, `bloom filter "${options.key}" add`);
    const flags = list.length === 0 ? [] : await backend.add(list);
    return Array.isArray(items) ? flags : (flags[0] ?? false);
  }
  async function check(items: BloomItem | readonly BloomItem[]): Promise<boolean | boolean[]> {
    const list = toItemList(items, `bloom filter "${options.key}" check`);
    const flags = list.length === 0 ? [] : await backend.check(list);
    return Array.isArray(items) ? flags : (flags[0] ?? false);
  }
  return {
    key: options.key,
    implementation,
    add: add as BloomFilter["add"],
    check: check as BloomFilter["check"],
    info: () => backend.info(),
    async clear() {
      await open(implementation, true);
    },
  };
}

/**
 * Opens an existing filter with the parameters it was created with, in one round trip (HMGET),
 * or returns null when there is none. Never creates a filter: for read-only callers, and for
 * callers that do not know the capacity and error rate.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for an empty key; RedisMcpError when Redis fails.
 * @example const seen = await openBloomFilter(redis, "seen-urls"); if (seen) console.log(await seen.check("https://a.example/"));
 */
export async function openBloomFilter(client: RedisClient, key: string): Promise<BloomFilter | null> {
  const keys = bloomKeys(key);
  const [implementation, capacity, errorRate] = await withRedisErrors(`bloom filter "${key}" open`, () =>
    client.hmget(keys.parameters, "implementation", "capacity", "errorRate"),
  );
  if (implementation === null || capacity === null || errorRate === null) return null;
  const options: BloomFilterOptions = { key, capacity: Number(capacity), errorRate: Number(errorRate), implementation: implementation as BloomImplementation };
  const storageKey = implementation === "redisbloom" ? keys.filter : keys.bits;
  const open = async (chosen: BloomImplementation, reset: boolean) =>
    openBloomScript.run(client, [keys.parameters, storageKey], openArguments(options, chosen, reset));
  return filterOn(client, options, keys, implementation as BloomImplementation, open);
}
