import { describe, expect, it } from "vitest";
import { decodeBusMessage, encodeBusMessage } from "./bus-message.js";

describe("bus messages", () => {
  it("round-trip any key text", () => {
    const message = { origin: "id", kind: "keys" as const, items: ["a\nb", '"quoted"', "{tag}", "é"] };
    expect(decodeBusMessage(encodeBusMessage(message))).toEqual(message);
    for (const kind of ["tags", "clear", "released"] as const) {
      expect(decodeBusMessage(encodeBusMessage({ origin: "o", kind, items: [] }))?.kind).toBe(kind);
    }
  });

  it("ignore what this cache did not send", () => {
    for (const text of ["not json", "null", "[]", '{"i":"o","o":"zz","a":[]}', '{"i":1,"o":"k","a":[]}', '{"i":"o","o":"k","a":[1]}']) {
      expect(decodeBusMessage(text)).toBeUndefined();
    }
  });
});
