import { describe, expect, it } from "vitest";
import { defineMetric } from "./definition.js";
import { LocalAggregate } from "./local-aggregate.js";

describe("LocalAggregate", () => {
  it("sums counter increments per series and drains them as one entry each", () => {
    const aggregate = new LocalAggregate(defineMetric("counter", { name: "c", help: "h", labelNames: ["a"] }));
    aggregate.add(['["x"]', "i", "1", ""]);
    aggregate.add(['["x"]', "i", "2.5", ""]);
    aggregate.add(['["y"]', "i", "1", ""]);
    expect(aggregate.size).toBe(2);
    expect(aggregate.drain()).toEqual([
      ['["x"]', "i", "3.5", ""],
      ['["y"]', "i", "1", ""],
    ]);
    expect(aggregate.size).toBe(0);
    expect(aggregate.drain()).toEqual([]);
  });

  it("sums histogram observations into bucket counts, sum and count, and takes drained entries back", () => {
    const aggregate = new LocalAggregate(defineMetric("histogram", { name: "h", help: "h", buckets: [1, 2] }));
    aggregate.add(["[]", "o", "0.5", "0"]);
    aggregate.add(["[]", "o", "1.5", "1"]);
    aggregate.add(["[]", "o", "0.25", "0"]);
    const drained = aggregate.drain();
    expect(drained).toEqual([
      ["[]", "b", "0", "2"],
      ["[]", "b", "1", "1"],
      ["[]", "t", "2.25", "3"],
    ]);
    for (const entry of drained) aggregate.add(entry);
    aggregate.add(["[]", "o", "9", "2"]);
    expect(aggregate.drain()).toEqual([
      ["[]", "b", "0", "2"],
      ["[]", "b", "1", "1"],
      ["[]", "b", "2", "1"],
      ["[]", "t", "11.25", "4"],
    ]);
  });
});
