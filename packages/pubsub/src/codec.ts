import type { Envelope } from "./envelope.js";

/**
 * Turns envelopes into message bytes and back. Pub/sub sends one encoded envelope per message; a
 * durable topic stores one per stream entry. `decode` gets the bytes exactly as they arrived and
 * may throw (the message then goes to the error handler, or the dead letters).
 */
export interface EnvelopeCodec {
  /** Short name shown in errors, e.g. `json`. */
  readonly name: string;
  encode(envelope: Envelope<unknown>): string | Buffer;
  decode(message: Buffer): unknown;
}

/** Marks an envelope whose `data` was bytes, sent as base64 text. */
const BASE64 = "base64";

/**
 * The default codec: the envelope as JSON text, readable by any client (`redis-cli SUBSCRIBE`
 * shows `{"id":"…","timestamp":…,"data":…}`). A `Buffer`/`Uint8Array` payload travels as base64
 * with `"encoding":"base64"` and comes back as a `Buffer`. Inside objects, bytes are serialised
 * the way `JSON.stringify` does (`{ type: "Buffer", data: [...] }`); use another codec for those.
 */
export const jsonCodec: EnvelopeCodec = {
  name: "json",
  encode(envelope) {
    const { data } = envelope;
    if (data instanceof Uint8Array) {
      const base64 = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64");
      return JSON.stringify({ ...envelope, data: base64, encoding: BASE64 });
    }
    return JSON.stringify(envelope);
  },
  decode(message) {
    const value = JSON.parse(message.toString("utf8")) as { data?: unknown; encoding?: unknown };
    if (value !== null && typeof value === "object" && value.encoding === BASE64 && typeof value.data === "string") {
      const { encoding: _encoding, ...envelope } = value;
      return { ...envelope, data: Buffer.from(value.data, "base64") };
    }
    return value;
  },
};
