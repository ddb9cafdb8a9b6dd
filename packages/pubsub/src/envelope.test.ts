import { describe, expect, it } from "vitest";
import { createEnvelope, isEnvelope } from "./envelope.js";

describe("createEnvelope", () => {
  it("wraps the payload with a unique id and the send time", () => {
    const first = createEnvelope({ orderId: 7 }, () => 1_764_000_000_000);
    const second = createEnvelope({ orderId: 7 });
    expect(first.data).toEqual({ orderId: 7 });
    expect(first.timestamp).toBe(1_764_000_000_000);
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.id).not.toBe(first.id);
    expect("v" in first).toBe(false);
  });

  it("stamps the schema version when one is given", () => {
    expect(createEnvelope("x", () => 1, 3)).toMatchObject({ data: "x", timestamp: 1, v: 3 });
  });
});

describe("isEnvelope", () => {
  it("accepts the envelope shape, with or without a version", () => {
    expect(isEnvelope({ id: "a", timestamp: 1, data: null })).toBe(true);
    expect(isEnvelope({ id: "a", timestamp: 1, data: 0, v: 2 })).toBe(true);
  });

  it("rejects what is not an envelope", () => {
    for (const value of [
      null,
      "x",
      [],
      { timestamp: 1, data: 1 },
      { id: "", timestamp: 1, data: 1 },
      { id: "a", timestamp: "1", data: 1 },
      { id: "a", timestamp: 1 },
      { id: "a", timestamp: 1, data: 1, v: 1.5 },
    ]) {
      expect(isEnvelope(value)).toBe(false);
    }
  });
});
