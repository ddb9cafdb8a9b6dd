import { describe, expect, it } from "vitest";
import { pushTrim, toReadEntries, toStreamEntry } from "./stream-entries.js";
import type { RedisValue } from "./validate.js";

describe("stream trimming arguments", () => {
  it("builds stream trimming clauses", () => {
    const trim = (options: Parameters<typeof pushTrim>[2]) => {
      const args: RedisValue[] = [];
      pushTrim("op", args, options, false);
      return args;
    };
    expect(trim({})).toEqual([]);
    expect(trim({ maxLength: 10 })).toEqual(["MAXLEN", 10]);
    expect(trim({ maxLength: 10, approximate: true, limit: 5 })).toEqual(["MAXLEN", "~", 10, "LIMIT", 5]);
    expect(trim({ minId: "5-0", approximate: true })).toEqual(["MINID", "~", "5-0"]);
  });
});

describe("stream replies", () => {
  it("reads the one stream of an XREADGROUP reply in RESP2 and RESP3 shapes", () => {
    const entries = [["1-0", ["a", "1"]]];
    const expected = [{ id: "1-0", fields: { a: "1" } }];
    expect(toReadEntries([["stream", entries]])).toEqual(expected);
    expect(toReadEntries({ stream: entries })).toEqual(expected);
    expect(toReadEntries(null)).toEqual([]);
    expect(toStreamEntry(["2-0", null])).toEqual({ id: "2-0", fields: {}, deleted: true });
  });
});
