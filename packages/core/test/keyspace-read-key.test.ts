import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isCluster, type RedisClient } from "../src/client/redis-client.js";
import { encodeValue } from "../src/codecs/encode-value.js";
import type { DecodedValue } from "../src/codecs/value-encoding.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { readKey } from "../src/keyspace/read-key.js";
import type { HashRead, ListRead, ReadKeyResult, SetRead, SortedSetRead, StreamRead, StringRead } from "../src/keyspace/read-key-result.js";
import { topologies } from "./topologies.js";

async function withKeyPrefix(client: RedisClient, keyPrefix: string): Promise<RedisClient> {
  const prefixed = isCluster(client) ? client.duplicate([], { keyPrefix }) : client.duplicate({ keyPrefix });
  await prefixed.connect();
  return prefixed;
}

/** Every window of a key, following nextCursor to the end. */
async function readAll<T extends ReadKeyResult>(client: RedisClient, key: string, options: { limit?: number; maxBytes?: number } = {}): Promise<T[]> {
  const windows: T[] = [];
  let cursor: string | undefined;
  do {
    const window = (await readKey(client, key, { ...options, cursor })) as T;
    windows.push(window);
    expect(window.truncated).toBe(window.nextCursor !== undefined);
    cursor = window.nextCursor;
  } while (cursor !== undefined && windows.length < 10_000);
  return windows;
}

const text = (value: DecodedValue): string => encodeValue(value).toString("utf8");

