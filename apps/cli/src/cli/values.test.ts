import { describe, expect, it } from "vitest";
import { displayValue, parseValue } from "./values.js";

describe("parseValue", () => {
  it("keeps text as it is, and reads JSON with as json", () => {
    expect(parseValue("42", "text")).toBe("42");
    expect(parseValue('{"a":[1,2]}', "json")).toEqual({ a: [1, 2] });
  });

  it("refuses JSON that does not parse, as a usage error", () => {
    expect(() => parseValue("{a:1}", "json")).toThrow(expect.objectContaining({ code: "E_USAGE", exitCode: 2 }));
  });
});

describe("displayValue", () => {
  it("shows bytes as base64 and structures as one line of JSON for people", () => {
    expect(displayValue(Buffer.from([1, 2, 3]), "json")).toEqual({ base64: "AQID" });
    expect(displayValue(Buffer.from([1, 2, 3]), "text")).toBe("base64:AQID");
    expect(displayValue({ a: 1 }, "text")).toBe('{"a":1}');
    expect(displayValue({ a: 1 }, "json")).toEqual({ a: 1 });
    expect(displayValue("plain", "text")).toBe("plain");
  });
});
