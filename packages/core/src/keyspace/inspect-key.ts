import type { RedisClient } from "../client/redis-client.js";
import { InvalidArgumentError } from "../errors/errors.js";
import { defineScript } from "../scripts/redis-script.js";

/** What {@link inspectKey} reports about a key; every field but `key` and `exists` is null for a missing key. */
export interface KeyInspection {
  /** The key as passed (without the client's keyPrefix). */
  key: string;
  exists: boolean;
  /** TYPE: `string`, `list`, `set`, `zset`, `hash`, `stream`, or a module type. */
  type: string | null;
  /** Milliseconds until the key expires, -1 when it has no TTL (PTTL). */
  ttlMs: number | null;
  /** Internal encoding (OBJECT ENCODING), e.g. `listpack`, `hashtable`, `int`, `embstr`. */
  encoding: string | null;
  /** Bytes for a string, fields, elements, members or entries otherwise; null for module types. */
  length: number | null;
  /** Approximate bytes the key and value use in memory (MEMORY USAGE, sampled). */
  memoryBytes: number | null;
}

// One script so that all facts describe the same instant (nothing expires in between) and cost
// one round trip; it picks the length command by type and never reads the value itself.
const inspectKeyScript = defineScript({
  name: "keyspace_inspect_key",
  keys: 1,
  lua: `
local key = KEYS[1]
local kind = redis.call('TYPE', key)['ok']
if kind == 'none' then return {kind} end
local lengthCommands = { string = 'STRLEN', hash = 'HLEN', list = 'LLEN', set = 'SCARD', zset = 'ZCARD', stream = 'XLEN' }
local length = false
if lengthCommands[kind] then length = redis.call(lengthCommands[kind], key) end
return {kind, redis.call('PTTL', key), redis.call('OBJECT', 'ENCODING', key), redis.call('MEMORY', 'USAGE', key) or false, length}
`,
});

/**
 * Describes a key without reading its value: type, TTL, internal encoding, type-aware length
 * (STRLEN/HLEN/LLEN/SCARD/ZCARD/XLEN) and memory usage, in one round trip.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) when `key` is not a string; RedisMcpError
 *   (`E_REDIS_UNAVAILABLE`, `E_NO_PERMISSION`, ...) when Redis fails.
 * @example const { type, ttlMs, length } = await inspectKey(redis, "session:{42}");
 */
export async function inspectKey(client: RedisClient, key: string): Promise<KeyInspection> {
  if (typeof key !== "string") throw new InvalidArgumentError(`inspectKey: key must be a string, got ${typeof key}.`);
  const reply = (await inspectKeyScript.run(client, [key])) as [string, number?, string?, number?, number?];
  const [type, ttlMs, encoding, memoryBytes, length] = reply;
  if (type === "none") return { key, exists: false, type: null, ttlMs: null, encoding: null, length: null, memoryBytes: null };
  return { key, exists: true, type, ttlMs: ttlMs ?? null, encoding: encoding ?? null, length: length ?? null, memoryBytes: memoryBytes ?? null };
}
