import { describe, expect, it } from "vitest";
import { ReplayQueue } from "./replay-queue.js";

describe("ReplayQueue", () => {
  it("collects keys and tags once each, and hands them over", () => {
    const queue = new ReplayQueue(10);
    queue.addKeys(["a", "b", "a"]);
    queue.addTags(["t"]);
    expect(queue.size).toBe(3);
    expect(queue.take()).toEqual({ keys: ["a", "b"], tags: ["t"], clear: false });
    expect(queue.size).toBe(0);
  });

  it("turns into a clear of the namespace past its limit", () => {
    const queue = new ReplayQueue(3);
    queue.addKeys(["a", "b", "c", "d"]);
    expect(queue.take()).toEqual({ keys: [], tags: [], clear: true });
  });

  it("takes back what could not be replayed", () => {
    const queue = new ReplayQueue(10);
    queue.addKeys(["a"]);
    const taken = queue.take();
    queue.addTags(["t"]);
    queue.restore(taken);
    expect(queue.take()).toEqual({ keys: ["a"], tags: ["t"], clear: false });
  });
});
