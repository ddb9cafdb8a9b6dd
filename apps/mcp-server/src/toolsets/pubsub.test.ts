import { describe, expect, it } from "vitest";
import { collectionWindow } from "./pubsub.js";

describe("collectionWindow", () => {
  it("keeps waitMs when it ends well before the call's deadline", () => {
    expect(collectionWindow(5_000, 30_000, 0)).toEqual({ ms: 5_000, cut: false });
  });

  it("ends a second before a far deadline that comes first", () => {
    expect(collectionWindow(60_000, 30_000, 0)).toEqual({ ms: 29_000, cut: true });
  });

  it("leaves a quarter of a short time left for the reply", () => {
    expect(collectionWindow(3_000, 1_500, 0)).toEqual({ ms: 1_125, cut: true });
  });

  it("does not wait at all once the deadline has passed", () => {
    expect(collectionWindow(3_000, 1_000, 2_000)).toEqual({ ms: 0, cut: true });
  });
});
