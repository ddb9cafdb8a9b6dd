import { describe, expect, it } from "vitest";
import { jsonCodec } from "./json-codec.js";

describe("jsonCodec", () => {
  it("round-trips plain data", () => {
    for (const value of [{ a: [1, "two", null] }, "text", 0, -1.5, true, null, []]) {
      expect(jsonCodec.decode(jsonCodec.encode(value))).toEqual(value);
    }
  });

  it("round-trips bytes exactly, as a Buffer, including bytes that look like tags", () => {
    const bytes = Buffer.from([0x6a, 0x62, 0, 255, 0xc3, 0x28]);
    const decoded = jsonCodec.decode(jsonCodec.encode(bytes));
    expect(Buffer.isBuffer(decoded)).toBe(true);
    expect((decoded as Buffer).equals(bytes)).toBe(true);
    expect((jsonCodec.decode(jsonCodec.encode(new Uint8Array([1, 2]))) as Buffer).equals(Buffer.from([1, 2]))).toBe(true);
  });

  it("refuses values JSON cannot represent with E_INVALID_ARGUMENT", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const value of [undefined, () => 1, 1n, cyclic, Symbol("s")]) {
      expect(() => jsonCodec.encode(value)).toThrow(expect.objectContaining({ code: "E_INVALID_ARGUMENT" }));
    }
  });

  it("fails to decode bytes it did not write", () => {
    expect(() => jsonCodec.decode(Buffer.from("x{}"))).toThrow();
  });
});
