import { describe, expect, it } from "vitest";
import { formatBytes, formatDuration, formatNumber, formatTimestamp, formatTtl } from "./format.js";

describe("format", () => {
  it("groups numbers and keeps two decimals of fractions", () => {
    expect(formatNumber(1234567)).toBe("1,234,567");
    expect(formatNumber(0.12345)).toBe("0.12");
  });

  it.each([
    [0, "0 B"],
    [1023, "1023 B"],
    [1536, "1.5 KiB"],
    [2 * 1024 ** 3, "2.0 GiB"],
  ])("shows %d bytes as %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it.each([
    [12, "12ms"],
    [4200, "4.2s"],
    [30_000, "30s"],
    [5_400_000, "1h 30m"],
    [93_784_000, "1d 2h"],
    [3_600_000, "1h"],
  ])("shows %d ms as %s", (milliseconds, text) => {
    expect(formatDuration(milliseconds)).toBe(text);
  });

  it("names the special TTLs", () => {
    expect(formatTtl(-1)).toBe("none");
    expect(formatTtl(-2)).toBe("missing");
    expect(formatTtl(61_000)).toBe("1m 1s");
  });

  it("prints timestamps in UTC", () => {
    expect(formatTimestamp(0)).toBe("1970-01-01 00:00:00");
  });
});
