import { InvalidArgumentError } from "../errors/errors.js";
import type { CacheCodec } from "./cache-types.js";

// One leading byte says how the rest is stored, so bytes come back as a Buffer, not as JSON.
const JSON_TAG = 0x6a; // "j"
const BYTES_TAG = 0x62; // "b"

function encode(value: unknown): Buffer {
  if (value instanceof Uint8Array) {
    const bytes = Buffer.allocUnsafe(value.length + 1);
    bytes[0] = BYTES_TAG;
    bytes.set(value, 1);
    return bytes;
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new InvalidArgumentError(`cache: the value is not JSON-serialisable (${(error as Error).message}). Cache plain data or a Buffer, or pass a codec.`, {
      cause: error,
    });
  }
  if (json === undefined) {
    throw new InvalidArgumentError(
      `cache: a ${typeof value} value cannot be cached. Cache plain data (objects, arrays, strings, numbers, null) or a Buffer, or pass a codec.`,
    );
  }
  return Buffer.from(`j${json}`, "utf8");
}

function decode(bytes: Buffer): unknown {
  if (bytes[0] === BYTES_TAG) return Buffer.from(bytes.subarray(1));
  if (bytes[0] === JSON_TAG) return JSON.parse(bytes.toString("utf8", 1));
  throw new TypeError(`unknown type tag ${bytes[0]}`);
}

/**
 * The default codec: JSON for plain data, raw bytes for Buffers and Uint8Arrays (they come back as
 * Buffers, byte for byte). One leading tag byte tells the two apart.
 * @example createCache(redis, { namespace: "pages", ttlMs: 60_000, codec: jsonCodec });
 */
export const jsonCodec: CacheCodec = { encode, decode };
