import { describe, expect, it } from "vitest";
import { escapeGlob, matchesEverything } from "./glob-pattern.js";

describe("escapeGlob", () => {
  it("escapes every glob special character and leaves the rest alone", () => {
    expect(escapeGlob("app:")).toBe("app:");
    expect(escapeGlob("a*b?c[d]e\\f")).toBe("a\\*b\\?c\\[d\\]e\\\\f");
    expect(escapeGlob("")).toBe("");
    expect(escapeGlob("^-!{}")).toBe("^-!{}");
  });
});

describe("matchesEverything", () => {
  it("recognises the patterns that match every key", () => {
    for (const pattern of ["", "*", "**", "*****"]) expect(matchesEverything(pattern)).toBe(true);
    for (const pattern of ["a*", "*a", "?", "\\*", "[*]", "* "]) expect(matchesEverything(pattern)).toBe(false);
  });
});
