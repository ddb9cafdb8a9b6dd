import { decryptField, encryptField, keyIdOf } from "./crypto/field-cipher.js";
import type { KeyRing } from "./crypto/key-ring.js";
import { SessionDecryptError } from "./errors.js";
import { DATA_FIELD_PREFIX, decodeValue, type EncodedField, type SessionData } from "./session-data.js";
import type { Session } from "./session-types.js";

/** The encrypted hash field holding `{ id, userId, ip, userAgent }`. */
export const META_FIELD = "m";

/** Who a session belongs to and where it came from; stored encrypted. */
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
  stale: StaleField[];
}

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

/** Encrypts data fields: `[hash field, stored value]` pairs. */
export function encryptData(ring: KeyRing, storageId: string, fields: readonly EncodedField[]): [string, Buffer][] {
  return fields.map((field) => [field.field, encryptField(ring, storageId, field.field, field.json)]);
}

/** Encrypts the meta field. */
export function encryptMeta(ring: KeyRing, storageId: string, meta: SessionMeta): Buffer {
  return encryptField(ring, storageId, META_FIELD, Buffer.from(JSON.stringify(meta), "utf8"));
}

function numberField(fields: Map<string, Buffer>, name: string): number {
  return Number(fields.get(name)?.toString("ascii") ?? Number.NaN);
}

/** Just the data of a stored session, for readers that know the id and need nothing else (express-session). */
export interface OpenedData {
  data: SessionData;
  expiresAt: number;
  stale: StaleField[];
}

function openFields(ring: KeyRing, storageId: string, fields: Map<string, Buffer>, stale: StaleField[]): SessionData {
  const data: SessionData = {};
  for (const [field, stored] of fields) {
    if (!field.startsWith(DATA_FIELD_PREFIX)) continue;
    const name = field.slice(DATA_FIELD_PREFIX.length);
    // Never written by encodeData; a guard so no stored name can set the object's prototype.
    if (name !== "__proto__") data[name] = decodeValue(openField(ring, storageId, field, stored, stale));
  }
  return data;
}

function openField(ring: KeyRing, storageId: string, field: string, stored: Buffer, stale: StaleField[]): Buffer {
  const plaintext = decryptField(ring, storageId, field, stored);
  if (keyIdOf(stored) !== ring.primary.id) stale.push({ field, stored, plaintext });
  return plaintext;
}

/**
 * Decrypts the data fields of a stored session, not its meta field (one decryption less per read).
 * @throws SessionDecryptError (`E_SESSION_DECRYPT`) when any data field fails to decrypt.
 */
export function openData(ring: KeyRing, storageId: string, fields: Map<string, Buffer>): OpenedData {
  if (!fields.has(META_FIELD)) throw new SessionDecryptError("a session hash without its encrypted meta field: it was not written by this store.");
  const stale: StaleField[] = [];
  return { data: openFields(ring, storageId, fields, stale), expiresAt: numberField(fields, "e"), stale };
}

/**
 * Decrypts a stored session. Fields encrypted with a key other than the primary are listed in
 * `stale`, so the caller can re-encrypt them.
 * @throws SessionDecryptError (`E_SESSION_DECRYPT`) when any field fails to decrypt: a session is
 *   trusted whole or not at all.
 */
export function openSession(ring: KeyRing, storageId: string, fields: Map<string, Buffer>): OpenedSession {
  const stale: StaleField[] = [];
  const metaBytes = fields.get(META_FIELD);
  if (!metaBytes) throw new SessionDecryptError("a session hash without its encrypted meta field: it was not written by this store.");
  const meta = decodeValue(openField(ring, storageId, META_FIELD, metaBytes, stale)) as SessionMeta;
  const data = openFields(ring, storageId, fields, stale);
  return {
    session: {
      id: meta.id,
      data,
      userId: meta.userId ?? null,
      ip: meta.ip ?? null,
      userAgent: meta.userAgent ?? null,
      createdAt: numberField(fields, "c"),
      lastAccessed: numberField(fields, "a"),
      expiresAt: numberField(fields, "e"),
    },
    userTag: fields.get("u")?.toString("ascii") ?? "",
    ttlMs: numberField(fields, "t"),
    stale,
  };
}
