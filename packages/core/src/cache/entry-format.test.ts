import { describe, expect, it } from "vitest";
import { parseEntry } from "./entry-format.js";

describe("parseEntry", () => {
  it("reads the header and leaves the payload as bytes", () => {
    const stored = Buffer.concat([Buffer.from("1700000000100:1700000000200:1700000000000123:7:a\nb:c:d"), Buffer.from([0, 255, 0x3a])]);
    const entry = parseEntry(stored);
    expect(entry).toMatchObject({ freshUntil: 1700000000100, expiresAt: 1700000000200, tags: ["a", "b:c:d"] });
    expect(entry?.payload.equals(Buffer.from([0, 255, 0x3a]))).toBe(true);
    expect(parseEntry(Buffer.from("1:2:3:0:payload"))?.tags).toEqual([]);
  });

  it("refuses bytes that are not an entry", () => {
    for (const text of ["", "plain value", "1:2:3", "1:2:3:99:short", "x:2:3:0:"]) expect(parseEntry(Buffer.from(text))).toBeUndefined();
  });
});
