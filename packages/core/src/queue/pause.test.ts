import { describe, expect, it } from "vitest";
import { pause } from "./pause.js";

describe("pause", () => {
  it("ends an hour-long pause when the signal aborts, and at once for an aborted signal", async () => {
    const controller = new AbortController();
    const waiting = pause(3_600_000, controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBeUndefined();
    await expect(pause(3_600_000, controller.signal)).resolves.toBeUndefined();
  });

  it("resolves after the pause without a signal", async () => {
    await expect(pause(1, undefined)).resolves.toBeUndefined();
  });
});
