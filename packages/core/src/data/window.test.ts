import { describe, expect, it } from "vitest";
import { windowIndices } from "./window.js";

describe("range windows", () => {
  it("turns a list window into LRANGE indices that never wrap", () => {
    expect(windowIndices(0, 10)).toEqual([0, 9]);
    expect(windowIndices(-3, 3)).toEqual([-3, -1]);
    expect(windowIndices(-3, 10)).toEqual([-3, -1]);
    expect(windowIndices(-10, 3)).toEqual([-10, -8]);
  });
});
