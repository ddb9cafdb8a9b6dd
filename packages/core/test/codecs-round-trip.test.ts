import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import { multiGetBuffer, multiSet } from "../src/cluster/multi-key.js";
import { decodeValue } from "../src/codecs/decode-value.js";
import { encodeValue } from "../src/codecs/encode-value.js";
import type { DecodedValue } from "../src/codecs/value-encoding.js";
import { topologies } from "./topologies.js";

describe.each(topologies)("codecs through Redis on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("stores encoded values and decodes what Redis returns to the same text and bytes", async () => {
    const values: Record<string, DecodedValue> = {
      "codec:text": { encoding: "utf8", value: "héllo 😀" },
      "codec:binary": { encoding: "base64", value: randomBytes(4096).toString("base64") },
      "codec:empty": { encoding: "utf8", value: "" },
      "codec:json": { encoding: "json", value: { id: 7, tags: ["a", "ü"], nested: { ok: true } } },
    };
    const keys = Object.keys(values);
    await multiSet(
      redis,
      keys.map((key) => [key, encodeValue(values[key] as DecodedValue)] as const),
    );
    const stored = await multiGetBuffer(redis, keys);
    const decoded = stored.map((bytes, index) => decodeValue(bytes ?? Buffer.alloc(0), keys[index] === "codec:json" ? "json" : "auto"));
    expect(Object.fromEntries(keys.map((key, index) => [key, decoded[index]]))).toEqual(values);
  });

  it("gives back invalid UTF-8 written by another program as base64, unchanged", async () => {
    // Latin-1 "café" and a CESU-8 surrogate: text to someone, but not UTF-8.
    const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9]);
    const surrogate = Buffer.from([0xed, 0xa0, 0x80]);
    await redis.set("codec:latin1", latin1);
    await redis.set("codec:surrogate", surrogate);
    for (const [key, bytes] of [
      ["codec:latin1", latin1],
      ["codec:surrogate", surrogate],
    ] as const) {
      const decoded = decodeValue((await redis.getBuffer(key)) ?? Buffer.alloc(0));
      expect(decoded.encoding).toBe("base64");
      await redis.set(`${key}:copy`, encodeValue(decoded));
      expect((await redis.getBuffer(`${key}:copy`))?.equals(bytes)).toBe(true);
    }
  });
});
