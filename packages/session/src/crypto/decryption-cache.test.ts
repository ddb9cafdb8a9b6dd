import { describe, expect, it } from "vitest";
import { SessionDecryptError } from "../errors.js";
import { DecryptionCache } from "./decryption-cache.js";
import { encryptField } from "./field-cipher.js";
import { checkKeyRing, deriveKeyRing, type KeyRing } from "./key-ring.js";

const ringOf = (): Promise<KeyRing> => deriveKeyRing(checkKeyRing("test", { keys: [{ id: "a", secret: Buffer.alloc(32, 1) }] }));
const plaintext = Buffer.from('{"cart":[1,2,3]}');

describe("decryption cache", () => {
  it("returns the remembered plaintext for byte-identical stored values", async () => {
    const ring = await ringOf();
    const cache = new DecryptionCache(1024 * 1024);
    const stored = encryptField(ring, "s", "m", plaintext);
    const first = cache.decrypt(ring, "s", "m", stored);
    expect(first.equals(plaintext)).toBe(true);
    // The same Buffer instance: no second decryption.
    expect(cache.decrypt(ring, "s", "m", Buffer.from(stored))).toBe(first);
  });

  it("still authenticates anything that differs from what it remembers", async () => {
    const ring = await ringOf();
    const cache = new DecryptionCache(1024 * 1024);
    const stored = encryptField(ring, "s", "m", plaintext);
    cache.decrypt(ring, "s", "m", stored);
    const tampered = Buffer.from(stored);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 1;
    expect(() => cache.decrypt(ring, "s", "m", tampered)).toThrow(SessionDecryptError);
    // The same bytes under another session or field: another additional data, so refused.
    expect(() => cache.decrypt(ring, "other", "m", stored)).toThrow(SessionDecryptError);
    expect(() => cache.decrypt(ring, "s", "d:cart", stored)).toThrow(SessionDecryptError);
  });

  it("decrypts a rewritten value, and forgets a session on request", async () => {
    const ring = await ringOf();
    const cache = new DecryptionCache(1024 * 1024);
    const first = cache.decrypt(ring, "s", "m", encryptField(ring, "s", "m", plaintext));
    const rewritten = encryptField(ring, "s", "m", Buffer.from('{"cart":[]}'));
    expect(cache.decrypt(ring, "s", "m", rewritten).toString()).toBe('{"cart":[]}');
    const again = cache.decrypt(ring, "s", "m", rewritten);
    cache.forget("s", "m");
    const afterForget = cache.decrypt(ring, "s", "m", rewritten);
    expect(afterForget).not.toBe(again);
    expect(afterForget.equals(again)).toBe(true);
    expect(first.toString()).toBe(plaintext.toString());
  });

  it("decrypts every time when turned off (0 bytes)", async () => {
    const ring = await ringOf();
    const cache = new DecryptionCache(0);
    const stored = encryptField(ring, "s", "m", plaintext);
    const first = cache.decrypt(ring, "s", "m", stored);
    expect(cache.decrypt(ring, "s", "m", stored)).not.toBe(first);
  });
});
