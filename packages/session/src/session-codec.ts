import type { DecryptionCache } from "./crypto/decryption-cache.js";
import { encryptField, isUnderPrimary } from "./crypto/field-cipher.js";
import type { KeyRing } from "./crypto/key-ring.js";
import { SessionDecryptError } from "./errors.js";
import { DATA_FIELD_PREFIX, type EncodedField, type SessionData } from "./session-data.js";
import type { Session } from "./session-types.js";

// A session's content is one encrypted base, written whole by create() and set(), plus one
// encrypted override per field that update() changed since: `d:<name>` holds the field's new JSON,
// or nothing (an empty plaintext) when update() removed it. Reading decrypts the base and the
// overrides; a fresh or express-session session is a single decryption.

/** The hash field of the encrypted base: `{ id, userId, ip, userAgent, data }`. */
export const BASE_FIELD = "m";

/** Who a session belongs to and where it came from; stored encrypted in the base. */
export interface SessionMeta {
  id: string;
  userId: string | null;
  ip: string | null;
  userAgent: string | null;
}

/** A field still encrypted with an older key, with its plaintext, to re-encrypt with the primary. */
export interface StaleField {
  field: string;
  stored: Buffer;
  plaintext: Buffer;
}

/** A stored session decoded. */
export interface OpenedSession {
  session: Session;
  /** The user tag (hash of the user id) the hash carries; '' for none. */
  userTag: string;
  /** The session's idle TTL (ms). */
  ttlMs: number;
  /** Content version (`n`): a compaction applies only if it is unchanged. */
  version: string;
  /** How many update overrides sit on top of the base. */
  overrides: number;
  stale: StaleField[];
}

const EMPTY = Buffer.alloc(0);

/** A session hash as field name to bytes, from a script's flat HGETALL or ioredis' object reply. */
export function toFieldMap(reply: unknown): Map<string, Buffer> {
  const fields = new Map<string, Buffer>();
  if (Array.isArray(reply)) {
    for (let index = 0; index + 1 < reply.length; index += 2) fields.set(String(reply[index]), reply[index + 1] as Buffer);
  } else if (reply && typeof reply === "object") {
    for (const [name, value] of Object.entries(reply as Record<string, Buffer>)) fields.set(name, value);
  }
  return fields;
}

/** Encrypts the base: meta and every data field, whose JSON is spliced in as encoded (no second stringify). */
export function encryptBase(ring: KeyRing, storageId: string, meta: SessionMeta, fields: readonly EncodedField[]): Buffer {
  const data = fields.map((field) => `${JSON.stringify(field.name)}:${field.json.toString("utf8")}`).join(",");
  const json = `{"id":${JSON.stringify(meta.id)},"userId":${JSON.stringify(meta.userId)},"ip":${JSON.stringify(meta.ip)},"userAgent":${JSON.stringify(meta.userAgent)},"data":{${data}}}`;
  return encryptField(ring, storageId, BASE_FIELD, Buffer.from(json, "utf8"));
}

/** Encrypts an update: `[hash field, stored value]` pairs for changed fields, then removal markers. */
export function encryptOverrides(ring: KeyRing, storageId: string, set: readonly EncodedField[], remove: readonly string[]): [string, Buffer][] {
  const overrides: [string, Buffer][] = set.map((field) => [field.field, encryptField(ring, storageId, field.field, field.json)]);
  for (const name of remove) {
    const field = `${DATA_FIELD_PREFIX}${name}`;
    overrides.push([field, encryptField(ring, storageId, field, EMPTY)]);
  }
  return overrides;
}

/**
 * A number Redis stores as decimal text (times, sizes), parsed straight from the reply's bytes:
 * no string is made for the usual non-negative integer. NaN when absent.
 */
export function decimalOf(bytes: Buffer | null | undefined): number {
  if (!bytes) return Number.NaN;
  // Longer than 15 digits could pass 2^53; anything but digits (a sign, a fraction) takes the general path.
  if (bytes.length === 0 || bytes.length > 15) return Number(bytes.toString("latin1"));
  let value = 0;
  for (let index = 0; index < bytes.length; index++) {
    const digit = (bytes[index] as number) - 48;
    if (digit < 0 || digit > 9) return Number(bytes.toString("latin1"));
    value = value * 10 + digit;
  }
  return value;
}

