import { describe, expect, it } from "vitest";
import { normalizeConfigValue, sameConfigValue } from "./config-values.js";

describe("sameConfigValue", () => {
  it("compares memory sizes in bytes with Redis's units", () => {
    expect(sameConfigValue("maxmemory", "2147483648", "2gb")).toBe(true);
    expect(sameConfigValue("maxmemory", "2000000000", "2g")).toBe(true);
    expect(sameConfigValue("maxmemory", "2147483648", "2g")).toBe(false);
    expect(sameConfigValue("auto-aof-rewrite-min-size", "67108864", "64MB")).toBe(true);
  });

  it("ignores case and spacing of words", () => {
    expect(sameConfigValue("appendonly", "yes", "YES")).toBe(true);
    expect(sameConfigValue("save", "900 1 300 10", "900 1  300 10")).toBe(true);
    expect(sameConfigValue("save", "900 1", "900 1 300 10")).toBe(false);
  });

  it("compares keyspace-event flags as a set, since Redis reorders them", () => {
    expect(sameConfigValue("notify-keyspace-events", "xE", "Ex")).toBe(true);
    expect(sameConfigValue("notify-keyspace-events", "xE", "Kx")).toBe(false);
    expect(normalizeConfigValue("notify-keyspace-events", "")).toBe("");
  });
});
