import { InvalidArgumentError } from "../errors/errors.js";

/** The Redis keys of one Bloom filter; all share the hash tag `{<key>}`, so one Lua call can touch them on a cluster. */
export interface BloomKeys {
  /** Capacity, error rate, implementation (and bits, hashes, items added for the bitmap): a small hash. */
  parameters: string;
  /** The bitmap, when the filter is a bitmap filter. */
  bits: string;
  /** The RedisBloom filter, when the module is used. */
  filter: string;
}

/**
 * The keys of the filter named `key`: `bloom:{<key>}:parameters`, `bloom:{<key>}:bits`,
 * `bloom:{<key>}:filter`.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for an empty key.
 */
export function bloomKeys(key: string): BloomKeys {
  if (typeof key !== "string" || key.length === 0) {
    throw new InvalidArgumentError(`bloom filter: key must be a non-empty string naming the filter, e.g. "seen-urls"; got ${JSON.stringify(key)}.`);
  }
  const base = `bloom:{${key}}`;
  return { parameters: `${base}:parameters`, bits: `${base}:bits`, filter: `${base}:filter` };
}
