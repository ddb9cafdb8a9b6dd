import { InvalidArgumentError } from "../errors/errors.js";
import type { DecodedValue, ValueEncoding } from "./value-encoding.js";

// Canonical base64 with padding: what Buffer#toString("base64") produces. Node's decoder skips
// characters it does not know, so anything looser would silently store other bytes.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// In a `u` regex a surrogate pair is one code point, so this matches only lone surrogates, which
// UTF-8 cannot represent (Buffer.from would replace them with U+FFFD).
const LONE_SURROGATE = /\p{Surrogate}/u;

const ENCODINGS: readonly ValueEncoding[] = ["utf8", "base64", "json"];

function encodeUtf8(text: unknown): Buffer {
  if (typeof text !== "string") throw new InvalidArgumentError(`encodeValue: a utf8 value must be a string, got ${typeof text}.`);
  if (LONE_SURROGATE.test(text)) {
    throw new InvalidArgumentError(
      "encodeValue: the string contains a lone UTF-16 surrogate, which UTF-8 cannot store. Fix the text, or send the bytes with encoding base64.",
    );
  }
  return Buffer.from(text, "utf8");
}

function encodeBase64(text: unknown): Buffer {
  if (typeof text !== "string") throw new InvalidArgumentError(`encodeValue: a base64 value must be a string, got ${typeof text}.`);
  const bytes = BASE64.test(text) ? Buffer.from(text, "base64") : undefined;
  // The regex lets through unused bits set in the last character ("QR==" for "A"); the round
  // trip catches those, so one value never has two spellings.
  if (bytes === undefined || bytes.toString("base64") !== text) {
    throw new InvalidArgumentError(
      "encodeValue: the value is not canonical base64 (A-Z, a-z, 0-9, + and /, padded with = to a multiple of 4, no spaces or line breaks). Encode the bytes with standard base64.",
    );
  }
  return bytes;
}

function encodeJson(value: unknown): Buffer {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new InvalidArgumentError(
      `encodeValue: the value cannot be serialized as JSON (${(error as Error).message}). Pass plain data without cycles or BigInts.`,
      {
        cause: error,
      },
    );
  }
  if (text === undefined) {
    throw new InvalidArgumentError(`encodeValue: a ${typeof value} has no JSON form. Pass an object, array, string, number, boolean or null.`);
  }
  return Buffer.from(text, "utf8");
}

/**
 * Turns a {@link DecodedValue} (text, base64 or JSON data) into the bytes to store in Redis; the
 * inverse of `decodeValue`, so decoded values written back stay byte-identical.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for an unknown encoding, malformed base64, a
 *   string with lone surrogates, or a value JSON cannot represent; nothing is returned.
 * @example await redis.set("avatar", encodeValue({ encoding: "base64", value: "iVBORw0KGgo=" }));
 */
export function encodeValue(decoded: DecodedValue): Buffer {
  switch (decoded.encoding) {
    case "utf8":
      return encodeUtf8(decoded.value);
    case "base64":
      return encodeBase64(decoded.value);
    case "json":
      return encodeJson(decoded.value);
    default:
      throw new InvalidArgumentError(
        `encodeValue: encoding must be one of ${ENCODINGS.join(", ")}, got ${JSON.stringify((decoded as { encoding: unknown }).encoding)}.`,
      );
  }
}
