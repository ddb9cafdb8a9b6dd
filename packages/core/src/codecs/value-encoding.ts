/** How a value is represented as text: raw UTF-8, base64 of the bytes, or parsed JSON. */
export type ValueEncoding = "utf8" | "base64" | "json";

/** An encoding to decode with; `auto` picks `utf8` for valid UTF-8 bytes and `base64` otherwise. */
export type DecodeEncoding = ValueEncoding | "auto";

/**
 * Bytes from Redis in a form that survives JSON and text transports. `utf8` and `base64` values are
 * strings; `json` values are whatever the JSON held. {@link encodeValue} turns it back into the same bytes.
 */
export type DecodedValue = { encoding: "utf8"; value: string } | { encoding: "base64"; value: string } | { encoding: "json"; value: unknown };