function numberField(fields: Map<string, Buffer>, name: string): number {
  return Number(fields.get(name)?.toString("ascii") ?? Number.NaN);
}

function openField(ring: KeyRing, cache: DecryptionCache, storageId: string, field: string, stored: Buffer, stale: StaleField[]): Buffer {
  const plaintext = cache.decrypt(ring, storageId, field, stored);
  if (!isUnderPrimary(ring, stored)) stale.push({ field, stored, plaintext });
  return plaintext;
}

/** The parts of a stored session a reader decrypts, from a compact script reply, a whole hash or an HMGET. */
export interface StoredParts {
  base: Buffer | undefined;
  /** `[hash field, stored value]` of each update override. */
  overrides: [string, Buffer][];
  createdAt: number;
  lastAccessed: number;
  expiresAt: number;
  userTag: string;
  ttlMs: number;
  version: string;
}

/**
 * Decrypts a stored session: its base, then the overrides of later updates. Fields encrypted with
 * a key other than the primary are listed in `stale`, so the caller can re-encrypt them.
 * @throws SessionDecryptError (`E_SESSION_DECRYPT`) when any field fails to decrypt: a session is
 *   trusted whole or not at all.
 */
export function openParts(ring: KeyRing, cache: DecryptionCache, storageId: string, parts: StoredParts): OpenedSession {
  const stale: StaleField[] = [];
  if (!parts.base || parts.base.length === 0) {
    throw new SessionDecryptError("a session hash without its encrypted base field: it was not written by this store.");
  }
  const base = JSON.parse(openField(ring, cache, storageId, BASE_FIELD, parts.base, stale).toString("utf8")) as SessionMeta & { data: SessionData };
  // JSON.parse makes "__proto__" an own property, never the prototype; overrides below are guarded.
  const data = base.data;
  for (const [field, value] of parts.overrides) {
    const plaintext = openField(ring, cache, storageId, field, value, stale);
    const name = field.slice(DATA_FIELD_PREFIX.length);
    if (name === "__proto__") continue;
    if (plaintext.length === 0) delete data[name];
    else data[name] = JSON.parse(plaintext.toString("utf8"));
  }
  return {
    session: {
      id: base.id,
      data,
      userId: base.userId ?? null,
      ip: base.ip ?? null,
      userAgent: base.userAgent ?? null,
      createdAt: parts.createdAt,
      lastAccessed: parts.lastAccessed,
      expiresAt: parts.expiresAt,
    },
    userTag: parts.userTag,
    ttlMs: parts.ttlMs,
    version: parts.version,
    overrides: parts.overrides.length,
    stale,
  };
}

/** Decrypts a session from its whole hash (HGETALL). */
export function openSession(ring: KeyRing, cache: DecryptionCache, storageId: string, fields: Map<string, Buffer>): OpenedSession {
  const overrides: [string, Buffer][] = [];
  for (const [field, value] of fields) if (field.startsWith(DATA_FIELD_PREFIX)) overrides.push([field, value]);
  return openParts(ring, cache, storageId, {
    base: fields.get(BASE_FIELD),
    overrides,
    createdAt: numberField(fields, "c"),
    lastAccessed: numberField(fields, "a"),
    expiresAt: numberField(fields, "e"),
    userTag: fields.get("u")?.toString("ascii") ?? "",
    ttlMs: numberField(fields, "t"),
    version: fields.get("n")?.toString("ascii") ?? "",
  });
}

/**
 * Decrypts a session from a read script's compact reply: `{now, expiresAt, renew, createdAt, user
 * tag, ttl, version, base, override name/value pairs...}` (lastAccessed is `now`).
 */
export function openReply(ring: KeyRing, cache: DecryptionCache, storageId: string, reply: readonly unknown[]): OpenedSession {
  const overrides: [string, Buffer][] = [];
  for (let index = 8; index + 1 < reply.length; index += 2) overrides.push([String(reply[index]), reply[index + 1] as Buffer]);
  return openParts(ring, cache, storageId, {
    base: reply[7] as Buffer,
    overrides,
    createdAt: Number(String(reply[3])),
    lastAccessed: Number(reply[0]),
    expiresAt: Number(reply[1]),
    userTag: String(reply[4] ?? ""),
    ttlMs: Number(String(reply[5])),
    version: String(reply[6] ?? ""),
  });
}
