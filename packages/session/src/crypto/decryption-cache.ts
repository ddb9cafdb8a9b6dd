import { LRUCache } from "lru-cache";
import { decryptField } from "./field-cipher.js";
import type { KeyRing } from "./key-ring.js";

/** Default bytes of stored and decrypted values a store keeps: 8 MiB (about 10,000 typical sessions). */
export const DEFAULT_DECRYPTION_CACHE_BYTES = 8 * 1024 * 1024;

interface Decrypted {
  /** The stored value, exactly as read (format, key id, IV, tag, ciphertext). */
  sealed: Buffer;
  plaintext: Buffer;
}

/**
 * Remembers the plaintext of recently decrypted session values, by session and field, to skip
 * AES-GCM (a `createDecipheriv` and its authentication: 3 to 4 µs) when a session's stored bytes
 * have not changed since the last read, the usual case for a hot session. A value is reused only
 * when the stored bytes are identical to the ones that were authenticated: same key, IV, tag,
 * ciphertext, and (through the cache key) the same session and field, so the same additional
 * data. Anything else (a rewrite, a tampered byte, another key) is decrypted and authenticated
 * again. Bounded by bytes; entries of destroyed sessions are dropped at once.
 */
export class DecryptionCache {
  readonly #entries: LRUCache<string, Decrypted> | undefined;

  /** `maxBytes`: stored plus decrypted bytes kept at most; 0 turns the cache off. */
  constructor(maxBytes: number) {
    this.#entries =
      maxBytes > 0
        ? new LRUCache<string, Decrypted>({ maxSize: maxBytes, sizeCalculation: (entry) => entry.sealed.length + entry.plaintext.length + 64 })
        : undefined;
  }

  /**
   * Decrypts a stored value, or returns the plaintext of identical bytes authenticated before.
   * The returned Buffer is shared: read it, never modify it.
   * @throws SessionDecryptError (`E_SESSION_DECRYPT`) as decryptField.
   */
  decrypt(ring: KeyRing, storageId: string, field: string, stored: Buffer): Buffer {
    if (!this.#entries) return decryptField(ring, storageId, field, stored);
    const name = `${storageId}\u0000${field}`;
    const known = this.#entries.get(name);
    if (known?.sealed.equals(stored)) return known.plaintext;
    const plaintext = decryptField(ring, storageId, field, stored);
    // A copy: a reply's Buffer may be a view of a much larger socket chunk.
    this.#entries.set(name, { sealed: Buffer.from(stored), plaintext });
    return plaintext;
  }

  /** Forgets a session's values (after a destroy). */
  forget(storageId: string, field: string): void {
    this.#entries?.delete(`${storageId}\u0000${field}`);
  }
}
