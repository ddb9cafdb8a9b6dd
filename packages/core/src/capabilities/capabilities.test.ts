import { describe, expect, it } from "vitest";
import { parseVersion, versionAtLeast } from "./capabilities.js";

describe("versions", () => {
  it("parses and compares versions", () => {
    const version = parseVersion("7.0.15");
    expect(version).toEqual({ major: 7, minor: 0, patch: 15, text: "7.0.15" });
    expect(versionAtLeast(version, 7)).toBe(true);
    expect(versionAtLeast(version, 7, 0, 15)).toBe(true);
    expect(versionAtLeast(version, 7, 0, 16)).toBe(false);
    expect(versionAtLeast(version, 7, 2)).toBe(false);
    expect(versionAtLeast(version, 6, 9)).toBe(true);
    expect(versionAtLeast(parseVersion("garbage"), 1)).toBe(false);
  });
});
