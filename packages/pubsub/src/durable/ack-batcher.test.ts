import { describe, expect, it } from "vitest";
import { AckBatcher } from "./ack-batcher.js";

describe("AckBatcher", () => {
  it("sends the acks of one event-loop turn as one batch, in order", async () => {
    const batches: string[][] = [];
    const batcher = new AckBatcher(
      async (ids) => batches.push(ids),
      () => undefined,
    );
    for (const id of ["1-0", "2-0", "3-0"]) batcher.ack(id);
    await batcher.drain();
    batcher.ack("4-0");
    await batcher.drain();
    expect(batches).toEqual([["1-0", "2-0", "3-0"], ["4-0"]]);
  });

  it("retries a failed batch, then reports it without rejecting", async () => {
    let calls = 0;
    const failures: string[][] = [];
    const batcher = new AckBatcher(
      async () => {
        calls += 1;
        throw new Error("Connection is closed.");
      },
      (_error, ids) => failures.push(ids),
      [1, 1],
    );
    batcher.ack("1-0");
    await batcher.drain();
    expect(calls).toBe(3);
    expect(failures).toEqual([["1-0"]]);
  });

  it("succeeds on a retry without reporting", async () => {
    let calls = 0;
    const failures: unknown[] = [];
    const batcher = new AckBatcher(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error("Connection is closed.");
      },
      (error) => failures.push(error),
      [1],
    );
    batcher.ack("1-0");
    await batcher.drain();
    expect(calls).toBe(2);
    expect(failures).toEqual([]);
  });
});
