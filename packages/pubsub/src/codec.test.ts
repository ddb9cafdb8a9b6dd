import { describe, expect, it } from "vitest";
import { jsonCodec } from "./codec.js";
import { createEnvelope } from "./envelope.js";

const decode = (encoded: string | Buffer) => jsonCodec.decode(Buffer.isBuffer(encoded) ? encoded : Buffer.from(encoded));

describe("jsonCodec", () => {
  it("writes the envelope as plain JSON any client can read", () => {
    const envelope = createEnvelope({ orderId: 7, tags: ["a"] }, () => 5, 2);
    const encoded = jsonCodec.encode(envelope);
    expect(JSON.parse(String(encoded))).toEqual({ id: envelope.id, timestamp: 5, data: { orderId: 7, tags: ["a"] }, v: 2 });
    expect(decode(encoded)).toEqual(envelope);
  });

  it("round-trips bytes that are not UTF-8 as a Buffer, sent as base64", () => {
    const bytes = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x41]);
    const envelope = createEnvelope(bytes, () => 5);
    const encoded = jsonCodec.encode(envelope);
    expect(JSON.parse(String(encoded))).toMatchObject({ data: bytes.toString("base64"), encoding: "base64" });
    const decoded = decode(encoded) as { data: Buffer; encoding?: string };
    expect(Buffer.isBuffer(decoded.data)).toBe(true);
    expect(decoded.data.equals(bytes)).toBe(true);
    expect(decoded.encoding).toBeUndefined();
  });

  it("sends a Uint8Array view as exactly its own bytes", () => {
    const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
    const decoded = decode(jsonCodec.encode(createEnvelope(backing.subarray(2, 5)))) as { data: Buffer };
    expect([...decoded.data]).toEqual([1, 2, 3]);
  });

  it("keeps strings as strings, including ones that look like base64", () => {
    const decoded = decode(jsonCodec.encode(createEnvelope("AAEC"))) as { data: unknown };
    expect(decoded.data).toBe("AAEC");
  });

  it("throws on bytes that are not JSON", () => {
    expect(() => decode("not json")).toThrow();
  });
});
