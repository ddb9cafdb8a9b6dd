import { describe, expect, it } from "vitest";
import { templateVariable } from "./resource-template-values.js";

describe("templateVariable", () => {
  it("decodes percent-escapes, joins list values and keeps a bad escape as written", () => {
    expect(templateVariable("user%3A1%20x")).toBe("user:1 x");
    expect(templateVariable(["a", "b"])).toBe("a,b");
    expect(templateVariable("100%")).toBe("100%");
    expect(templateVariable(undefined)).toBe("");
  });
});
