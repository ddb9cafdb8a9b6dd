import { describe, expect, it } from "vitest";
import { decimalOf } from "./session-codec.js";

describe("decimalOf", () => {
  it("parses the decimal text Redis stores, as Number would", () => {
    for (const text of ["0", "7", "1764780000123", "315360000000", "123456789012345"]) expect(decimalOf(Buffer.from(text))).toBe(Number(text));
  });

  it("takes the general path for signs, fractions, long numbers and empty values", () => {
    for (const text of ["-5", "1.5", "1e3", "12345678901234567", ""]) expect(decimalOf(Buffer.from(text))).toBe(Number(text));
    expect(decimalOf(Buffer.from("12a"))).toBeNaN();
  });

  it("is NaN for a missing value", () => {
    expect(decimalOf(null)).toBeNaN();
    expect(decimalOf(undefined)).toBeNaN();
  });
});
