import { describe, expect, it } from "vitest";
import { SessionInvalidError } from "./errors.js";
import { encodeData } from "./session-data.js";

function invalid(data: unknown, patch = false): string {
  try {
    encodeData("create", data, patch);
  } catch (error) {
    expect(error).toBeInstanceOf(SessionInvalidError);
    return (error as Error).message;
  }
  return "accepted";
}

describe("session data", () => {
  it("encodes each top-level field on its own as JSON", () => {
    const change = encodeData("create", { cart: [1, { sku: "a" }], when: new Date(0), nothing: null }, false);
    expect(change.set.map((field) => [field.field, field.json.toString()])).toEqual([
      ["d:cart", '[1,{"sku":"a"}]'],
      ["d:when", '"1970-01-01T00:00:00.000Z"'],
      ["d:nothing", "null"],
    ]);
    expect(change.remove).toEqual([]);
  });

  it("turns undefined fields of a patch into removals, and leaves them out of whole data", () => {
    expect(encodeData("update", { gone: undefined, kept: 1 }, true)).toMatchObject({ remove: ["gone"], set: [{ name: "kept" }] });
    expect(encodeData("create", { gone: undefined }, false)).toEqual({ set: [], remove: [] });
  });

  it("names the path of the first value JSON cannot hold faithfully", () => {
    expect(invalid({ a: { b: [1, () => 2] } })).toMatch(/data\.a\.b\[1\] cannot be stored: it is a function/);
    expect(invalid({ big: 1n })).toMatch(/data\.big .*a bigint/);
    expect(invalid({ n: Number.POSITIVE_INFINITY })).toMatch(/JSON has no NaN or Infinity/);
    expect(invalid({ tags: new Set(["a"]) })).toMatch(/a Set .*\[\.\.\.set\]/);
    expect(invalid({ user: new (class User {})() })).toMatch(/a User \(store plain objects/);
    expect(invalid({ list: [1, undefined] })).toMatch(/undefined inside an array/);
    expect(invalid({ s: Symbol("x") })).toMatch(/a symbol/);
    const cycle: Record<string, unknown> = { a: {} };
    (cycle.a as Record<string, unknown>).back = cycle;
    expect(invalid(cycle)).toMatch(/data\.a\.back .*circular/);
    let deep: unknown = 1;
    for (let level = 0; level < 150; level++) deep = [deep];
    expect(invalid({ deep })).toMatch(/deeper than 100 levels/);
  });

  it("accepts objects with toJSON (Date, Buffer, express-session's Cookie)", () => {
    const cookie = { toJSON: () => ({ originalMaxAge: 1000, expires: new Date(0) }) };
    expect(invalid({ cookie, buffer: Buffer.from("hi") })).toBe("accepted");
  });

  it("refuses data that is not a plain object, and bad field names", () => {
    expect(invalid(null)).toMatch(/must be a plain object/);
    expect(invalid([1])).toMatch(/must be a plain object/);
    expect(invalid(new Map())).toMatch(/not a Map/);
    expect(invalid({ "": 1 })).toMatch(/field names must be 1 to 200 characters/);
    expect(invalid(JSON.parse('{"__proto__": {"admin": true}}'))).toMatch(/not "__proto__"/);
  });
});
