import { detectCapabilities } from "../capabilities/capabilities.js";
import type { RedisClient } from "../client/redis-client.js";
import { UnsupportedError } from "../errors/errors.js";
import type { BloomImplementation } from "./bloom-backend.js";
import { runDigestScript } from "./bloom-digest-calls.js";
import { createBloomFilter, openBloomFilter } from "./bloom-filter.js";
import { bloomKeys } from "./bloom-keys.js";
import { type BloomParameters, type BloomSizing, bloomParameters } from "./bloom-parameters.js";
import { type BloomItem, toItemList } from "./bloom-positions.js";
import { addDigestsScript, checkDigestsScript } from "./bloom-scripts.js";

/** What {@link addToBloomFilter} did. */
export interface BloomAddResult {
  /** The engine keeping the filter. */
  implementation: BloomImplementation;
  /** Per item: true when it was surely new, false when it was probably present already. */
  added: boolean[];
}

/** What {@link checkBloomFilter} found. */
export interface BloomCheckResult {
  /** Whether a filter exists under the name (a missing one has seen nothing). */
  exists: boolean;
  /** The engine keeping the filter, when it exists. */
  implementation?: BloomImplementation;
  /** Per item: false means surely never added, true means probably added. */
  present: boolean[];
}

/** A check in adopt mode reads the filter's own size; these header values are never used. */
const UNUSED_SIZING: BloomParameters = { capacity: 0, errorRate: 0, bits: 0, hashes: 0 };

function notServedHere(key: string, implementation: string): UnsupportedError {
  return new UnsupportedError(
    `bloom filter "${key}" is a ${implementation} filter, and this server does not have the RedisBloom module. Load the module, or use another filter name.`,
  );
}

/**
 * Adds items to the Bloom filter named `key`, creating it sized for `sizing` when there is none;
 * an existing filter keeps its own sizing. Unlike open-then-add, a bitmap filter takes one round
 * trip (a script reads the stored size and sets the bits of each item's digest). On a server with
 * RedisBloom, filters are RedisBloom filters, opened first (two round trips). Same keys and bits
 * as {@link createBloomFilter}, so both kinds of use share filters.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a bad key, sizing or item (nothing is
 *   sent); UnsupportedError (`E_UNSUPPORTED`) for a RedisBloom filter on a server without the
 *   module; RedisMcpError when Redis fails.
 * @example const { added } = await addToBloomFilter(redis, "seen-urls", ["https://a.example"], { capacity: 1_000_000, errorRate: 0.01 });
 */
export async function addToBloomFilter(client: RedisClient, key: string, items: readonly BloomItem[], sizing: BloomSizing): Promise<BloomAddResult> {
  const keys = bloomKeys(key);
  const parameters = bloomParameters(sizing);
  const list = toItemList(items, `bloom filter "${key}" add`);
  if ((await detectCapabilities(client)).bloom) {
    const filter = (await openBloomFilter(client, key)) ?? (await createBloomFilter(client, { key, ...sizing }));
    return { implementation: filter.implementation, added: await filter.add(list) };
  }
  const { refusal, flags } = await runDigestScript(client, keys, addDigestsScript, "adopt", parameters, list);
  if (refusal) throw notServedHere(key, refusal[1] ?? "different");
  return { implementation: "bitmap", added: flags };
}

/**
 * Checks items against the Bloom filter named `key`; a missing filter answers `exists: false` and
 * false for every item, and is not created. A bitmap filter takes one round trip; on a server with
 * RedisBloom the filter is opened first (two).
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a bad key or item (nothing is sent);
 *   UnsupportedError (`E_UNSUPPORTED`) for a RedisBloom filter on a server without the module;
 *   RedisMcpError when Redis fails.
 * @example const { present } = await checkBloomFilter(redis, "seen-urls", ["https://c.example"]);
 */
export async function checkBloomFilter(client: RedisClient, key: string, items: readonly BloomItem[]): Promise<BloomCheckResult> {
  const keys = bloomKeys(key);
  const list = toItemList(items, `bloom filter "${key}" check`);
  if ((await detectCapabilities(client)).bloom) {
    const filter = await openBloomFilter(client, key);
    if (!filter) return { exists: false, present: list.map(() => false) };
    return { exists: true, implementation: filter.implementation, present: await filter.check(list) };
  }
  // The size comes from the stored parameters; the header's sizing is not used by a check.
  const { refusal, flags } = await runDigestScript(client, keys, checkDigestsScript, "adopt", UNUSED_SIZING, list);
  if (refusal?.[0] === "missing") return { exists: false, present: list.map(() => false) };
  if (refusal) throw notServedHere(key, refusal[1] ?? "different");
  return { exists: true, implementation: "bitmap", present: flags };
}
