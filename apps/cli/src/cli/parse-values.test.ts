import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { integerFrom, parseDuration } from "./parse-values.js";

describe("parseDuration", () => {
  it.each([
    ["500ms", 500],
    ["30s", 30_000],
    ["5m", 300_000],
    ["2h", 7_200_000],
    ["1d", 86_400_000],
    ["60", 60_000],
    ["1.5s", 1500],
  ])("reads %s as %d ms", (text, milliseconds) => {
    expect(parseDuration(text)).toBe(milliseconds);
  });

  it.each(["", "0", "-5", "5 minutes", "abc", "0ms"])("refuses %j", (text) => {
    expect(() => parseDuration(text)).toThrow(InvalidArgumentError);
  });
});

describe("integerFrom", () => {
  it("accepts whole numbers in range", () => {
    expect(integerFrom(1, 10)("7")).toBe(7);
  });

  it.each(["0", "11", "1.5", "x", "-1", ""])("refuses %j for 1..10 with the range in the message", (text) => {
    expect(() => integerFrom(1, 10)(text)).toThrow(/from 1 to 10/);
  });
});
