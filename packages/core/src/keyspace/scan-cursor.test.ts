import { describe, expect, it } from "vitest";
import { RedisMcpError } from "../errors/redis-mcp-error.js";
import { formatScanCursor, parseScanCursor } from "./scan-cursor.js";

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return RedisMcpError.isInstance(error) ? error.code : "not a RedisMcpError";
  }
  return undefined;
}

describe("scan cursors", () => {
  it("starts at the first master for no cursor and for 0", () => {
    expect(parseScanCursor(undefined, 3, true)).toEqual({ masterIndex: 0, nodeCursor: "0" });
    expect(parseScanCursor("0", 3, true)).toEqual({ masterIndex: 0, nodeCursor: "0" });
    expect(parseScanCursor(undefined, 1, false)).toEqual({ masterIndex: 0, nodeCursor: "0" });
  });

  it("round-trips positions on both topologies, including 64-bit cursors", () => {
    const big = (2n ** 64n - 1n).toString();
    expect(formatScanCursor({ masterIndex: 2, nodeCursor: big }, 3, true)).toBe(`2/3:${big}`);
    expect(parseScanCursor(`2/3:${big}`, 3, true)).toEqual({ masterIndex: 2, nodeCursor: big });
    expect(formatScanCursor({ masterIndex: 0, nodeCursor: "1536" }, 1, false)).toBe("1536");
    expect(parseScanCursor("1536", 1, false)).toEqual({ masterIndex: 0, nodeCursor: "1536" });
    expect(parseScanCursor("1/3:0", 3, true)).toEqual({ masterIndex: 1, nodeCursor: "0" });
  });

  it.each([
    ["garbage", "abc", 3, true, /is malformed/],
    ["a missing node cursor", "1/3:", 3, true, /is malformed/],
    ["a cursor above 64 bits", (2n ** 64n).toString(), 1, false, /is malformed/],
    ["a negative cursor", "-5", 1, false, /is malformed/],
    ["a master index out of range", "5/5:12", 5, true, /only 5/],
    ["another cluster size", "0/4:12", 3, true, /cluster of 4 masters, but this one has 3/],
    ["a cluster cursor on standalone", "1/3:12", 1, false, /made for a cluster/],
    ["a standalone cursor on a cluster", "1536", 3, true, /made for a standalone server/],
  ])("rejects %s with E_INVALID_ARGUMENT", (_name, cursor, masters, cluster, message) => {
    expect(codeOf(() => parseScanCursor(cursor, masters, cluster))).toBe("E_INVALID_ARGUMENT");
    expect(() => parseScanCursor(cursor, masters, cluster)).toThrow(message);
    expect(() => parseScanCursor(cursor, masters, cluster)).toThrow(/Pass the nextCursor of a previous scanPage call/);
  });

  it("rejects a cursor that is not a string", () => {
    expect(codeOf(() => parseScanCursor(12, 1, false))).toBe("E_INVALID_ARGUMENT");
  });
});
