import { describe, expect, it } from "vitest";
import { SessionDecryptError } from "../errors.js";
import { decryptField, encryptField, keyIdOf } from "./field-cipher.js";
import { checkKeyRing, deriveKeyRing, type KeyRing } from "./key-ring.js";

const ringOf = (keys: { id: string; secret: Buffer }[], primary?: string): Promise<KeyRing> => deriveKeyRing(checkKeyRing("test", { keys, primary }));
const keyA = { id: "a", secret: Buffer.alloc(32, 1) };
const keyB = { id: "b", secret: Buffer.alloc(32, 2) };
const plaintext = Buffer.from('{"cart":[1,2,3]}');

function decryptError(work: () => unknown): SessionDecryptError | undefined {
  try {
    work();
  } catch (error) {
    if (error instanceof SessionDecryptError) return error;
    throw error;
  }
  return undefined;
}

describe("field cipher", () => {
  it("round-trips and labels each value with the key id", async () => {
    const ring = await ringOf([keyA]);
    const stored = encryptField(ring, "storage-id", "d:cart", plaintext);
    expect(keyIdOf(stored)).toBe("a");
    expect(decryptField(ring, "storage-id", "d:cart", stored).equals(plaintext)).toBe(true);
    expect(stored.includes(plaintext)).toBe(false);
  });

  it("uses a fresh IV for every value", async () => {
    const ring = await ringOf([keyA]);
    const values = new Set(Array.from({ length: 2_000 }, () => encryptField(ring, "s", "d:x", plaintext).toString("hex")));
    expect(values.size).toBe(2_000);
  });

  it("binds a value to its session and field (additional authenticated data)", async () => {
    const ring = await ringOf([keyA]);
    const stored = encryptField(ring, "session-1", "d:cart", plaintext);
    expect(decryptError(() => decryptField(ring, "session-2", "d:cart", stored))?.code).toBe("E_SESSION_DECRYPT");
    expect(decryptError(() => decryptField(ring, "session-1", "d:theme", stored))?.code).toBe("E_SESSION_DECRYPT");
  });

  it("detects any flipped byte", async () => {
    const ring = await ringOf([keyA]);
    const stored = encryptField(ring, "s", "d:cart", plaintext);
    for (let index = 0; index < stored.length; index++) {
      const tampered = Buffer.from(stored);
      tampered[index] = (tampered[index] as number) ^ 0x01;
      expect(decryptError(() => decryptField(ring, "s", "d:cart", tampered))?.code).toBe("E_SESSION_DECRYPT");
    }
  });

  it("refuses values under a key that is not in the ring, foreign formats and truncated values", async () => {
    const stored = encryptField(await ringOf([keyB]), "s", "d:cart", plaintext);
    const ringA = await ringOf([keyA]);
    expect(decryptError(() => decryptField(ringA, "s", "d:cart", stored))?.message).toMatch(/key id "b", which is not in the key ring/);
    expect(decryptError(() => decryptField(ringA, "s", "d:cart", Buffer.from('{"json":"from connect-redis"}')))?.code).toBe("E_SESSION_DECRYPT");
    expect(decryptError(() => decryptField(ringA, "s", "d:cart", stored.subarray(0, 10)))?.code).toBe("E_SESSION_DECRYPT");
  });

  it("decrypts with an older key of the ring and encrypts with the primary", async () => {
    const old = await ringOf([keyA]);
    const rotated = await ringOf([keyB, keyA], "b");
    const before = encryptField(old, "s", "d:cart", plaintext);
    expect(decryptField(rotated, "s", "d:cart", before).equals(plaintext)).toBe(true);
    expect(keyIdOf(encryptField(rotated, "s", "d:cart", plaintext))).toBe("b");
  });

  it("keeps secrets and plaintext out of error messages", async () => {
    const ring = await ringOf([keyA]);
    const stored = encryptField(ring, "s", "d:cart", plaintext);
    stored[stored.length - 1] = (stored[stored.length - 1] as number) ^ 0xff;
    const message = decryptError(() => decryptField(ring, "s", "d:cart", stored))?.message ?? "";
    expect(message).not.toContain('cart":');
    expect(message).not.toContain(keyA.secret.toString("hex"));
  });
});
