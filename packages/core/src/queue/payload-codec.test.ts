import { describe, expect, it } from "vitest";
import { RedisMcpError } from "../errors/redis-mcp-error.js";
import { decodePayload, encodePayload } from "./payload-codec.js";

function stored(value: unknown): Buffer {
  const encoded = encodePayload(value);
  return Buffer.isBuffer(encoded) ? encoded : Buffer.from(encoded, "utf8");
}

describe("payload codec", () => {
  it("round-trips JSON values, strings and bytes, keeping their kind", () => {
    for (const value of [{ orderId: 7, items: ["a", "b"] }, [1, 2, 3], 42, 0, null, true, "plain text", "", '{"looks":"like json"}', "héllo ✓"]) {
      expect(decodePayload(stored(value))).toEqual(value);
    }
    const bytes = Buffer.from([0x00, 0xff, 0x80, 0x0a]);
    const decoded = decodePayload(stored(bytes));
    expect(Buffer.isBuffer(decoded) && decoded.equals(bytes)).toBe(true);
    expect((decodePayload(stored(new Uint8Array([1, 2]))) as Buffer).equals(Buffer.from([1, 2]))).toBe(true);
  });

  it("rejects values JSON cannot hold with E_INVALID_ARGUMENT", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const value of [undefined, () => 1, Symbol("s"), 10n, cyclic]) {
      let error: unknown;
      try {
        encodePayload(value);
      } catch (caught) {
        error = caught;
      }
      expect(RedisMcpError.isInstance(error) && error.code).toBe("E_INVALID_ARGUMENT");
    }
    expect(() => encodePayload(undefined)).toThrow(/cannot be stored. Pass plain data/);
  });

  it("refuses data it did not write", () => {
    expect(() => decodePayload(Buffer.from("xyz"))).toThrow(/no known type tag/);
  });
});
