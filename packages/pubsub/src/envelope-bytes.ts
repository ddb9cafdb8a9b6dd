import type { EnvelopeCodec } from "./codec.js";
import { type Envelope, isEnvelope } from "./envelope.js";
import { PubSubInvalidError } from "./errors.js";

/** A decoded envelope, or why the bytes are not one. */
export type DecodedEnvelope = { ok: true; envelope: Envelope<unknown> } | { ok: false; problem: string; cause?: unknown };

/** Decodes message bytes into an envelope; never throws (bad messages are reported, not thrown into a loop). */
export function decodeEnvelope(codec: EnvelopeCodec, raw: Buffer): DecodedEnvelope {
  let value: unknown;
  try {
    value = codec.decode(raw);
  } catch (error) {
    return { ok: false, problem: `the ${codec.name} codec could not decode it (${error instanceof Error ? error.message : String(error)})`, cause: error };
  }
  if (!isEnvelope(value)) return { ok: false, problem: "it is not an envelope ({ id, timestamp, data })" };
  return { ok: true, envelope: value };
}

/**
 * Encodes an envelope for sending.
 * @throws PubSubInvalidError (`E_PUBSUB_INVALID`) for `undefined` data or a payload the codec cannot encode.
 */
export function encodeEnvelope(operation: string, codec: EnvelopeCodec, envelope: Envelope<unknown>): string | Buffer {
  if (envelope.data === undefined) throw new PubSubInvalidError(`${operation}: data is undefined; publish null or a value instead.`);
  let encoded: string | Buffer | undefined;
  try {
    encoded = codec.encode(envelope);
  } catch (error) {
    throw new PubSubInvalidError(
      `${operation}: the ${codec.name} codec cannot encode this payload (${error instanceof Error ? error.message : String(error)}). Publish plain data (objects, arrays, strings, numbers, null) or a Buffer.`,
      { cause: error },
    );
  }
  if (typeof encoded !== "string" && !Buffer.isBuffer(encoded)) {
    throw new PubSubInvalidError(`${operation}: the ${codec.name} codec returned ${typeof encoded}; a codec must return a string or a Buffer.`);
  }
  return encoded;
}
