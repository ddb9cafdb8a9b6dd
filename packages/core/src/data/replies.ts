// Reply shapes differ by client: ioredis 5 and ioredis 6 with the default `replyMapping: "legacy"`
// give RESP2 shapes (flat key/value arrays, doubles as text), ioredis 6 with `replyMapping: "resp3"`
// gives objects for maps, numbers for doubles and nested [member, score] pairs. Every parser here
// accepts all of them, so the helpers return the same typed results whatever the caller's client.

/** A reply element as a number: integers, doubles as text (`"1.5"`, `"inf"`, `"-inf"`) or numbers. */
export function toNumber(reply: unknown): number {
  if (typeof reply === "number") return reply;
  const text = typeof reply === "string" ? reply : String(reply);
  switch (text) {
    case "inf":
    case "+inf":
      return Number.POSITIVE_INFINITY;
    case "-inf":
      return Number.NEGATIVE_INFINITY;
    default:
      return Number(text);
  }
}

/** {@link toNumber}, keeping `null` (a missing member or key) as `null`. */
export function toNumberOrNull(reply: unknown): number | null {
  return reply === null || reply === undefined ? null : toNumber(reply);
}

/** A reply element as text: ids, names and cursors come back as Buffers from `callBuffer`. */
export function toText(reply: unknown): string {
  return typeof reply === "string" ? reply : Buffer.isBuffer(reply) ? reply.toString("utf8") : String(reply);
}

/** Integer replies that mean yes/no (`1`/`0`, or `true`/`false` under RESP3 mapping). */
export function toBoolean(reply: unknown): boolean {
  return reply === 1 || reply === true || reply === "1";
}

/** A reply that should be an array (`null` and absent become empty). */
export function toArray(reply: unknown): unknown[] {
  return Array.isArray(reply) ? reply : [];
}

/**
 * The [key, value] pairs of a map-like reply: a flat `[k1, v1, k2, v2]` array, an array of
 * `[k, v]` pairs, a `Map`, or a plain object.
 */
export function pairsOf(reply: unknown): [unknown, unknown][] {
  if (Array.isArray(reply)) {
    if (reply.length > 0 && Array.isArray(reply[0])) return reply.map((pair) => [(pair as unknown[])[0], (pair as unknown[])[1]]);
    const pairs: [unknown, unknown][] = [];
    for (let index = 0; index + 1 < reply.length; index += 2) pairs.push([reply[index], reply[index + 1]]);
    return pairs;
  }
  if (reply instanceof Map) return [...reply.entries()];
  if (reply !== null && typeof reply === "object") return Object.entries(reply);
  return [];
}

/**
 * Sets `record[field] = value` also for field names such as `__proto__`, which plain assignment
 * would turn into a prototype change instead of a property.
 */
export function setField<T>(record: Record<string, T>, field: string, value: T): void {
  if (field === "__proto__") Object.defineProperty(record, field, { value, enumerable: true, writable: true, configurable: true });
  else record[field] = value;
}

/** A map-like reply as a record with text keys (later duplicates win). */
export function toRecord<T>(reply: unknown, convert: (value: unknown) => T): Record<string, T> {
  const record: Record<string, T> = {};
  for (const [field, value] of pairsOf(reply)) setField(record, toText(field), convert(value));
  return record;
}
