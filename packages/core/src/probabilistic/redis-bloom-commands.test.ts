import { describe, expect, it } from "vitest";
import { addCommand, checkCommand, infoCommand, parseFlagsReply, parseInfoReply, reserveArguments } from "./redis-bloom-commands.js";

describe("RedisBloom commands", () => {
  it("puts the error rate before the capacity in BF.RESERVE", () => {
    expect(reserveArguments({ capacity: 10_000, errorRate: 0.01 })).toEqual(["0.01", "10000"]);
  });

  it("adds and checks every item in one command on the filter key", () => {
    const bytes = Buffer.from([0xff, 0x00]);
    expect(addCommand("bloom:{seen}:filter", ["a", bytes])).toEqual(["BF.MADD", "bloom:{seen}:filter", "a", bytes]);
    expect(checkCommand("bloom:{seen}:filter", ["a", "b"])).toEqual(["BF.MEXISTS", "bloom:{seen}:filter", "a", "b"]);
    expect(infoCommand("bloom:{seen}:filter")).toEqual(["BF.INFO", "bloom:{seen}:filter"]);
  });

  it("reads flag and BF.INFO replies in RESP2 and RESP3 shapes", () => {
    expect(parseFlagsReply([1, 0, 1])).toEqual([true, false, true]);
    const flat = ["Capacity", 100, "Size", 240, "Number of filters", 1, "Number of items inserted", 3, "Expansion rate", 2];
    expect(parseInfoReply(flat)).toEqual({ capacity: 100, sizeBytes: 240, itemsInserted: 3 });
    expect(parseInfoReply({ Capacity: 100, Size: 240, "Number of items inserted": 3 })).toEqual({ capacity: 100, sizeBytes: 240, itemsInserted: 3 });
  });
});
