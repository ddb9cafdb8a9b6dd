import { InvalidArgumentError } from "../errors/errors.js";
import type { BloomSizing } from "./bloom-parameters.js";
import type { BloomItem } from "./bloom-positions.js";

/** Which engine stores the filter: the RedisBloom module (BF.*) or a plain Redis bitmap. */
export type BloomImplementation = "redisbloom" | "bitmap";

/** What {@link BloomFilter.info} reports. */
export interface BloomFilterInfo {
  implementation: BloomImplementation;
  capacity: number;
  errorRate: number;
  /** Items added that were new to the filter (an add of a probably-present item is not counted). */
  itemsAdded: number;
  /** Bytes the filter's data takes in Redis. */
  sizeBytes: number;
  /** Bits in the bitmap (m); undefined for RedisBloom, which sizes itself. */
  bits: number | undefined;
  /** Bit positions per item (k); undefined for RedisBloom. */
  hashes: number | undefined;
}

/** One implementation's Redis work; lists in, one flag per item out, one round trip each. */
export interface BloomBackend {
  readonly implementation: BloomImplementation;
  add(items: readonly BloomItem[]): Promise<boolean[]>;
  check(items: readonly BloomItem[]): Promise<boolean[]>;
  info(): Promise<BloomFilterInfo>;
}

/** The parameters stored with a filter: implementation, capacity, error rate (as stored, text). */
export type StoredBloomParameters = [implementation: string, capacity: string, errorRate: string];

/** The error for a key that already holds a filter with other parameters. */
export function mismatchError(key: string, stored: StoredBloomParameters, wanted: BloomSizing & { implementation: string }): InvalidArgumentError {
  const [implementation, capacity, errorRate] = stored;
  return new InvalidArgumentError(
    `bloom filter "${key}" already exists with capacity ${capacity}, errorRate ${errorRate} (${implementation}), not capacity ${wanted.capacity}, errorRate ${wanted.errorRate} (${wanted.implementation}). Open it with the stored parameters, choose another key, or delete keys bloom:{${key}}:* to start over.`,
  );
}
