import { createSecretKey, hkdf, type KeyObject, pbkdf2 } from "node:crypto";
import { SessionKeyError } from "../errors.js";

/** One key of a key ring: an id stored beside every value it encrypts, and its secret. */
export interface SessionKey {
  /** 1 to 32 letters, digits, `.`, `_` or `-`, e.g. `"2025-07"`. Stored with each value; never reuse an id for another secret. */
  id: string;
  /**
   * A passphrase (string of at least 32 bytes, stretched with PBKDF2-HMAC-SHA256, 600,000
   * iterations) or random key material (Buffer or Uint8Array of at least 32 bytes, expanded with HKDF-SHA256).
   */
  secret: string | Uint8Array;
}

/** Where the encryption keys come from: one `secret`, or a ring of `keys` with a `primary` for new writes. */
export interface KeyRingOptions {
  /** A single secret; its key id is `"default"` (name it so when you later move to `keys`). */
  secret?: string | Uint8Array;
  /** Every key that may have encrypted stored data; the `primary` (default: the first) encrypts new writes. */
  keys?: readonly SessionKey[];
  /** The id of the key that encrypts new writes. */
  primary?: string;
}

/** A derived AES-256 key. */
export interface DerivedKey {
  id: string;
  /** The id as bytes, as stored in each value. */
  idBytes: Buffer;
  key: KeyObject;
}

/** Every derived key by id, and the one that encrypts. */
export interface KeyRing {
  primary: DerivedKey;
  byId: ReadonlyMap<string, DerivedKey>;
}

/** OWASP Password Storage Cheat Sheet (2023 onwards): 600,000 iterations for PBKDF2-HMAC-SHA256. */
export const PBKDF2_ITERATIONS = 600_000;
/** Shortest secret accepted, in bytes: 256 bits of key material, or a passphrase at least that long. */
export const MINIMUM_SECRET_BYTES = 32;
/** The implicit key id of a lone `secret`. */
export const DEFAULT_KEY_ID = "default";

const KEY_ID = /^[A-Za-z0-9._-]{1,32}$/;
// Fixed, public salts: every process must derive the same key from the same secret. They separate
// this use of a secret from any other use of it; the key id separates the keys of one ring.
const SALT = "@redis-mcp/session key v1";

interface CheckedKey {
  id: string;
  secret: Buffer;
  stretch: boolean;
}

function checkKey(operation: string, key: SessionKey | undefined, position: string): CheckedKey {
  if (typeof key !== "object" || key === null) throw new SessionKeyError(`${operation}: ${position} must be { id, secret }.`);
  if (typeof key.id !== "string" || !KEY_ID.test(key.id)) {
    throw new SessionKeyError(`${operation}: ${position}.id must be 1 to 32 letters, digits, ".", "_" or "-" (it is stored with every value), e.g. "2025-07".`);
  }
  const { secret } = key;
  const where = `${position} (id ${JSON.stringify(key.id)})`;
  if (typeof secret === "string") {
    const bytes = Buffer.from(secret, "utf8");
    if (bytes.length < MINIMUM_SECRET_BYTES) {
      throw new SessionKeyError(
        `${operation}: the secret of ${where} is too short: use at least ${MINIMUM_SECRET_BYTES} bytes, e.g. the output of \`openssl rand -base64 48\`.`,
      );
    }
    return { id: key.id, secret: bytes, stretch: true };
  }
  if (secret instanceof Uint8Array) {
    if (secret.byteLength < MINIMUM_SECRET_BYTES) {
      throw new SessionKeyError(`${operation}: the secret of ${where} is too short: key material must be at least ${MINIMUM_SECRET_BYTES} random bytes.`);
    }
    return { id: key.id, secret: Buffer.from(secret), stretch: false };
  }
  throw new SessionKeyError(
    `${operation}: ${where} has no secret: give a passphrase of at least ${MINIMUM_SECRET_BYTES} bytes or a Buffer of at least ${MINIMUM_SECRET_BYTES} random bytes.`,
  );
}

/**
 * Validates key options at once (synchronously), so a bad secret fails store creation.
 * @throws SessionKeyError (`E_SESSION_KEY`) for a missing or short secret, both or neither of
 *   `secret` and `keys`, bad or duplicate ids, or a `primary` that is not in the ring.
 */
export function checkKeyRing(operation: string, options: KeyRingOptions): { keys: CheckedKey[]; primary: string } {
  const hasSecret = options.secret !== undefined;
  const hasKeys = options.keys !== undefined;
  if (hasSecret === hasKeys) {
    throw new SessionKeyError(
      `${operation}: give either secret (one key) or keys (a key ring for rotation), ${hasSecret ? "not both" : "one is required: sessions are always encrypted"}.`,
    );
  }
  if (hasSecret && options.primary !== undefined) throw new SessionKeyError(`${operation}: primary names a key of keys; with a lone secret, leave it out.`);
  const given: SessionKey[] = hasSecret ? [{ id: DEFAULT_KEY_ID, secret: options.secret as string | Uint8Array }] : [...(options.keys ?? [])];
  if (!Array.isArray(given) || given.length === 0) throw new SessionKeyError(`${operation}: keys must list at least one { id, secret }.`);
  const keys = given.map((key, index) => checkKey(operation, key, hasSecret ? "secret" : `keys[${index}]`));
  const ids = new Set<string>();
  for (const key of keys) {
    if (ids.has(key.id)) throw new SessionKeyError(`${operation}: key id ${JSON.stringify(key.id)} appears twice; every key needs its own id.`);
    ids.add(key.id);
  }
  const primary = options.primary ?? (keys[0] as CheckedKey).id;
  if (!ids.has(primary)) {
    throw new SessionKeyError(
      `${operation}: primary ${JSON.stringify(primary)} is not the id of any key; it must be one of ${[...ids].map((id) => JSON.stringify(id)).join(", ")}.`,
    );
  }
  return { keys, primary };
}

function derive(key: CheckedKey): Promise<DerivedKey> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, material: ArrayBuffer | Buffer) => {
      key.secret.fill(0);
      if (error) reject(new SessionKeyError(`key ${JSON.stringify(key.id)} could not be derived.`, { cause: error }));
      else resolve({ id: key.id, idBytes: Buffer.from(key.id, "ascii"), key: createSecretKey(Buffer.from(material as ArrayBuffer)) });
    };
    if (key.stretch) pbkdf2(key.secret, `${SALT} ${key.id}`, PBKDF2_ITERATIONS, 32, "sha256", done);
    else hkdf("sha256", key.secret, SALT, `aes-256-gcm ${key.id}`, 32, done);
  });
}

/**
 * Derives every key of a checked ring, in parallel on libuv's thread pool: PBKDF2 for
 * passphrases (about 0.1 to 0.5 s per key, once per store), HKDF for key material.
 */
export async function deriveKeyRing(checked: { keys: CheckedKey[]; primary: string }): Promise<KeyRing> {
  const derived = await Promise.all(checked.keys.map(derive));
  const byId = new Map(derived.map((key) => [key.id, key]));
  return { primary: byId.get(checked.primary) as DerivedKey, byId };
}
