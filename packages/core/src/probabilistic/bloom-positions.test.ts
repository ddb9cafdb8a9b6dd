import { describe, expect, it } from "vitest";
import { RedisMcpError } from "../errors/redis-mcp-error.js";
import { bloomDigest, bloomPositions, toItemList } from "./bloom-positions.js";

describe("bloomPositions", () => {
  it("is pinned: every process and every release computes the same positions", () => {
    // Changing these breaks every filter already written; that needs a new key scheme, not an edit.
    expect(bloomPositions("hello", 95_851, 7)).toEqual([17_297, 20_496, 23_695, 26_894, 30_093, 33_292, 36_491]);
    expect(bloomPositions("hello", 2 ** 32, 3)).toEqual([754_077_114, 2_359_488_712, 3_964_900_310]);
  });

  it("derives positions from the item's digest words alone (what the by-name scripts receive)", () => {
    // Pinned like the positions: the first two big-endian words of SHA-256("hello").
    expect(bloomDigest("hello")).toEqual([754_077_114, 1_605_411_598]);
    const [first, step] = bloomDigest("hello");
    expect(bloomPositions("hello", 95_851, 7)).toEqual(Array.from({ length: 7 }, (_, index) => ((first % 95_851) + index * (step % 95_851)) % 95_851));
  });

  it("hashes a string as its UTF-8 bytes", () => {
    expect(bloomPositions(Buffer.from("héllo", "utf8"), 1_000, 4)).toEqual(bloomPositions("héllo", 1_000, 4));
  });

  it("keeps every position inside the bitmap, also for tiny bitmaps", () => {
    for (let item = 0; item < 500; item++) {
      for (const bits of [1, 2, 7, 95_851, 2 ** 32]) {
        for (const position of bloomPositions(`item-${item}`, bits, 7)) {
          expect(Number.isInteger(position) && position >= 0 && position < bits).toBe(true);
        }
      }
    }
  });

  it("spreads an item's positions (no zero step)", () => {
    for (let item = 0; item < 200; item++) expect(new Set(bloomPositions(`item-${item}`, 95_851, 7)).size).toBe(7);
  });
});

describe("toItemList", () => {
  it("wraps one item, copies a list and rejects non-string items", () => {
    expect(toItemList("a", "add")).toEqual(["a"]);
    expect(toItemList(["a", Buffer.from("b")], "add")).toEqual(["a", Buffer.from("b")]);
    const error = (() => {
      try {
        toItemList(["a", 42 as unknown as string], "add");
      } catch (caught) {
        return caught;
      }
    })();
    expect(RedisMcpError.isInstance(error) && error.code).toBe("E_INVALID_ARGUMENT");
    expect((error as Error).message).toMatch(/item 1 is a number; pass strings or Buffers/);
  });
});
