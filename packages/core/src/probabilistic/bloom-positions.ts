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
 * The two numbers an item's bit positions are derived from, whatever the filter's size: the first
 * two big-endian 32-bit words of its SHA-256. A script that knows the size turns them into the
 * same positions as {@link bloomPositions}.
 */
export function bloomDigest(item: BloomItem): [number, number] {
  const digest = createHash("sha256").update(item).digest();
  return [digest.readUInt32BE(0), digest.readUInt32BE(4)];
}

/**
 * The `hashes` bit positions of an item in a filter of `bits` bits, by double hashing
 * (h1 + i * h2 mod m) over SHA-256: the same in every process and on every platform, so filters
 * written by one service are read correctly by another. The reference definition: the bitmap
 * scripts compute the same positions in Lua from {@link bloomDigest}, and tests hold both to it.
 */
export function bloomPositions(item: BloomItem, bits: number, hashes: number): number[] {
  const [h1, h2] = bloomDigest(item);
  // Reduce first: with both below m <= 2^32 and i < 64, h1 + i * h2 stays exact in a double.
  const first = h1 % bits;
  // A zero step would put every hash on the same bit.
  const step = h2 % bits || 1;
  const positions: number[] = new Array(hashes);
  for (let index = 0; index < hashes; index++) positions[index] = (first + index * step) % bits;
  return positions;
}
