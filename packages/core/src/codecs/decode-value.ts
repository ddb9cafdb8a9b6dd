import { InvalidArgumentError } from "../errors/errors.js";
import { decodeUtf8Strictly } from "./utf8.js";
import type { DecodedValue, DecodeEncoding } from "./value-encoding.js";

const DECODE_ENCODINGS: readonly DecodeEncoding[] = ["auto", "utf8", "base64", "json"];

/**
 * Turns bytes read from Redis into text without losing any of them: `auto` (default) gives UTF-8
 * text when the bytes are valid UTF-8 and base64 otherwise; `utf8`, `base64` and `json` insist.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for an unknown encoding, or when the bytes are
 *   not valid UTF-8 (`utf8`, `json`) or not valid JSON (`json`).
 * @example decodeValue(await redis.getBuffer("avatar")) // { encoding: "base64", value: "iVBORw0..." }
 */
export function decodeValue(bytes: Uint8Array, encoding: DecodeEncoding = "auto"): DecodedValue {
  if (!DECODE_ENCODINGS.includes(encoding)) {
    throw new InvalidArgumentError(`decodeValue: encoding must be one of ${DECODE_ENCODINGS.join(", ")}, got ${JSON.stringify(encoding)}.`);
  }
  if (encoding === "base64") return { encoding, value: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64") };
  const text = decodeUtf8Strictly(bytes);
  if (encoding === "auto") {
    return text === undefined ? decodeValue(bytes, "base64") : { encoding: "utf8", value: text };
  }
  if (text === undefined) {
    throw new InvalidArgumentError(`decodeValue: the value is not valid UTF-8, so it cannot be read as ${encoding}. Use encoding "base64" or "auto".`);
  }
  if (encoding === "utf8") return { encoding, value: text };
  try {
    return { encoding, value: JSON.parse(text) as unknown };
  } catch (error) {
    throw new InvalidArgumentError(
      `decodeValue: the value is not valid JSON (${(error as Error).message}). Use encoding "utf8" or "auto" to read it as text.`,
      {
        cause: error,
      },
    );
  }
}
