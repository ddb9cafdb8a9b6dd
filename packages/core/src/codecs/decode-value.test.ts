import { describe, expect, it } from "vitest";
import { RedisMcpError } from "../errors/redis-mcp-error.js";
import { decodeValue } from "./decode-value.js";
import { encodeValue } from "./encode-value.js";

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return RedisMcpError.isInstance(error) ? error.code : "not a RedisMcpError";
  }
  return undefined;
}

describe("decodeValue", () => {
  it("returns valid UTF-8 as text, emoji and all", () => {
    expect(decodeValue(Buffer.from("héllo wörld 😀 € 中文"))).toEqual({ encoding: "utf8", value: "héllo wörld 😀 € 中文" });
    expect(decodeValue(Buffer.from([0xf0, 0x9f, 0x98, 0x80]))).toEqual({ encoding: "utf8", value: "😀" });
  });

  it("returns an empty buffer as an empty string", () => {
    expect(decodeValue(Buffer.alloc(0))).toEqual({ encoding: "utf8", value: "" });
    expect(decodeValue(Buffer.alloc(0), "base64")).toEqual({ encoding: "base64", value: "" });
  });

  it.each([
    ["a lone continuation byte", [0x61, 0x80, 0x62]],
    ["a truncated 2-byte sequence", [0x61, 0xc3]],
    ["a truncated 4-byte emoji", [0xf0, 0x9f, 0x98]],
    ["an overlong encoding of /", [0xc0, 0xaf]],
    ["an encoded lone high surrogate (CESU-8)", [0xed, 0xa0, 0x80]],
    ["an encoded lone low surrogate", [0xed, 0xbf, 0xbf]],
    ["a code point above U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
    ["the byte 0xff", [0xff, 0xfe, 0x00]],
  ])("returns base64 for invalid UTF-8: %s", (_name, bytes) => {
    const buffer = Buffer.from(bytes);
    const decoded = decodeValue(buffer);
    expect(decoded).toEqual({ encoding: "base64", value: buffer.toString("base64") });
    expect(encodeValue(decoded).equals(buffer)).toBe(true);
  });

  it("keeps a leading byte order mark instead of stripping it", () => {
    const withBom = Buffer.from([0xef, 0xbb, 0xbf, 0x61]);
    const decoded = decodeValue(withBom);
    expect(decoded).toEqual({ encoding: "utf8", value: "\ufeffa" });
    expect(encodeValue(decoded).equals(withBom)).toBe(true);
  });

  it("parses JSON and rejects what is not JSON or not UTF-8", () => {
    expect(decodeValue(Buffer.from('{"a":[1,"ü",null]}'), "json")).toEqual({ encoding: "json", value: { a: [1, "ü", null] } });
    expect(codeOf(() => decodeValue(Buffer.from("{nope"), "json"))).toBe("E_INVALID_ARGUMENT");
    expect(() => decodeValue(Buffer.from("{nope"), "json")).toThrow(/not valid JSON.*Use encoding "utf8" or "auto"/);
    expect(() => decodeValue(Buffer.from([0xff]), "json")).toThrow(/not valid UTF-8/);
  });

  it("insists on UTF-8 when asked for utf8, and explains the alternative", () => {
    expect(decodeValue(Buffer.from("plain"), "utf8")).toEqual({ encoding: "utf8", value: "plain" });
    expect(codeOf(() => decodeValue(Buffer.from([0xc3]), "utf8"))).toBe("E_INVALID_ARGUMENT");
    expect(() => decodeValue(Buffer.from([0xc3]), "utf8")).toThrow(/Use encoding "base64" or "auto"/);
  });

  it("returns base64 of text when asked, and decodes a Uint8Array view without its neighbours", () => {
    expect(decodeValue(Buffer.from("hi"), "base64")).toEqual({ encoding: "base64", value: "aGk=" });
    const backing = Buffer.from("xxhixx");
    expect(decodeValue(new Uint8Array(backing.buffer, backing.byteOffset + 2, 2), "base64")).toEqual({ encoding: "base64", value: "aGk=" });
  });

  it("rejects an unknown encoding", () => {
    expect(codeOf(() => decodeValue(Buffer.from("x"), "hex" as never))).toBe("E_INVALID_ARGUMENT");
  });
});
