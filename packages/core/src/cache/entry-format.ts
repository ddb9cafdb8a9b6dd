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
  const fields: number[] = [];
  let start = 0;
  for (let field = 0; field < 4; field++) {
    const end = stored.indexOf(COLON, start);
    if (end < 0 || end - start > 20) return undefined;
    const number = Number(stored.toString("latin1", start, end));
    if (!Number.isSafeInteger(number)) return undefined;
    fields.push(number);
    start = end + 1;
  }
  const [freshUntil, expiresAt, , tagBytes] = fields as [number, number, number, number];
  if (start + tagBytes > stored.length) return undefined;
  const tags = tagBytes === 0 ? [] : stored.toString("utf8", start, start + tagBytes).split("\n");
  return { freshUntil, expiresAt, tags, payload: stored.subarray(start + tagBytes) };
}
