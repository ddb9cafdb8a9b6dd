import { describe, expect, it } from "vitest";
import { CallDeadlines, DEADLINE_TICK_MS } from "./call-deadlines.js";

const never = () => new Promise<never>(() => {});
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe("CallDeadlines", () => {
  it("returns what the work returns", async () => {
    await expect(new CallDeadlines(1000).run(new AbortController().signal, async () => 42)).resolves.toBe(42);
  });

  it("stops work that outlives the timeout with E_TIMEOUT and aborts its signal", async () => {
    let signal: AbortSignal | undefined;
    const started = Date.now();
    const run = new CallDeadlines(150).run(new AbortController().signal, (call) => {
      signal = call.signal;
      return never();
    });
    await expect(run).rejects.toMatchObject({ code: "E_TIMEOUT" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
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
    const settled = run.catch((error: unknown) => error);
    client.abort();
    const winner = await Promise.race([settled, sleep(DEADLINE_TICK_MS * 3).then(() => "still running")]);
    expect(winner).not.toBe("still running");
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
