import { InvalidArgumentError } from "../errors/errors.js";

/** The most bits one Redis string holds (512 MiB); SETBIT offsets must stay below it. */
export const MAX_BLOOM_BITS = 2 ** 32;

/** Below this error rate the filter needs over 40 hashes per item: almost always a mistake. */
export const MIN_ERROR_RATE = 1e-12;

/** What a Bloom filter is sized for. */
export interface BloomSizing {
  /** Items the filter is built to hold at `errorRate`. */
  capacity: number;
  /** Probability that `check` says "maybe present" for an item never added, once `capacity` items were added. */
  errorRate: number;
}

/** A sized bitmap Bloom filter: `bits` (m) and `hashes` (k) derived from capacity and error rate. */
export interface BloomParameters extends BloomSizing {
  bits: number;
  hashes: number;
}

/**
 * Rejects capacity and error rates no filter should be built with, before anything is sent.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) naming the bad value and the accepted range.
 */
export function validateBloomSizing(sizing: BloomSizing): void {
  const { capacity, errorRate } = sizing;
  if (!Number.isSafeInteger(capacity) || capacity < 1) {
    throw new InvalidArgumentError(`bloom filter: capacity must be a positive integer (the number of items you expect to add), got ${capacity}.`);
  }
  if (typeof errorRate !== "number" || !(errorRate >= MIN_ERROR_RATE && errorRate < 1)) {
    throw new InvalidArgumentError(
      `bloom filter: errorRate must be a number from ${MIN_ERROR_RATE} up to (not including) 1, e.g. 0.01 for 1% false positives; got ${errorRate}.`,
    );
  }
}

/**
 * Sizes a bitmap Bloom filter: m = ceil(-n ln p / (ln 2)^2) bits and k = round((m / n) ln 2)
 * hashes (at least one), the sizes that minimise the false-positive rate at capacity n.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a bad capacity or error rate, or when the
 *   filter would need more bits than one Redis string holds.
 */
export function bloomParameters(sizing: BloomSizing): BloomParameters {
  validateBloomSizing(sizing);
  const { capacity, errorRate } = sizing;
  const bits = Math.ceil((-capacity * Math.log(errorRate)) / Math.LN2 ** 2);
  if (bits > MAX_BLOOM_BITS) {
    throw new InvalidArgumentError(
      `bloom filter: capacity ${capacity} at errorRate ${errorRate} needs ${bits} bits, but one Redis string holds at most ${MAX_BLOOM_BITS} (512 MiB). Lower the capacity, raise the errorRate, or spread items over several filters (e.g. by a hash of the item).`,
    );
  }
  const hashes = Math.max(1, Math.round((bits / capacity) * Math.LN2));
  return { capacity, errorRate, bits, hashes };
}
