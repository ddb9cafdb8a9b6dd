import { describe, expect, it } from "vitest";
import { bitFieldArguments } from "./bitmaps.js";

describe("bitfield arguments", () => {
  it("emits BITFIELD OVERFLOW only where it changes, and resets it to WRAP", () => {
    expect(
      bitFieldArguments("k", [
        { operation: "get", encoding: "u8", offset: 0 },
        { operation: "increment", encoding: "u8", offset: 0, by: 1, overflow: "SAT" },
        { operation: "increment", encoding: "u8", offset: 8, by: 1, overflow: "SAT" },
        { operation: "set", encoding: "i64", offset: "#2", value: 2n ** 62n },
      ]),
    ).toEqual([
      "k",
      "GET",
      "u8",
      0,
      "OVERFLOW",
      "SAT",
      "INCRBY",
      "u8",
      0,
      "1",
      "INCRBY",
      "u8",
      8,
      "1",
      "OVERFLOW",
      "WRAP",
      "SET",
      "i64",
      "#2",
      "4611686018427387904",
    ]);
  });
});
