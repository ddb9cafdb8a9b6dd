/** A scalar from a Redis text reply: a number where the text is a plain decimal number, else the text. */
export type ReplyScalar = number | string;

// Leading zeros mean an identifier ("redis_git_sha1:00000000"), not a number: keep those as text.
const DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

/**
 * `"42"` → 42, `"1.50"` → 1.5; anything else (versions, ids with leading zeros, `"12%"`, integers
 * beyond 2^53 that would lose digits) stays text.
 */
export function toScalar(text: string): ReplyScalar {
  if (!DECIMAL.test(text)) return text;
  const value = Number(text);
  if (!text.includes(".") && !Number.isSafeInteger(value)) return text;
  return value;
}

/** `usec_per_call` → `usecPerCall`, `qbuf-free` → `qbufFree`; other characters (`p99.9`) are kept. */
export function camelCase(name: string): string {
  return name.replace(/[_-]+([a-zA-Z0-9])/g, (_, next: string) => next.toUpperCase());
}

/** Bulk and verbatim replies as text, whatever reply mapping (RESP2, RESP3, Buffers) the client uses. */
export function replyText(reply: unknown): string {
  if (typeof reply === "string") return reply;
  if (Buffer.isBuffer(reply)) return reply.toString("utf8");
  if (reply === null || reply === undefined) return "";
  return String(reply);
}

/**
 * A map-like reply as entries: RESP2 flat `[name, value, ...]`, RESP3 maps (`Map` or plain object
 * under ioredis `replyMapping: "resp3"`), or a list of `[name, value]` pairs.
 */
export function replyEntries(reply: unknown): [string, unknown][] {
  if (reply instanceof Map) return [...reply].map(([name, value]) => [replyText(name), value]);
  if (Array.isArray(reply)) {
    if (reply.every((item) => Array.isArray(item) && item.length === 2)) {
      return reply.map((item) => [replyText((item as unknown[])[0]), (item as unknown[])[1]]);
    }
    const entries: [string, unknown][] = [];
    for (let index = 0; index + 1 < reply.length; index += 2) entries.push([replyText(reply[index]), reply[index + 1]]);
    return entries;
  }
  if (typeof reply === "object" && reply !== null && !Buffer.isBuffer(reply)) return Object.entries(reply);
  return [];
}

/** A map-like reply of text values (CONFIG GET) as a record. */
export function replyTextRecord(reply: unknown): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of replyEntries(reply)) record[name] = replyText(value);
  return record;
}
