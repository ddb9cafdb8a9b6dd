import { createCipheriv, createDecipheriv, randomFillSync } from "node:crypto";
import { SessionDecryptError } from "../errors.js";
import type { DerivedKey, KeyRing } from "./key-ring.js";

// Stored value: [format][key id length][key id][12-byte IV][16-byte tag][ciphertext].
const FORMAT = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const ALGORITHM = "aes-256-gcm";

// IVs come from the CSPRNG in batches: one randomFillSync per 1,024 IVs instead of one call each.
const IV_POOL_SIZE = IV_BYTES * 1024;
let ivPool = Buffer.alloc(0);
let ivOffset = IV_POOL_SIZE;

function nextIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    ivPool = randomFillSync(Buffer.allocUnsafe(IV_POOL_SIZE));
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}

/**
 * The additional authenticated data of a value: the format, the key id, the session's storage id
 * (the hash of its id that names its Redis key) and the hash field. A value moved to another
 * session or field, or relabelled with another key id, fails authentication.
 */
function additionalData(key: DerivedKey, storageId: string, field: string): Buffer {
  const idLength = key.idBytes.length;
  const tail = `${storageId}\u0000${field}`;
  const data = Buffer.allocUnsafe(2 + idLength + Buffer.byteLength(tail, "utf8"));
  data[0] = FORMAT;
  data[1] = idLength;
  key.idBytes.copy(data, 2);
  data.write(tail, 2 + idLength, "utf8");
  return data;
}

/** The ring's key a stored value names: the primary without decoding the id (the usual case), else by id. */
function keyOf(ring: KeyRing, stored: Buffer): DerivedKey | undefined {
  const length = stored[1] as number;
  const primary = ring.primary.idBytes;
  if (length === primary.length && primary.equals(stored.subarray(2, 2 + length))) return ring.primary;
  return ring.byId.get(stored.toString("latin1", 2, 2 + length));
}

/** True when a stored value was encrypted with the ring's primary key. */
export function isUnderPrimary(ring: KeyRing, stored: Buffer): boolean {
  const length = stored[1] as number;
  return length === ring.primary.idBytes.length && ring.primary.idBytes.equals(stored.subarray(2, 2 + length));
}

/** Encrypts one field's plaintext with the ring's primary key (AES-256-GCM, a fresh random 96-bit IV). */
export function encryptField(ring: KeyRing, storageId: string, field: string, plaintext: Buffer): Buffer {
  const key = ring.primary;
  const iv = nextIv();
  const cipher = createCipheriv(ALGORITHM, key.key, iv);
  cipher.setAAD(additionalData(key, storageId, field));
  const first = cipher.update(plaintext);
  const last = cipher.final();
  const header = Buffer.of(FORMAT, key.idBytes.length);
  return Buffer.concat([header, key.idBytes, iv, cipher.getAuthTag(), first, last]);
}

/** The id of the key a stored value was encrypted with, or undefined when it is not in this format. */
export function keyIdOf(stored: Buffer): string | undefined {
  if (stored.length < 2 || stored[0] !== FORMAT) return undefined;
  const length = stored[1] as number;
  if (stored.length < 2 + length + IV_BYTES + TAG_BYTES) return undefined;
  return stored.toString("ascii", 2, 2 + length);
}

/**
 * Decrypts one stored field value.
 * @throws SessionDecryptError (`E_SESSION_DECRYPT`) when the value is malformed, names a key not
 *   in the ring, or fails authentication (tampered, moved from another session or field, foreign).
 */
export function decryptField(ring: KeyRing, storageId: string, field: string, stored: Buffer): Buffer {
  if (stored.length < 2 || stored[0] !== FORMAT || stored.length < 2 + (stored[1] as number) + IV_BYTES + TAG_BYTES) {
    throw new SessionDecryptError(`session field ${JSON.stringify(field)} is not a value this store wrote (unknown format).`);
  }
  const key = keyOf(ring, stored);
  const keyId = key?.id ?? keyIdOf(stored);
  if (!key) {
    throw new SessionDecryptError(
      `session field ${JSON.stringify(field)} was encrypted with key id ${JSON.stringify(keyId)}, which is not in the key ring: keep old keys in keys until every session written with them has expired.`,
    );
  }
  const start = 2 + key.idBytes.length;
  const iv = stored.subarray(start, start + IV_BYTES);
  const tag = stored.subarray(start + IV_BYTES, start + IV_BYTES + TAG_BYTES);
  try {
    const decipher = createDecipheriv(ALGORITHM, key.key, iv);
    decipher.setAAD(additionalData(key, storageId, field));
    decipher.setAuthTag(tag);
    const first = decipher.update(stored.subarray(start + IV_BYTES + TAG_BYTES));
    const last = decipher.final();
    return last.length === 0 ? first : Buffer.concat([first, last]);
  } catch (error) {
    throw new SessionDecryptError(
      `session field ${JSON.stringify(field)} failed authentication (key id ${JSON.stringify(keyId)}): it was altered, copied from another session or written by another application.`,
      { cause: error },
    );
  }
}
