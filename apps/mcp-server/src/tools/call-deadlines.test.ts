import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CallDeadlines, DEADLINE_TICK_MS } from "./call-deadlines.js";

const never = () => new Promise<never>(() => {});

/** Whether a promise has settled, without waiting for it. */
function settledState(promise: Promise<unknown>): () => "pending" | "resolved" | "rejected" {
  let state: "pending" | "resolved" | "rejected" = "pending";
  promise.then(
    () => {
      state = "resolved";
    },
    () => {
      state = "rejected";
    },
  );
  return () => state;
}

describe("CallDeadlines", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("returns what the work returns", async () => {
    await expect(new CallDeadlines(1000).run(new AbortController().signal, async () => 42)).resolves.toBe(42);
  });

  it("stops work that outlives the timeout with E_TIMEOUT and aborts its signal, not before", async () => {
    let signal: AbortSignal | undefined;
    const run = new CallDeadlines(1000).run(new AbortController().signal, (call) => {
      signal = call.signal;
      return never();
    });
    const state = settledState(run);
    await vi.advanceTimersByTimeAsync(900);
    expect(state()).toBe("pending");
    expect(signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(state()).toBe("rejected");
    await expect(run).rejects.toMatchObject({ code: "E_TIMEOUT" });
    expect(signal?.aborted).toBe(true);
  });

  it("stops at once when the client cancels work that watches its signal", async () => {
    const client = new AbortController();
    let signal: AbortSignal | undefined;
    const run = new CallDeadlines(60_000).run(client.signal, (call) => {
      signal = call.signal;
      return never();
    });
    client.abort(new Error("cancelled by the client"));
    await expect(run).rejects.toThrow("cancelled by the client");
    expect(signal?.aborted).toBe(true);
  });

  it("lets go of cancelled work that never looks at its signal within a tick", async () => {
    const client = new AbortController();
    const run = new CallDeadlines(60_000).run(client.signal, never);
    const state = settledState(run);
    client.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(state()).toBe("pending");
    await vi.advanceTimersByTimeAsync(DEADLINE_TICK_MS);
    expect(state()).toBe("rejected");
  });

  it("does not start work whose request is already cancelled", async () => {
    const client = new AbortController();
    client.abort();
    let started = false;
    await expect(
      new CallDeadlines(1000).run(client.signal, async () => {
        started = true;
      }),
    ).rejects.toBeDefined();
    expect(started).toBe(false);
  });
});
