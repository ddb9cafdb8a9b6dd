import { describe, expect, it } from "vitest";
import { checkFullOutput } from "./support/full-output-schemas.js";

describe("the full output schema check the tests run on every result", () => {
  it("fails a result that misses a required field, even where the listed schema would pass", () => {
    expect(() => checkFullOutput("string_mset", { structuredContent: {} })).toThrow(/string_mset: the result does not match its full output schema/);
    expect(() => checkFullOutput("string_mset", { structuredContent: { written: 2 } })).not.toThrow();
  });

  it("fails a wrong nested shape and a field the schema does not have", () => {
    expect(() =>
      checkFullOutput("read_key", { structuredContent: { key: "k", type: "string", exists: true, total: 1, truncated: false, value: { value: "x" } } }),
    ).toThrow(/encoding/);
    expect(() => checkFullOutput("string_mset", { structuredContent: { written: 2, extra: true } })).toThrow(/extra/);
  });

  it("leaves error results alone", () => {
    expect(() => checkFullOutput("string_mset", { isError: true, structuredContent: undefined })).not.toThrow();
  });
});
