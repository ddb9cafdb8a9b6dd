import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ChannelCatalog, namesOf } from "./channel-catalog.js";

describe("ChannelCatalog", () => {
  it("allows every channel, without a schema, when untyped", () => {
    const catalog = new ChannelCatalog(undefined);
    expect(catalog.typed).toBe(false);
    expect(catalog.resolve("publish", "anything")).toEqual({ schema: undefined, version: undefined });
    expect(catalog.lookup("anything")).toEqual({ schema: undefined, version: undefined });
  });

  it("knows only its typed channels, with their schema and version", () => {
    const orders = z.object({ id: z.number() });
    const catalog = new ChannelCatalog({ orders, invoices: { schema: z.string(), version: 2 } });
    expect(catalog.resolve("publish", "orders").schema).toBe(orders);
    expect(catalog.resolve("publish", "invoices").version).toBe(2);
    expect(catalog.lookup("other")).toBeUndefined();
    expect(() => catalog.resolve("publish", "other")).toThrow(expect.objectContaining({ code: "E_PUBSUB_UNKNOWN_CHANNEL" }));
    expect(() => catalog.resolve("publish", "other")).toThrow(/Known channels: orders, invoices/);
  });

  it("rejects definitions without a schema, bad versions and empty names", () => {
    expect(() => new ChannelCatalog({ orders: {} as never })).toThrow(expect.objectContaining({ code: "E_PUBSUB_INVALID" }));
    expect(() => new ChannelCatalog({ orders: { schema: z.string(), version: -1 } })).toThrow(/version/);
    expect(() => new ChannelCatalog({ "": z.string() })).toThrow(expect.objectContaining({ code: "E_PUBSUB_INVALID" }));
    expect(() => new ChannelCatalog([] as never)).toThrow(expect.objectContaining({ code: "E_PUBSUB_INVALID" }));
  });
});

describe("namesOf", () => {
  it("takes one name or a list, without duplicates", () => {
    expect(namesOf("subscribe", "channel", "a")).toEqual(["a"]);
    expect(namesOf("subscribe", "channel", ["a", "b", "a"])).toEqual(["a", "b"]);
  });

  it("rejects an empty list and empty or non-string names", () => {
    for (const input of [[], "", [""], [1], null, undefined]) {
      expect(() => namesOf("subscribe", "channel", input)).toThrow(expect.objectContaining({ code: "E_PUBSUB_INVALID" }));
    }
  });
});
