import { describe, expect, it } from "vitest";
import type { RedisClient } from "../client/redis-client.js";
import { waitWithinCommandTimeout } from "./blocking.js";

describe("bounded blocking", () => {
  const clientWithTimeout = (commandTimeout?: number) => ({ options: { commandTimeout } }) as unknown as RedisClient;

  it("blocks once when the wait fits the command timeout", async () => {
    const windows: number[] = [];
    const reply = await waitWithinCommandTimeout(clientWithTimeout(undefined), 5_000, async (windowMs) => {
      windows.push(windowMs);
      return "element";
    });
    expect(reply).toBe("element");
    expect(windows).toEqual([5_000]);
  });

  it("splits a longer wait into blocks shorter than the command timeout", async () => {
    const windows: number[] = [];
    const reply = await waitWithinCommandTimeout(clientWithTimeout(1_000), 60_000, async (windowMs) => {
      windows.push(windowMs);
      return windows.length === 3 ? "element" : null;
    });
    expect(reply).toBe("element");
    expect(windows).toHaveLength(3);
    for (const windowMs of windows) expect(windowMs).toBeLessThan(1_000);
  });
});
