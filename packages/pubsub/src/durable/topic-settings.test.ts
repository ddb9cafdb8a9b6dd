import { describe, expect, it } from "vitest";
import { z } from "zod";
import { topicKeys } from "./topic-keys.js";
import { topicSettings, trimOf } from "./topic-settings.js";

describe("topicKeys", () => {
  it("puts the stream and its dead letters under one hash tag", () => {
    expect(topicKeys("orders")).toEqual({ stream: "pubsub:{orders}:stream", deadLetter: "pubsub:{orders}:dead" });
  });

  it("rejects empty names and braces", () => {
    for (const topic of ["", "a{b}", "}", 7]) expect(() => topicKeys(topic)).toThrow(expect.objectContaining({ code: "E_PUBSUB_INVALID" }));
  });
});

describe("topicSettings", () => {
  it("applies the defaults", () => {
    const settings = topicSettings({ topic: "orders", group: "billing" });
    expect(settings).toMatchObject({
      group: "billing",
      visibilityTimeoutMs: 30_000,
      maxAttempts: 3,
      retryDelayMs: 1_000,
      deadLetter: { enabled: true, maxLength: 0 },
      startFrom: "earliest",
      maxLength: undefined,
      maxAgeMs: undefined,
    });
    expect(settings.consumer).toMatch(new RegExp(`-${process.pid}$`));
  });

  it("rejects bad options before anything is sent", () => {
    const bad = [
      { topic: "t", maxLength: 10, maxAgeMs: 10 },
      { topic: "t", maxAttempts: 0 },
      { topic: "t", visibilityTimeoutMs: 1.5 },
      { topic: "t", retryDelayMs: -1 },
      { topic: "t", group: "" },
      { topic: "t", consumer: 5 },
      { topic: "t", deadLetter: { maxLength: 0 } },
      { topic: "t", deadLetter: true },
      { topic: "t", startFrom: "now" },
      { topic: "t", schema: { parse() {} } },
      { topic: "t", codec: { encode() {} } },
      { topic: "t", version: "2" },
    ];
    for (const options of bad)
      expect(() => topicSettings(options as never), JSON.stringify(options)).toThrow(expect.objectContaining({ code: "E_PUBSUB_INVALID" }));
  });

  it("accepts a schema, a version and dead letters off", () => {
    const settings = topicSettings({ topic: "t", schema: z.number(), version: 2, deadLetter: false });
    expect(settings.deadLetter.enabled).toBe(false);
    expect(settings.version).toBe(2);
  });
});

describe("trimOf", () => {
  it("trims by length, by age from now, or not at all", () => {
    expect(trimOf(topicSettings({ topic: "t", maxLength: 1000 }))).toEqual({ kind: "MAXLEN", threshold: "1000" });
    expect(trimOf(topicSettings({ topic: "t", maxAgeMs: 60_000 }), 1_700_000_060_000)).toEqual({ kind: "MINID", threshold: "1700000000000" });
    expect(trimOf(topicSettings({ topic: "t" }))).toBeUndefined();
  });
});
