import { describe, expect, it } from "vitest";
import { decodeUtf8Strictly, lengthWithoutCutCharacter } from "./utf8.js";

describe("decodeUtf8Strictly", () => {
  it("decodes valid UTF-8 and refuses anything else instead of substituting U+FFFD", () => {
    expect(decodeUtf8Strictly(Buffer.from("ok ✓"))).toBe("ok ✓");
    expect(decodeUtf8Strictly(Buffer.from([0x6f, 0xff]))).toBeUndefined();
    // A failure must not leave state behind for the next call.
    expect(decodeUtf8Strictly(Buffer.from([0xe2, 0x9c]))).toBeUndefined();
    expect(decodeUtf8Strictly(Buffer.from([0x93]))).toBeUndefined();
    expect(decodeUtf8Strictly(Buffer.from("fine"))).toBe("fine");
  });
});

describe("lengthWithoutCutCharacter", () => {
  const text = Buffer.from("a€😀"); // 1 + 3 + 4 bytes

  it("keeps complete text whole", () => {
    expect(lengthWithoutCutCharacter(text)).toBe(8);
    expect(lengthWithoutCutCharacter(Buffer.alloc(0))).toBe(0);
    expect(lengthWithoutCutCharacter(text.subarray(0, 4))).toBe(4);
  });

  it("drops the bytes of a character cut at the end, whatever the cut", () => {
    expect(lengthWithoutCutCharacter(text.subarray(0, 2))).toBe(1);
    expect(lengthWithoutCutCharacter(text.subarray(0, 3))).toBe(1);
    expect(lengthWithoutCutCharacter(text.subarray(0, 5))).toBe(4);
    expect(lengthWithoutCutCharacter(text.subarray(0, 6))).toBe(4);
    expect(lengthWithoutCutCharacter(text.subarray(0, 7))).toBe(4);
    for (let end = 0; end <= text.length; end++) {
      expect(decodeUtf8Strictly(text.subarray(0, lengthWithoutCutCharacter(text.subarray(0, end))))).toBeDefined();
    }
  });

  it("leaves bytes that are not UTF-8 alone", () => {
    expect(lengthWithoutCutCharacter(Buffer.from([0x61, 0xff]))).toBe(2);
    expect(lengthWithoutCutCharacter(Buffer.from([0x80, 0x80, 0x80, 0x80]))).toBe(4);
  });
});
