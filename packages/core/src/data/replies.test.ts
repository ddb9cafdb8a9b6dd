import { describe, expect, it } from "vitest";
import { pairsOf, setField, toBoolean, toNumber, toNumberOrNull, toRecord, toText } from "./replies.js";

describe("reply parsing", () => {
  it("reads numbers from integers, text, Buffers and Redis' infinities", () => {
    expect(toNumber(42)).toBe(42);
    expect(toNumber("1.5")).toBe(1.5);
    expect(toNumber(Buffer.from("-3"))).toBe(-3);
    expect(toNumber("inf")).toBe(Number.POSITIVE_INFINITY);
    expect(toNumber("+inf")).toBe(Number.POSITIVE_INFINITY);
    expect(toNumber("-inf")).toBe(Number.NEGATIVE_INFINITY);
    expect(toNumber(Number.NEGATIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
    expect(toNumberOrNull(null)).toBeNull();
    expect(toNumberOrNull("0")).toBe(0);
  });

  it("reads text and booleans", () => {
    expect(toText(Buffer.from("1-0"))).toBe("1-0");
    expect(toText(7)).toBe("7");
    expect([1, true, "1", 0, false, null].map(toBoolean)).toEqual([true, true, true, false, false, false]);
  });

  it("reads map-like replies in every shape", () => {
    const expected = [
      ["a", 1],
      ["b", 2],
    ];
    expect(pairsOf(["a", 1, "b", 2])).toEqual(expected);
    expect(
      pairsOf([
        ["a", 1],
        ["b", 2],
      ]),
    ).toEqual(expected);
    expect(pairsOf({ a: 1, b: 2 })).toEqual(expected);
    expect(
      pairsOf(
        new Map<string, number>([
          ["a", 1],
          ["b", 2],
        ]),
      ),
    ).toEqual(expected);
    expect(pairsOf(null)).toEqual([]);
    expect(pairsOf([])).toEqual([]);
  });

  it("builds records without letting __proto__ change the prototype", () => {
    const record = toRecord(["__proto__", "x", "name", Buffer.from("ada")], (value) => toText(value));
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.keys(record)).toEqual(["__proto__", "name"]);
    expect(record.name).toBe("ada");
    const direct: Record<string, number> = {};
    setField(direct, "__proto__", 1);
    expect(Object.getOwnPropertyDescriptor(direct, "__proto__")?.value).toBe(1);
  });
});
