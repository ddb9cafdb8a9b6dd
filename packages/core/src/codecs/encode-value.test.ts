import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { RedisMcpError } from "../errors/redis-mcp-error.js";
import { decodeValue } from "./decode-value.js";
import { encodeValue } from "./encode-value.js";
import type { DecodedValue } from "./value-encoding.js";

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return RedisMcpError.isInstance(error) ? error.code : "not a RedisMcpError";
  }
  return undefined;
}

describe("encodeValue", () => {
  it("encodes text as UTF-8 bytes", () => {
    expect(encodeValue({ encoding: "utf8", value: "é😀" }).equals(Buffer.from([0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80]))).toBe(true);
    expect(encodeValue({ encoding: "utf8", value: "" }).length).toBe(0);
  });

  it.each([
    ["a lone high surrogate", "a\ud83db"],
    ["a lone low surrogate", "\ude00"],
    ["reversed surrogates", "\ude00\ud83d"],
  ])("rejects %s instead of storing U+FFFD", (_name, text) => {
    expect(codeOf(() => encodeValue({ encoding: "utf8", value: text }))).toBe("E_INVALID_ARGUMENT");
    expect(() => encodeValue({ encoding: "utf8", value: text })).toThrow(/lone UTF-16 surrogate/);
  });

  it("decodes canonical base64, including the empty string", () => {
    expect(encodeValue({ encoding: "base64", value: "AP/+gA==" }).equals(Buffer.from([0x00, 0xff, 0xfe, 0x80]))).toBe(true);
    expect(encodeValue({ encoding: "base64", value: "" }).length).toBe(0);
  });

  it.each([
    ["whitespace", "aGVs bG8="],
    ["a line break", "aGVs\nbG8="],
    ["a missing padding", "aGk"],
    ["too much padding", "aGk=="],
    ["padding in the middle", "aG==aGk="],
    ["base64url characters", "-_8="],
    ["a non-base64 character", "aGk!"],
    ["non-zero unused bits", "QR=="],
  ])("rejects base64 with %s", (_name, text) => {
    expect(codeOf(() => encodeValue({ encoding: "base64", value: text }))).toBe("E_INVALID_ARGUMENT");
    expect(() => encodeValue({ encoding: "base64", value: text })).toThrow(/not canonical base64/);
  });

  it("serializes JSON and rejects values JSON cannot hold", () => {
    expect(encodeValue({ encoding: "json", value: { a: [1, "ü"] } }).toString()).toBe('{"a":[1,"ü"]}');
    expect(encodeValue({ encoding: "json", value: null }).toString()).toBe("null");
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(codeOf(() => encodeValue({ encoding: "json", value: cyclic }))).toBe("E_INVALID_ARGUMENT");
    expect(codeOf(() => encodeValue({ encoding: "json", value: 1n }))).toBe("E_INVALID_ARGUMENT");
    expect(() => encodeValue({ encoding: "json", value: undefined })).toThrow(/has no JSON form/);
  });

  it("rejects an unknown encoding and non-string text", () => {
    expect(codeOf(() => encodeValue({ encoding: "hex", value: "00" } as unknown as DecodedValue))).toBe("E_INVALID_ARGUMENT");
    expect(codeOf(() => encodeValue({ encoding: "utf8", value: 42 } as unknown as DecodedValue))).toBe("E_INVALID_ARGUMENT");
    expect(codeOf(() => encodeValue({ encoding: "base64", value: null } as unknown as DecodedValue))).toBe("E_INVALID_ARGUMENT");
  });
});

describe("decodeValue and encodeValue round trips", () => {
  it("give back the same bytes for random binary data of many lengths", () => {
    for (let length = 0; length < 300; length++) {
      const bytes = randomBytes(length);
      const decoded = decodeValue(bytes);
      expect(encodeValue(decoded).equals(bytes)).toBe(true);
      expect(encodeValue(JSON.parse(JSON.stringify(decoded)) as DecodedValue).equals(bytes)).toBe(true);
    }
  });

  it("give back the same text for strings with emoji, combining marks and the null character", () => {
    for (const text of ["", "a", "😀👍🏽👨‍👩‍👧", "e\u0301", "nul\u0000byte", "\u{10ffff}", "日本語テキスト"]) {
      const bytes = encodeValue({ encoding: "utf8", value: text });
      expect(decodeValue(bytes)).toEqual({ encoding: "utf8", value: text });
    }
  });

  it("give back equal data through json", () => {
    const data = { list: [1, 2.5, -3], nested: { flag: true, nothing: null }, text: "😀" };
    expect(decodeValue(encodeValue({ encoding: "json", value: data }), "json")).toEqual({ encoding: "json", value: data });
  });
});
