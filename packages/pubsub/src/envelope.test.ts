import { describe, expect, it } from "vitest";
import { createEnvelope } from "./envelope.js";

describe("createEnvelope", () => {
  it("wraps the payload with a unique id and the send time", () => {
    const first = createEnvelope({ orderId: 7 }, () => 1_764_000_000_000);
    const second = createEnvelope({ orderId: 7 });
    expect(first.data).toEqual({ orderId: 7 });
    expect(first.timestamp).toBe(1_764_000_000_000);
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.id).not.toBe(first.id);
  });
});
