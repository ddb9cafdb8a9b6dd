import { afterEach, describe, expect, it, vi } from "vitest";
import { KeyWatchers } from "./key-watchers.js";

describe("KeyWatchers", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("wakes a waiting watch when its key is announced", async () => {
    vi.useFakeTimers();
    const watchers = new KeyWatchers();
    const watch = watchers.watch("k");
    const woken = watch.next(60_000);
    watchers.notify(["other", "k"]);
    expect(await woken).toBe(true);
    watch.close();
  });

  it("remembers an announcement made before the wait starts", async () => {
    const watchers = new KeyWatchers();
    const watch = watchers.watch("k");
    watchers.notify(["k"]);
    expect(await watch.next(60_000)).toBe(true);
    watch.close();
  });

  it("times out without an announcement, and stops hearing after close", async () => {
    vi.useFakeTimers();
    const watchers = new KeyWatchers();
    const watch = watchers.watch("k");
    const waiting = watch.next(100);
    vi.advanceTimersByTime(100);
    expect(await waiting).toBe(false);
    watch.close();
    watchers.notify(["k"]);
    const after = watch.next(50);
    vi.advanceTimersByTime(50);
    expect(await after).toBe(false);
  });
});
