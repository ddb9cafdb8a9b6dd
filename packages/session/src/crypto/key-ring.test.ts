import { describe, expect, it } from "vitest";
import { decryptField, encryptField } from "./field-cipher.js";
import { checkKeyRing, DEFAULT_KEY_ID, deriveKeyRing, type KeyRingOptions, PBKDF2_ITERATIONS } from "./key-ring.js";

function keyErrorOf(options: KeyRingOptions): { code?: string; message: string } | undefined {
  try {
    checkKeyRing("createSessionStore", options);
  } catch (error) {
    return error as { code?: string; message: string };
  }
  return undefined;
}

describe("key ring", () => {
  it("follows OWASP's PBKDF2-HMAC-SHA256 iteration count", () => {
    expect(PBKDF2_ITERATIONS).toBe(600_000);
  });

  it("refuses missing, short and ambiguous secrets with E_SESSION_KEY", () => {
    const cases: [KeyRingOptions, RegExp][] = [
      [{}, /one is required/],
      [{ secret: "short" }, /too short: use at least 32 bytes/],
      [{ secret: Buffer.alloc(16) }, /at least 32 random bytes/],
      [{ secret: "x".repeat(40), keys: [{ id: "a", secret: "y".repeat(40) }] }, /not both/],
      [{ keys: [] }, /at least one/],
      [{ keys: [{ id: "a b", secret: "y".repeat(40) }] }, /id must be 1 to 32 letters/],
      [{ keys: [{ id: "a", secret: undefined as unknown as string }] }, /has no secret/],
      [
        {
          keys: [
            { id: "a", secret: "y".repeat(40) },
            { id: "a", secret: "z".repeat(40) },
          ],
        },
        /appears twice/,
      ],
      [{ keys: [{ id: "a", secret: "y".repeat(40) }], primary: "b" }, /primary "b" is not the id of any key/],
      [{ secret: "x".repeat(40), primary: "default" }, /leave it out/],
    ];
    for (const [options, message] of cases) {
      const error = keyErrorOf(options);
      expect(error?.code).toBe("E_SESSION_KEY");
      expect(error?.message).toMatch(message);
      expect(error?.message).not.toContain("yyyyyyyy");
    }
  });

  it("counts a passphrase's length in bytes", () => {
    expect(keyErrorOf({ secret: "é".repeat(16) })).toBeUndefined();
    expect(keyErrorOf({ secret: "é".repeat(15) })?.code).toBe("E_SESSION_KEY");
  });

  it("derives the same key from the same passphrase in every process (PBKDF2), and another from another", async () => {
    const first = await deriveKeyRing(checkKeyRing("test", { secret: "correct horse battery staple, long enough" }));
    const second = await deriveKeyRing(checkKeyRing("test", { secret: "correct horse battery staple, long enough" }));
    const other = await deriveKeyRing(checkKeyRing("test", { secret: "correct horse battery staple, but another" }));
    expect(first.primary.id).toBe(DEFAULT_KEY_ID);
    const stored = encryptField(first, "s", "d:x", Buffer.from("1"));
    expect(decryptField(second, "s", "d:x", stored).toString()).toBe("1");
    expect(() => decryptField(other, "s", "d:x", stored)).toThrow(/failed authentication/);
  });

  it("derives key material with HKDF, and separates keys by id", async () => {
    const material = Buffer.alloc(32, 9);
    const asA = await deriveKeyRing(checkKeyRing("test", { keys: [{ id: "a", secret: material }] }));
    const asB = await deriveKeyRing(checkKeyRing("test", { keys: [{ id: "b", secret: material }] }));
    expect(asA.primary.key.export().equals(asB.primary.key.export())).toBe(false);
    expect(asA.primary.key.export().equals(material)).toBe(false);
  });

  it("uses the first key as primary unless told otherwise", async () => {
    const keys = [
      { id: "new", secret: Buffer.alloc(32, 1) },
      { id: "old", secret: Buffer.alloc(32, 2) },
    ];
    expect((await deriveKeyRing(checkKeyRing("test", { keys }))).primary.id).toBe("new");
    expect((await deriveKeyRing(checkKeyRing("test", { keys, primary: "old" }))).primary.id).toBe("old");
  });
});