describe.each(topologies)("readKey on $name", (topology) => {
  let redis: RedisClient;
  let prefixedClient: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
    prefixedClient = await withKeyPrefix(redis, "app:");
  });
  afterAll(() => {
    prefixedClient.disconnect();
    redis.disconnect();
  });

  describe.each(["", "app:"])("with keyPrefix %j", (prefix) => {
    const client = (): RedisClient => (prefix ? prefixedClient : redis);

    it("reads a 10 MB binary string in windows that reassemble byte for byte", async () => {
      const bytes = randomBytes(10 * 1024 * 1024);
      await client().set("blob", bytes);
      const windows = await readAll<StringRead>(client(), "blob", { maxBytes: 1024 * 1024 });
      expect(windows).toHaveLength(10);
      expect(windows.every((window) => window.type === "string" && window.totalBytes === bytes.length && window.total === bytes.length)).toBe(true);
      expect(windows.map((window) => window.offset)).toEqual(Array.from({ length: 10 }, (_, index) => index * 1024 * 1024));
      expect(windows.slice(0, -1).every((window) => window.truncated && window.nextOffset === window.offset + 1024 * 1024)).toBe(true);
      expect(windows.at(-1)?.nextOffset).toBeUndefined();
      expect(windows.every((window) => window.value.encoding === "base64")).toBe(true);
      expect(Buffer.concat(windows.map((window) => encodeValue(window.value))).equals(bytes)).toBe(true);
      expect(await redis.exists(`${prefix}blob`)).toBe(1);
    });

    it("keeps UTF-8 text as utf8 in every window, even where a window would cut a character", async () => {
      const content = "aé€😀".repeat(3000);
      await client().set("text", content);
      // 999 is no multiple of the 10-byte "aé€😀": most windows would end inside a character.
      const windows = await readAll<StringRead>(client(), "text", { maxBytes: 999 });
      expect(windows.length).toBeGreaterThan(Buffer.byteLength(content) / 999);
      expect(windows.some((window) => window.nextOffset !== undefined && window.nextOffset - window.offset < 999)).toBe(true);
      expect(windows.every((window) => window.value.encoding === "utf8")).toBe(true);
      expect(windows.map((window) => window.value.value).join("")).toBe(content);
    });

    it("reads a 5,000-field hash in pages whose union is complete, binary values intact", async () => {
      const fields = Array.from({ length: 5000 }, (_, index) => `field:${index}`);
      const binary = Buffer.from([0xff, 0x00, 0xfe]);
      for (let start = 0; start < fields.length; start += 1000) {
        await client().hset("big-hash", Object.fromEntries(fields.slice(start, start + 1000).map((field) => [field, `value-of-${field}`])));
      }
      await client().hset("big-hash", "field:0", binary);
      const windows = await readAll<HashRead>(client(), "big-hash", { limit: 500, maxBytes: 1024 * 1024 });
      expect(windows.length).toBeGreaterThanOrEqual(10);
      const seen = new Map<string, DecodedValue>();
      for (const window of windows) {
        expect(window).toMatchObject({ type: "hash", total: 5000 });
        expect(window.entries.length).toBeLessThanOrEqual(520);
        for (const { field, value } of window.entries) seen.set(text(field), value);
      }
      expect([...seen.keys()].sort()).toEqual([...fields].sort());
      expect(seen.get("field:0")).toEqual({ encoding: "base64", value: binary.toString("base64") });
      expect(seen.get("field:4999")).toEqual({ encoding: "utf8", value: "value-of-field:4999" });
    });

    it("stops hash, list and stream windows at the byte budget, and still completes", async () => {
      const large = (index: number) => `${index}:`.padEnd(10_000, "x");
      await client().hset("large-hash", Object.fromEntries(Array.from({ length: 40 }, (_, index) => [`f${index}`, large(index)])));
      await client().rpush("large-list", ...Array.from({ length: 40 }, (_, index) => large(index)));
      const hashWindows = await readAll<HashRead>(client(), "large-hash", { maxBytes: 32 * 1024 });
      // 400 KB in 32 KiB windows; without the budget, limit 100 would take all 40 fields at once.
      // (A HSCAN reply is never split, so a hash window can exceed the budget by part of one reply.)
      expect(hashWindows[0]?.truncated).toBe(true);
      expect(hashWindows.length).toBeGreaterThanOrEqual(8);
      expect(new Set(hashWindows.flatMap((window) => window.entries.map((entry) => text(entry.field)))).size).toBe(40);
      const listWindows = await readAll<ListRead>(client(), "large-list", { maxBytes: 32 * 1024 });
      for (const window of listWindows) expect(window.items.length).toBe(window === listWindows.at(-1) ? 40 - 3 * 13 : 3);
      expect(listWindows.flatMap((window) => window.items.map(text))).toEqual(Array.from({ length: 40 }, (_, index) => large(index)));
      for (let index = 0; index < 10; index++) await client().xadd("large-stream", `${index + 1}-0`, "payload", large(index));
      const streamWindows = await readAll<StreamRead>(client(), "large-stream", { maxBytes: 32 * 1024 });
      expect(streamWindows.map((window) => window.entries.length)).toEqual([3, 3, 3, 1]);
      expect(streamWindows.flatMap((window) => window.entries.map((entry) => entry.id))).toEqual(Array.from({ length: 10 }, (_, index) => `${index + 1}-0`));
    });

    it("returns an item bigger than the budget alone, so paging moves on", async () => {
      await client().rpush("huge-items", "x".repeat(5000), "small", "y".repeat(5000));
      const windows = await readAll<ListRead>(client(), "huge-items", { maxBytes: 1000 });
      expect(windows.map((window) => window.items.length)).toEqual([1, 1, 1]);
      expect(windows.map((window) => window.offset)).toEqual([0, 1, 2]);
    });

    it("reads a set in pages whose union is complete", async () => {
      const members = Array.from({ length: 2000 }, (_, index) => `member:${index}`);
      await client().sadd("big-set", ...members);
      const windows = await readAll<SetRead>(client(), "big-set", { limit: 300 });
      expect(windows[0]).toMatchObject({ type: "set", total: 2000, truncated: true });
      expect(new Set(windows.flatMap((window) => window.members.map(text)))).toEqual(new Set(members));
    });

    it("reads a sorted set by rank with scores, lowest first", async () => {
      const entries = Array.from({ length: 250 }, (_, index) => [index * 1.5, `m${index}`] as const);
      await client().zadd("ranking", ...entries.flat());
      await client().zadd("ranking", "-inf", "bottom", "+inf", "top");
      const windows = await readAll<SortedSetRead>(client(), "ranking", { limit: 100 });
      expect(windows.map((window) => window.offset)).toEqual([0, 100, 200]);
      expect(windows.map((window) => window.nextCursor)).toEqual(["100", "200", undefined]);
      const members = windows.flatMap((window) => window.members);
      expect(members).toHaveLength(252);
      expect(members[0]).toEqual({ member: { encoding: "utf8", value: "bottom" }, score: Number.NEGATIVE_INFINITY });
      expect(members[1]).toEqual({ member: { encoding: "utf8", value: "m0" }, score: 0 });
      expect(members[2]).toEqual({ member: { encoding: "utf8", value: "m1" }, score: 1.5 });
      expect(members.at(-1)).toEqual({ member: { encoding: "utf8", value: "top" }, score: Number.POSITIVE_INFINITY });
    });

    it("reads a list in order from any offset", async () => {
      const items = Array.from({ length: 1000 }, (_, index) => `item-${index}`);
      await client().rpush("queue", ...items);
      await client().rpush("queue", Buffer.from([0x80]));
      const windows = await readAll<ListRead>(client(), "queue", { limit: 128 });
      expect(windows).toHaveLength(8);
      const read = windows.flatMap((window) => window.items);
      expect(read.slice(0, -1).map(text)).toEqual(items);
      expect(read.at(-1)).toEqual({ encoding: "base64", value: "gA==" });
      const fromMiddle = (await readKey(client(), "queue", { cursor: "998", limit: 10 })) as ListRead;
      expect(fromMiddle).toMatchObject({ offset: 998, total: 1001, truncated: false, nextCursor: undefined });
      expect(fromMiddle.items.map((item) => item.value)).toEqual(["item-998", "item-999", "gA=="]);
    });

    it("reads a stream after the last ID read (exclusive), oldest first", async () => {
      for (let index = 0; index < 250; index++) await client().xadd("events", `${index + 1}-0`, "n", String(index), "bytes", Buffer.from([0xfe, index % 256]));
      const windows = await readAll<StreamRead>(client(), "events", { limit: 100 });
      expect(windows.map((window) => window.nextCursor)).toEqual(["100-0", "200-0", undefined]);
      const entries = windows.flatMap((window) => window.entries);
      expect(entries.map((entry) => entry.id)).toEqual(Array.from({ length: 250 }, (_, index) => `${index + 1}-0`));
      expect(entries[7]?.fields).toEqual([
        { field: { encoding: "utf8", value: "n" }, value: { encoding: "utf8", value: "7" } },
        { field: { encoding: "utf8", value: "bytes" }, value: { encoding: "base64", value: Buffer.from([0xfe, 7]).toString("base64") } },
      ]);
      expect(windows[0]).toMatchObject({ type: "stream", total: 250, truncated: true });
      // Exactly `limit` entries left: the window knows it reached the end.
      expect(await readKey(client(), "events", { cursor: "150-0", limit: 100 })).toMatchObject({ truncated: false, nextCursor: undefined });
    });

    it("returns type none for a missing key", async () => {
      expect(await readKey(client(), "missing")).toEqual({ key: "missing", type: "none", exists: false, total: 0, truncated: false, nextCursor: undefined });
    });
  });

  it("reads the key under the client's prefix only", async () => {
    await redis.set("greeting", "unprefixed");
    await prefixedClient.set("greeting", "prefixed");
    expect(await readKey(prefixedClient, "greeting")).toMatchObject({ key: "greeting", type: "string", value: { encoding: "utf8", value: "prefixed" } });
    expect(await readKey(redis, "greeting")).toMatchObject({ value: { encoding: "utf8", value: "unprefixed" } });
  });

  it("reads an empty string and a cursor past the end as an empty final window", async () => {
    await redis.set("empty", "");
    expect(await readKey(redis, "empty")).toMatchObject({ type: "string", value: { encoding: "utf8", value: "" }, totalBytes: 0, truncated: false });
    await redis.set("short", "abc");
    expect(await readKey(redis, "short", { cursor: "10" })).toMatchObject({ value: { value: "" }, offset: 10, nextCursor: undefined });
  });

  it("rejects bad options and cursors with E_INVALID_ARGUMENT", async () => {
    await redis.rpush("list", "a");
    const failures = [
      readKey(redis, "list", { cursor: "abc" }),
      readKey(redis, "list", { cursor: "1/3:0" }),
      readKey(redis, "list", { limit: 0 }),
      readKey(redis, "list", { maxBytes: -1 }),
      readKey(redis, 7 as unknown as string),
      // Well-formed, but a stream ID is no position in a list.
      readKey(redis, "list", { cursor: "1526985054069-0" }),
    ];
    for (const failure of failures) {
      const error = await failure.catch((caught: unknown) => caught);
      expect(RedisMcpError.isInstance(error) && error.code).toBe("E_INVALID_ARGUMENT");
    }
    await expect(readKey(redis, "list", { cursor: "1-0" })).rejects.toThrow(/Pass the nextCursor of a previous readKey call/);
  });
});
