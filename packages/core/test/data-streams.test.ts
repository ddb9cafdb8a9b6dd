import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import {
  streamAck,
  streamAutoClaim,
  streamClaim,
  streamConsumerDelete,
  streamGroupCreate,
  streamGroupDestroy,
  streamGroupRead,
  streamGroupReadBuffer,
  streamPending,
} from "../src/data/stream-groups.js";
import { streamAdd, streamInfo, streamLength, streamRange, streamRangeBuffer, streamTrim } from "../src/data/streams.js";
import { topologies } from "./topologies.js";

describe.each(topologies)("stream helpers on $name", (topology) => {
  let redis: RedisClient;
  let other: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
    other = await topology.connect();
  });
  afterAll(() => {
    redis.disconnect();
    other.disconnect();
  });

  async function addNumbered(key: string, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let index = 1; index <= count; index++) ids.push(await streamAdd(redis, key, { n: String(index) }, { id: `${index}-0` }));
    return ids;
  }

  it("adds entries with generated or explicit ids and reads them back parsed", async () => {
    const generated = await streamAdd(redis, "events", { type: "login", user: "ada" });
    expect(generated).toMatch(/^\d+-\d+$/);
    const explicit = await streamAdd(redis, "events", [["type", "logout"]], { id: "99999999999999-*" });
    expect(explicit).toBe("99999999999999-0");
    expect(await streamRange(redis, "events", { count: 10 })).toEqual([
      { id: generated, fields: { type: "login", user: "ada" } },
      { id: explicit, fields: { type: "logout" } },
    ]);
    expect(await streamLength(redis, "events")).toBe(2);
    expect(await streamLength(redis, "missing")).toBe(0);
    expect(await streamRange(redis, "missing", { count: 10 })).toEqual([]);
  });

  it("pages forwards and backwards with exclusiveStart", async () => {
    const ids = await addNumbered("numbers", 5);
    const first = await streamRange(redis, "numbers", { count: 2 });
    expect(first.map((entry) => entry.id)).toEqual(ids.slice(0, 2));
    const next = await streamRange(redis, "numbers", { start: first[1]?.id, exclusiveStart: true, count: 2 });
    expect(next.map((entry) => entry.fields.n)).toEqual(["3", "4"]);
    const newest = await streamRange(redis, "numbers", { reverse: true, count: 2 });
    expect(newest.map((entry) => entry.fields.n)).toEqual(["5", "4"]);
    const older = await streamRange(redis, "numbers", { reverse: true, start: "4-0", exclusiveStart: true, count: 10 });
    expect(older.map((entry) => entry.fields.n)).toEqual(["3", "2", "1"]);
    expect((await streamRange(redis, "numbers", { start: "2", end: "3", count: 10 })).map((entry) => entry.id)).toEqual(["2-0", "3-0"]);
  });

  it("trims on add and on demand, exactly or approximately", async () => {
    await addNumbered("capped", 5);
    await streamAdd(redis, "capped", { n: "6" }, { id: "6-0", maxLength: 3 });
    expect((await streamRange(redis, "capped", { count: 10 })).map((entry) => entry.id)).toEqual(["4-0", "5-0", "6-0"]);
    expect(await streamTrim(redis, "capped", { minId: "5-0" })).toBe(1);
    // "~" only drops whole macro-nodes: the two remaining entries share one, so nothing goes.
    expect(await streamTrim(redis, "capped", { maxLength: 1, approximate: true, limit: 100 })).toBe(0);
    expect(await streamTrim(redis, "capped", { maxLength: 1 })).toBe(1);
    expect(await streamLength(redis, "capped")).toBe(1);
    await streamAdd(redis, "capped", { n: "7" }, { id: "7-0", minId: "7-0" });
    expect((await streamRange(redis, "capped", { count: 10 })).map((entry) => entry.id)).toEqual(["7-0"]);
  });

  it("describes a stream with XINFO STREAM", async () => {
    await addNumbered("described", 3);
    await streamGroupCreate(redis, "described", "readers");
    const info = await streamInfo(redis, "described");
    expect(info).toMatchObject({
      length: 3,
      lastGeneratedId: "3-0",
      entriesAdded: 3,
      recordedFirstEntryId: "1-0",
      maxDeletedEntryId: "0-0",
      groups: 1,
      firstEntry: { id: "1-0", fields: { n: "1" } },
      lastEntry: { id: "3-0", fields: { n: "3" } },
    });
    expect(info.radixTreeKeys).toBeGreaterThan(0);
    expect(info.consumerGroups).toBeUndefined();
    await expect(streamInfo(redis, "missing")).rejects.toMatchObject({ code: "E_NOT_FOUND" });
    await expect(streamInfo(redis, "missing", { groups: true })).rejects.toMatchObject({ code: "E_NOT_FOUND" });
  });

  it("describes each consumer group with { groups: true }, in one transaction", async () => {
    await addNumbered("orders", 5);
    await streamGroupCreate(redis, "orders", "billing", { startId: "0" });
    await streamGroupCreate(redis, "orders", "shipping", { startId: "0" });
    await streamGroupRead(redis, "orders", "billing", "b1", { count: 2 });
    const info = await streamInfo(redis, "orders", { groups: true });
    expect(info.groups).toBe(2);
    expect(info.consumerGroups).toEqual([
      { name: "billing", consumers: 1, pending: 2, lastDeliveredId: "2-0", entriesRead: 2, lag: 3 },
      { name: "shipping", consumers: 0, pending: 0, lastDeliveredId: "0-0", entriesRead: null, lag: 5 },
    ]);
    await redis.set("text", "x");
    await expect(streamInfo(redis, "text", { groups: true })).rejects.toMatchObject({ code: "E_WRONG_TYPE" });
  });

  it("creates a group once, reads, acknowledges and lists pending entries", async () => {
    expect(await streamGroupCreate(redis, "jobs", "workers", { startId: "0" })).toBe(true);
    expect(await streamGroupCreate(redis, "jobs", "workers", { startId: "0" })).toBe(false);
    await addNumbered("jobs", 3);
    const delivered = await streamGroupRead(redis, "jobs", "workers", "w1", { count: 2 });
    expect(delivered).toEqual([
      { id: "1-0", fields: { n: "1" } },
      { id: "2-0", fields: { n: "2" } },
    ]);
    expect(await streamPending(redis, "jobs", "workers")).toEqual({ count: 2, smallestId: "1-0", greatestId: "2-0", consumers: [{ name: "w1", pending: 2 }] });
    const pending = await streamPending(redis, "jobs", "workers", { count: 10 });
    expect(pending.map(({ id, consumer, deliveries }) => ({ id, consumer, deliveries }))).toEqual([
      { id: "1-0", consumer: "w1", deliveries: 1 },
      { id: "2-0", consumer: "w1", deliveries: 1 },
    ]);
    expect(pending[0]?.idleMs).toBeGreaterThanOrEqual(0);
    expect(await streamPending(redis, "jobs", "workers", { count: 10, minIdleMs: 3_600_000 })).toEqual([]);
    expect(await streamPending(redis, "jobs", "workers", { count: 10, consumer: "w2" })).toEqual([]);
    expect(await streamAck(redis, "jobs", "workers", ["1-0", "2-0", "3-0"])).toBe(2);
    expect(await streamPending(redis, "jobs", "workers")).toEqual({ count: 0, smallestId: null, greatestId: null, consumers: [] });
    expect(await streamGroupRead(redis, "jobs", "workers", "w1", { count: 10 })).toEqual([{ id: "3-0", fields: { n: "3" } }]);
    expect(await streamGroupRead(redis, "jobs", "workers", "w1", { count: 10 })).toEqual([]);
  });

  it("re-reads a consumer's own pending entries, marking deleted ones", async () => {
    await streamGroupCreate(redis, "history", "g", { startId: "0" });
    await addNumbered("history", 2);
    await streamGroupRead(redis, "history", "g", "c", { count: 10 });
    await redis.xdel("history", "1-0");
    expect(await streamGroupRead(redis, "history", "g", "c", { count: 10, id: "0" })).toEqual([
      { id: "1-0", fields: {}, deleted: true },
      { id: "2-0", fields: { n: "2" } },
    ]);
  });

  it("returns [] when a bounded block times out, and wakes up for new entries", async () => {
    await streamGroupCreate(redis, "live", "g");
    expect(await streamGroupRead(redis, "live", "g", "c", { count: 1, blockMs: 50 })).toEqual([]);
    const waiting = streamGroupRead(redis, "live", "g", "c", { count: 1, blockMs: 10_000 });
    setTimeout(() => {
      void streamAdd(other, "live", { hello: "world" }, { id: "7-0" });
    }, 100);
    expect(await waiting).toEqual([{ id: "7-0", fields: { hello: "world" } }]);
  });

  it("claims idle entries for another consumer with XCLAIM and XAUTOCLAIM", async () => {
    await streamGroupCreate(redis, "work", "g", { startId: "0" });
    await addNumbered("work", 4);
    await streamGroupRead(redis, "work", "g", "crashed", { count: 4 });
    expect(await streamClaim(redis, "work", "g", "rescuer", ["1-0", "2-0"], { minIdleMs: 3_600_000 })).toEqual([]);
    const claimed = await streamClaim(redis, "work", "g", "rescuer", ["1-0", "2-0"], { minIdleMs: 0, retryCount: 5 });
    expect(claimed).toEqual([
      { id: "1-0", fields: { n: "1" } },
      { id: "2-0", fields: { n: "2" } },
    ]);
    expect((await streamPending(redis, "work", "g", { count: 10, consumer: "rescuer" })).map((entry) => entry.deliveries)).toEqual([5, 5]);

    await redis.xdel("work", "4-0");
    const first = await streamAutoClaim(redis, "work", "g", "rescuer", { minIdleMs: 0, count: 1, start: "3-0" });
    expect(first.entries).toEqual([{ id: "3-0", fields: { n: "3" } }]);
    expect(first.nextStartId).toBe("4-0");
    const second = await streamAutoClaim(redis, "work", "g", "rescuer", { minIdleMs: 0, start: first.nextStartId });
    expect(second).toEqual({ nextStartId: "0-0", entries: [], deletedIds: ["4-0"] });
    expect(await streamPending(redis, "work", "g")).toMatchObject({ count: 3, consumers: [{ name: "rescuer", pending: 3 }] });
  });

  it("deletes consumers and groups", async () => {
    await streamGroupCreate(redis, "teardown", "g", { startId: "0" });
    await addNumbered("teardown", 2);
    await streamGroupRead(redis, "teardown", "g", "leaving", { count: 10 });
    expect(await streamConsumerDelete(redis, "teardown", "g", "leaving")).toBe(2);
    expect(await streamConsumerDelete(redis, "teardown", "g", "never-seen")).toBe(0);
    expect(await streamGroupDestroy(redis, "teardown", "g")).toBe(true);
    expect(await streamGroupDestroy(redis, "teardown", "g")).toBe(false);
    await expect(streamGroupRead(redis, "teardown", "g", "c", { count: 1 })).rejects.toMatchObject({
      code: "E_GROUP_NOT_FOUND",
      name: "ConsumerGroupNotFoundError",
    });
  });

  it("needs the stream or MKSTREAM to create a group", async () => {
    await expect(streamGroupCreate(redis, "absent", "g", { makeStream: false })).rejects.toMatchObject({ code: "E_REDIS_COMMAND" });
    expect(await redis.exists("absent")).toBe(0);
    expect(await streamGroupCreate(redis, "absent", "g")).toBe(true);
    expect(await redis.type("absent")).toBe("stream");
  });

  it("round-trips binary field values byte for byte", async () => {
    const bytes = Buffer.from([0x00, 0xff, 0xc3, 0x28]);
    await streamGroupCreate(redis, "bin", "g", { startId: "0" });
    await streamAdd(redis, "bin", { payload: bytes }, { id: "1-0" });
    const [ranged] = await streamRangeBuffer(redis, "bin", { count: 1 });
    expect(ranged?.id).toBe("1-0");
    expect(ranged?.fields.payload?.equals(bytes)).toBe(true);
    const [read] = await streamGroupReadBuffer(redis, "bin", "g", "c", { count: 1 });
    expect(read?.fields.payload?.equals(bytes)).toBe(true);
  });

  it("reports a key of another type as E_WRONG_TYPE", async () => {
    await redis.set("a-string", "x");
    const wrongType = { code: "E_WRONG_TYPE" };
    await expect(streamAdd(redis, "a-string", { f: "v" })).rejects.toMatchObject(wrongType);
    await expect(streamRange(redis, "a-string", { count: 1 })).rejects.toMatchObject(wrongType);
    await expect(streamInfo(redis, "a-string")).rejects.toMatchObject(wrongType);
    await expect(streamLength(redis, "a-string")).rejects.toMatchObject(wrongType);
    await expect(streamTrim(redis, "a-string", { maxLength: 1 })).rejects.toMatchObject(wrongType);
    await expect(streamGroupCreate(redis, "a-string", "g")).rejects.toMatchObject(wrongType);
    expect(await redis.get("a-string")).toBe("x");
  });

  it("rejects bad input before anything changes", async () => {
    await addNumbered("kept", 2);
    await streamGroupCreate(redis, "kept", "g", { startId: "0" });
    const invalid = { code: "E_INVALID_ARGUMENT" };
    await expect(streamAdd(redis, "new", {})).rejects.toMatchObject(invalid);
    await expect(streamAdd(redis, "new", { f: undefined as unknown as string })).rejects.toMatchObject(invalid);
    await expect(streamAdd(redis, "new", { f: "v" }, { id: "latest" })).rejects.toMatchObject(invalid);
    await expect(streamAdd(redis, "new", { f: "v" }, { maxLength: 1, minId: "1-0" })).rejects.toMatchObject(invalid);
    await expect(streamAdd(redis, "new", { f: "v" }, { maxLength: 1, limit: 10 })).rejects.toMatchObject({ ...invalid, message: /approximate/ });
    await expect(streamAdd(redis, "new", { f: "v" }, { maxLength: -1 })).rejects.toMatchObject(invalid);
    await expect(streamRange(redis, "kept", {} as { count: number })).rejects.toMatchObject(invalid);
    await expect(streamRange(redis, "kept", { count: 1, exclusiveStart: true })).rejects.toMatchObject(invalid);
    await expect(streamRange(redis, "kept", { count: 1, start: "yesterday" })).rejects.toMatchObject(invalid);
    await expect(streamTrim(redis, "kept", {})).rejects.toMatchObject(invalid);
    await expect(streamGroupCreate(redis, "new", "")).rejects.toMatchObject(invalid);
    await expect(streamGroupCreate(redis, "new", "g", { startId: "latest" })).rejects.toMatchObject(invalid);
    await expect(streamGroupRead(redis, "kept", "g", "c", { count: 1, blockMs: 0 })).rejects.toMatchObject({ ...invalid, message: /blockMs/ });
    await expect(streamGroupRead(redis, "kept", "g", "", { count: 1 })).rejects.toMatchObject(invalid);
    await expect(streamAck(redis, "kept", "g", [])).rejects.toMatchObject(invalid);
    await expect(streamClaim(redis, "kept", "g", "c", ["1-0"], { minIdleMs: -1 })).rejects.toMatchObject(invalid);
    await expect(streamAutoClaim(redis, "kept", "g", "c", { minIdleMs: 0, count: 0 })).rejects.toMatchObject(invalid);
    await expect(streamPending(redis, "kept", "g", { count: 0 })).rejects.toMatchObject(invalid);
    expect(await redis.exists("new")).toBe(0);
    expect(await streamLength(redis, "kept")).toBe(2);
    expect(await streamPending(redis, "kept", "g")).toMatchObject({ count: 0 });
  });
});
