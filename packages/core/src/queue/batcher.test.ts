import { describe, expect, it } from "vitest";
import { Batcher } from "./batcher.js";

function recording(maxItems = 100) {
  const requests: [string, number[]][] = [];
  const batcher = new Batcher(maxItems);
  const sender = (kind: string) => async (items: number[]) => {
    requests.push([kind, items]);
    return items.map((item) => item * 10);
  };
  const submit = (kind: string, items: number[]) => batcher.submit(kind, items, sender(kind));
  return { batcher, requests, submit };
}

describe("Batcher", () => {
  it("sends the calls of one tick as one request and gives each caller its own results", async () => {
    const { requests, submit } = recording();
    const results = await Promise.all([submit("add", [1, 2]), submit("add", [3]), submit("add", [4, 5, 6])]);
    expect(requests).toEqual([["add", [1, 2, 3, 4, 5, 6]]]);
    expect(results).toEqual([[10, 20], [30], [40, 50, 60]]);
  });

  it("merges only consecutive calls of one kind, and sends in call order", async () => {
    const { requests, submit } = recording();
    await Promise.all([submit("add", [1]), submit("add", [2]), submit("ack", [3]), submit("add", [4]), submit("ack", [5]), submit("ack", [6])]);
    expect(requests).toEqual([
      ["add", [1, 2]],
      ["ack", [3]],
      ["add", [4]],
      ["ack", [5, 6]],
    ]);
  });

  it("never exceeds maxItems per request and never splits a call", async () => {
    const { requests, submit } = recording(4);
    const results = await Promise.all([submit("add", [1, 2, 3]), submit("add", [4, 5]), submit("add", [6])]);
    expect(requests).toEqual([
      ["add", [1, 2, 3]],
      ["add", [4, 5, 6]],
    ]);
    expect(results).toEqual([[10, 20, 30], [40, 50], [60]]);
  });

  it("sends at once on flush, so an operation sent right after follows it", async () => {
    const { batcher, requests, submit } = recording();
    const first = submit("add", [1]);
    expect(batcher.pending).toBe(true);
    batcher.flush();
    expect(batcher.pending).toBe(false);
    expect(requests).toEqual([["add", [1]]]);
    expect(await first).toEqual([10]);
    batcher.flush();
    expect(requests).toHaveLength(1);
  });

  it("rejects every call of a failed request, also when send throws synchronously", async () => {
    const batcher = new Batcher(10);
    const down = () => Promise.reject(new Error("down"));
    const results = await Promise.allSettled([batcher.submit("add", [1], down), batcher.submit("add", [2], down)]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    const throwing = () => {
      throw new Error("bad");
    };
    await expect(batcher.submit("add", [1], throwing)).rejects.toThrow("bad");
  });
});
