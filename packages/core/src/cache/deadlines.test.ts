import { afterEach, describe, expect, it, vi } from "vitest";
import { Deadlines } from "./deadlines.js";

describe("Deadlines", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("fires a deadline within one resolution after it passes, once", () => {
    vi.useFakeTimers();
    const deadlines = new Deadlines(10);
    const fired: string[] = [];
    deadlines.add(25, () => fired.push("a"));
    vi.advanceTimersByTime(20);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(10);
    expect(fired).toEqual(["a"]);
    vi.advanceTimersByTime(100);
    expect(fired).toEqual(["a"]);
    deadlines.stop();
  });

  it("never fires a cancelled deadline", () => {
    vi.useFakeTimers();
    const deadlines = new Deadlines(10);
    const fired: string[] = [];
    const deadline = deadlines.add(25, () => fired.push("a"));
    deadlines.add(25, () => fired.push("b"));
    deadlines.cancel(deadline);
    vi.advanceTimersByTime(50);
    expect(fired).toEqual(["b"]);
    deadlines.stop();
  });

  it("never fires a deadline cancelled by another one due in the same sweep, and keeps those added meanwhile", () => {
    vi.useFakeTimers();
    const deadlines = new Deadlines(10);
    const fired: string[] = [];
    let second: ReturnType<Deadlines["add"]> | undefined;
    deadlines.add(5, () => {
      fired.push("a");
      if (second) deadlines.cancel(second);
      deadlines.add(5, () => fired.push("c"));
    });
    second = deadlines.add(5, () => fired.push("b"));
    vi.advanceTimersByTime(10);
    expect(fired).toEqual(["a"]);
    vi.advanceTimersByTime(10);
    expect(fired).toEqual(["a", "c"]);
    deadlines.stop();
  });
});
