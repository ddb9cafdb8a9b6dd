import { createHash } from "node:crypto";
import { InvalidArgumentError } from "../errors/errors.js";

/** What a Bloom filter holds: text (hashed as UTF-8) or bytes. */
export type BloomItem = string | Buffer;

/**
 * Turns one item or a list into a list, rejecting anything that is not a string or a Buffer.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) naming the position of the bad item.
 */
export function toItemList(items: BloomItem | readonly BloomItem[], operation: string): BloomItem[] {
  const list = Array.isArray(items) ? [...(items as readonly BloomItem[])] : [items as BloomItem];
  list.forEach((item, index) => {
    if (typeof item !== "string" && !Buffer.isBuffer(item)) {
      throw new InvalidArgumentError(`${operation}: item ${index} is a ${typeof item}; pass strings or Buffers (e.g. String(id) or JSON.stringify(value)).`);
    }
  });
  return list;
}

/**
 * The `hashes` bit positions of an item in a filter of `bits` bits, by double hashing
 * (h1 + i * h2 mod m) over SHA-256: the same in every process and on every platform, so filters
 * written by one service are read correctly by another.
 */
export function bloomPositions(item: BloomItem, bits: number, hashes: number): number[] {
  const digest = createHash("sha256").update(item).digest();
  // Reduce first: with both below m <= 2^32 and i < 64, h1 + i * h2 stays exact in a double.
  const first = digest.readUInt32BE(0) % bits;
  // A zero step would put every hash on the same bit.
  const step = digest.readUInt32BE(4) % bits || 1;
  const positions: number[] = new Array(hashes);
  for (let index = 0; index < hashes; index++) positions[index] = (first + index * step) % bits;
  return positions;
}
