/**
 * An entry as stored in Redis: one string, `<freshUntil>:<expiresAt>:<writtenAt>:<tagBytes>:` then
 * the tags joined by newlines (`tagBytes` long), then the encoded value. Times are the server's
 * (ms since the epoch; `writtenAt` in µs). A plain GET reads all of it, a script parses the same
 * header in Lua, and one SET PX writes it.
 */
export interface StoredHeader {
  freshUntil: number;
  expiresAt: number;
  tags: string[];
  /** The encoded value (a view into the stored bytes, not a copy). */
  payload: Buffer;
}

const COLON = 0x3a;

/** Parses a stored entry; `undefined` for bytes that are not one (written by something else). */
export function parseEntry(stored: Buffer): StoredHeader | undefined {
  // Digits are read in place (no string per field): this runs on every read from Redis.
  const fields = [0, 0, 0, 0];
  let position = 0;
  for (let field = 0; field < 4; field++) {
    let value = 0;
    let digits = 0;
    for (;;) {
      const byte = stored[position++];
      if (byte === COLON && digits > 0) break;
      if (byte === undefined || byte < 0x30 || byte > 0x39 || ++digits > 16) return undefined;
      value = value * 10 + (byte - 0x30);
    }
    fields[field] = value;
  }
  const [freshUntil, expiresAt, , tagBytes] = fields as [number, number, number, number];
  if (position + tagBytes > stored.length) return undefined;
  const tags = tagBytes === 0 ? [] : stored.toString("utf8", position, position + tagBytes).split("\n");
  return { freshUntil, expiresAt, tags, payload: stored.subarray(position + tagBytes) };
}
