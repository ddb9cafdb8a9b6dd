import { InvalidArgumentError } from "../errors/errors.js";

// One leading byte says how the rest is stored, so a string comes back a string and bytes come back bytes.
const JSON_TAG = "j";
const TEXT_TAG = "s";
const BYTES_TAG = "b";

/**
 * Stores a payload: bytes (Buffer, Uint8Array) as they are, strings as UTF-8, anything else as JSON.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a value JSON cannot represent
 *   (undefined, a function, a BigInt, a cycle).
 */
export function encodePayload(payload: unknown): string | Buffer {
  if (payload instanceof Uint8Array) return Buffer.concat([Buffer.from(BYTES_TAG), payload]);
  if (typeof payload === "string") return TEXT_TAG + payload;
  let json: string | undefined;
  try {
    json = JSON.stringify(payload);
  } catch (error) {
    throw new InvalidArgumentError(`queue: the payload is not JSON-serialisable (${(error as Error).message}). Pass plain data, a string or a Buffer.`, {
      cause: error,
    });
  }
  if (json === undefined) {
    throw new InvalidArgumentError(
      `queue: a ${typeof payload} payload cannot be stored. Pass plain data (objects, arrays, numbers, null), a string or a Buffer.`,
    );
  }
  return JSON_TAG + json;
}

/**
 * Reads a payload stored by {@link encodePayload}: bytes come back as a Buffer.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for data this codec did not write.
 */
export function decodePayload(stored: Buffer): unknown {
  const tag = String.fromCharCode(stored[0] ?? 0);
  const body = stored.subarray(1);
  if (tag === BYTES_TAG) return Buffer.from(body);
  if (tag === TEXT_TAG) return body.toString("utf8");
  if (tag === JSON_TAG) return JSON.parse(body.toString("utf8"));
  throw new InvalidArgumentError(`queue: a stored payload has no known type tag (${JSON.stringify(tag)}); it was not written by this queue.`);
}
