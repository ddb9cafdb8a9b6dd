import { describe, expect, it } from "vitest";
import { camelCase, replyEntries, replyText, replyTextRecord, toScalar } from "./reply-values.js";

describe("reply values", () => {
  it("converts plain decimals only", () => {
    expect([toScalar("0"), toScalar("-1"), toScalar("2.50"), toScalar("007"), toScalar("7.0.15"), toScalar(""), toScalar("1e3")]).toEqual([
      0,
      -1,
      2.5,
      "007",
      "7.0.15",
      "",
      "1e3",
    ]);
  });

  it("camel-cases snake and kebab names", () => {
    expect([camelCase("usec_per_call"), camelCase("qbuf-free"), camelCase("p99.9"), camelCase("id")]).toEqual(["usecPerCall", "qbufFree", "p99.9", "id"]);
  });

  it("reads map replies in every shape ioredis may return", () => {
    const expected = { maxmemory: "0", "maxmemory-policy": "noeviction" };
    expect(replyTextRecord(["maxmemory", "0", "maxmemory-policy", "noeviction"])).toEqual(expected);
    expect(
      replyTextRecord(
        new Map([
          ["maxmemory", "0"],
          ["maxmemory-policy", "noeviction"],
        ]),
      ),
    ).toEqual(expected);
    expect(replyTextRecord({ maxmemory: "0", "maxmemory-policy": Buffer.from("noeviction") })).toEqual(expected);
    expect(
      replyEntries([
        ["a", 1],
        ["b", 2],
      ]),
    ).toEqual([
      ["a", 1],
      ["b", 2],
    ]);
    expect(replyEntries(null)).toEqual([]);
    expect(replyEntries("text")).toEqual([]);
  });

  it("reads bulk replies as text", () => {
    expect([replyText("a"), replyText(Buffer.from("b")), replyText(null), replyText(3)]).toEqual(["a", "b", "", "3"]);
  });
});
