import type { RedisClient } from "../client/redis-client.js";
import { decodeValue } from "../codecs/decode-value.js";
import { decodeUtf8Strictly, lengthWithoutCutCharacter } from "../codecs/utf8.js";
import type { DecodedValue } from "../codecs/value-encoding.js";
import { InvalidArgumentError, UnsupportedError } from "../errors/errors.js";
import type { FieldValue, ReadKeyResult, ScoredMember, StreamEntry, StringRead } from "./read-key-result.js";
import { readKeyScript } from "./read-key-script.js";
import { assertPositiveInteger } from "./scan-options.js";

/** Options for {@link readKey}. */
export interface ReadKeyOptions {
  /**
   * Where to start: the `nextCursor` of the previous window, or omit to start at the beginning. It
   * is a byte offset for strings, an index for lists and a rank for sorted sets (so `"1048576"`
   * also works), an HSCAN/SSCAN cursor for hashes and sets, and the last entry ID read for streams.
   */
  cursor?: string;
  /**
   * Most items per window for non-string types (default 100). Hashes and sets can go a little over,
   * as a SCAN reply is never split; small ones (listpack or intset encoded) come back whole.
   */
  limit?: number;
  /** Byte budget per window (default 64 KiB): a string window's size, and where item windows stop early. */
  maxBytes?: number;
}

type Reply = [Buffer, number?, (Buffer | null)?, unknown?];

const CURSOR = /^\d{1,20}(-\d{1,20})?$/;

function decodePairs(parts: Buffer[]): FieldValue[] {
  const pairs: FieldValue[] = [];
  for (let index = 0; index + 1 < parts.length; index += 2) {
    pairs.push({ field: decodeValue(parts[index] as Buffer), value: decodeValue(parts[index + 1] as Buffer) });
  }
  return pairs;
}

function parseScore(text: string): number {
  // Redis spells infinite scores "inf"/"-inf", which Number() does not read.
  if (text === "inf" || text === "+inf") return Number.POSITIVE_INFINITY;
  if (text === "-inf") return Number.NEGATIVE_INFINITY;
  return Number(text);
}

/**
 * A window of a string: ends on a character boundary when the bytes are UTF-8 text, so a long text
 * read in windows never turns into base64 because a window cut a character in two.
 */
function stringWindow(key: string, bytes: Buffer, offset: number, totalBytes: number): StringRead {
  let used = bytes.length;
  let value: DecodedValue | undefined;
  if (offset + bytes.length < totalBytes) {
    const whole = lengthWithoutCutCharacter(bytes);
    const text = whole > 0 ? decodeUtf8Strictly(bytes.subarray(0, whole)) : undefined;
    if (text !== undefined) {
      used = whole;
      value = { encoding: "utf8", value: text };
    }
  }
  value ??= decodeValue(bytes);
  const nextOffset = offset + used < totalBytes ? offset + used : undefined;
  return {
    key,
    type: "string",
    exists: true,
    value,
    offset,
    nextOffset,
    totalBytes,
    total: totalBytes,
    truncated: nextOffset !== undefined,
    nextCursor: nextOffset === undefined ? undefined : String(nextOffset),
  };
}

function toResult(key: string, cursor: string, reply: Reply): ReadKeyResult {
  const [typeBytes, total = 0, next, payload] = reply;
  const type = typeBytes.toString();
  if (type === "none") return { key, type, exists: false, total: 0, truncated: false, nextCursor: undefined };
  if (reply.length === 1) {
    throw new UnsupportedError(`readKey: key ${JSON.stringify(key)} holds a ${type}, which readKey cannot read. Use the module's own commands for it.`);
  }
  if (total === -1) {
    throw new InvalidArgumentError(
      `readKey: cursor ${JSON.stringify(cursor)} is not a position in a ${type} (it looks like a stream ID). Pass the nextCursor of a previous readKey call on this key, or omit it to start over.`,
    );
  }
  const offset = cursor === "" ? 0 : Number(cursor);
  if (type === "string") return stringWindow(key, next ?? Buffer.alloc(0), offset, total);
  const nextCursor = next ? next.toString() : undefined;
  const window = { key, exists: true as const, total, truncated: nextCursor !== undefined, nextCursor };
  const parts = (payload ?? []) as Buffer[];
  switch (type) {
    case "hash":
      return { ...window, type, entries: decodePairs(parts) };
    case "set":
      return { ...window, type, members: parts.map((member) => decodeValue(member)) };
    case "list":
      return { ...window, type, offset, items: parts.map((item) => decodeValue(item)) };
    case "zset": {
      const members: ScoredMember[] = [];
      for (let index = 0; index + 1 < parts.length; index += 2) {
        members.push({ member: decodeValue(parts[index] as Buffer), score: parseScore((parts[index + 1] as Buffer).toString()) });
      }
      return { ...window, type, offset, members };
    }
    default: {
      const entries: StreamEntry[] = (payload as [Buffer, Buffer[]][]).map(([id, fields]) => ({ id: id.toString(), fields: decodePairs(fields) }));
      return { ...window, type: "stream", entries };
    }
  }
}

/**
 * Reads a window of any key, by type: GETRANGE for strings, HSCAN for hashes, SSCAN for sets,
 * ZRANGE by rank WITHSCORES for sorted sets, LRANGE for lists, XRANGE for streams. One round trip
 * per window (a script does TYPE, the length and the read). Values are decoded binary-safely
 * (UTF-8 text, else base64). A window stops at `limit` items or `maxBytes` bytes, whichever comes
 * first, though it always holds at least one whole item (for hashes and sets, one whole HSCAN/SSCAN
 * reply, usually a few items); `truncated` and `nextCursor` say how to go on. A missing key gives `{ type: "none", exists: false }`, not an error. Hashes and sets are
 * walked with a SCAN cursor, so an item can appear in two windows while Redis rehashes.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for bad options or a malformed cursor (before
 *   anything is sent), or a cursor that does not fit the key's type; UnsupportedError
 *   (`E_UNSUPPORTED`) for module types; RedisMcpError (`E_REDIS_UNAVAILABLE`, ...) when Redis fails.
 * @example
 * const first = await readKey(redis, "orders:{7}", { limit: 50 });
 * if (first.nextCursor) await readKey(redis, "orders:{7}", { cursor: first.nextCursor, limit: 50 });
 */
export async function readKey(client: RedisClient, key: string, options: ReadKeyOptions = {}): Promise<ReadKeyResult> {
  const { cursor = "", limit = 100, maxBytes = 64 * 1024 } = options;
  if (typeof key !== "string") throw new InvalidArgumentError(`readKey: key must be a string, got ${typeof key}.`);
  if (typeof cursor !== "string" || (cursor !== "" && !CURSOR.test(cursor))) {
    throw new InvalidArgumentError(
      `readKey: cursor must be the nextCursor of a previous readKey call (digits, or a stream entry ID such as "1526985054069-0"), got ${JSON.stringify(cursor)}.`,
    );
  }
  assertPositiveInteger("readKey", "limit", limit);
  assertPositiveInteger("readKey", "maxBytes", maxBytes);
  const reply = (await readKeyScript.runBuffer(client, [key], [cursor, limit, maxBytes])) as Reply;
  return toResult(key, cursor, reply);
}
