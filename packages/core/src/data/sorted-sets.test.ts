import { describe, expect, it } from "vitest";
import { scoreArgument, sortedSetRangeArguments } from "./sorted-sets.js";

describe("sorted-set range arguments", () => {
  it("builds ZRANGE for every order", () => {
    expect(sortedSetRangeArguments("op", "k", { limit: 5 })).toEqual(["k", 0, 4]);
    expect(sortedSetRangeArguments("op", "k", { offset: -2, limit: 5, reverse: true, withScores: true })).toEqual(["k", -2, -1, "REV", "WITHSCORES"]);
    expect(sortedSetRangeArguments("op", "k", { by: "score", min: 1, max: Number.POSITIVE_INFINITY, maxExclusive: true, limit: 3 })).toEqual([
      "k",
      "1",
      "(+inf",
      "BYSCORE",
      "LIMIT",
      0,
      3,
    ]);
    // With REV Redis wants the upper bound first.
    expect(sortedSetRangeArguments("op", "k", { by: "score", min: 1, max: 9, reverse: true, offset: 2, limit: 3 })).toEqual([
      "k",
      "9",
      "1",
      "BYSCORE",
      "REV",
      "LIMIT",
      2,
      3,
    ]);
    expect(sortedSetRangeArguments("op", "k", { by: "lex", min: "a", minExclusive: true, limit: 1 })).toEqual(["k", "(a", "+", "BYLEX", "LIMIT", 0, 1]);
    expect(scoreArgument(Number.NEGATIVE_INFINITY, true)).toBe("(-inf");
  });
});
