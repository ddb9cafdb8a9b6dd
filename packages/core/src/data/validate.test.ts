import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors/errors.js";
import { assertCursor, assertExclusive, assertKey, assertKeys, assertScore, assertValue, assertValues, describeValue } from "./validate.js";

function messageOf(check: () => void): string {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).code).toBe("E_INVALID_ARGUMENT");
    return (error as Error).message;
  }
  throw new Error("expected the check to throw");
}

describe("input checks", () => {
  it("accept valid keys and values", () => {
    expect(() => assertKey("op", "user:1")).not.toThrow();
    expect(() => assertKeys("op", ["a", "b"])).not.toThrow();
    expect(() => assertValue("op", Buffer.from([0]))).not.toThrow();
    expect(() => assertValues("op", ["a", 1, Buffer.alloc(0)])).not.toThrow();
    expect(() => assertScore("op", "score", Number.NEGATIVE_INFINITY)).not.toThrow();
    expect(() => assertCursor("op", "18446744073709551615")).not.toThrow();
  });

  it("name the operation, the problem and the bad value", () => {
    expect(messageOf(() => assertKey("getString", ""))).toBe('getString: key must be a non-empty string such as "user:1", got "".');
    expect(messageOf(() => assertValue("setString", undefined))).toMatch(/^setString: value must be a string, a Buffer or a finite number .* got undefined\.$/);
    expect(messageOf(() => assertValue("setString", Number.NaN))).toMatch(/got NaN/);
    expect(messageOf(() => assertValues("listPush", []))).toMatch(/values must be a non-empty array, got an array of 0/);
    expect(messageOf(() => assertKeys("setCombine", ["a", ""]))).toMatch(/every entry of keys must be a non-empty string/);
    expect(messageOf(() => assertScore("sortedSetAdd", "score", Number.NaN))).toMatch(/NaN not/);
    expect(messageOf(() => assertCursor("hashScan", "-1"))).toMatch(/cursor must be "0" to start/);
    expect(messageOf(() => assertExclusive("setString", { ttlMs: 1, keepTtl: true }, "ttlMs", "keepTtl"))).toMatch(/cannot be combined/);
    expect(() => assertExclusive("setString", { ttlMs: 1, keepTtl: false }, "ttlMs", "keepTtl")).not.toThrow();
  });

  it("describe values briefly", () => {
    expect(describeValue("x".repeat(100))).toBe(`"${"x".repeat(40)}"...`);
    expect(describeValue(Buffer.alloc(3))).toBe("a Buffer of 3 bytes");
    expect(describeValue({})).toBe("object");
    expect(describeValue(null)).toBe("null");
  });
});
