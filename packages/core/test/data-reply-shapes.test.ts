import { Cluster as Cluster5, Redis as Redis5 } from "ioredis-v5";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isCluster, type RedisClient } from "../src/client/redis-client.js";
import { geoAdd, geoDistance, geoPosition, geoSearch } from "../src/data/geo.js";
import { hashIncrement, hashScan } from "../src/data/hashes.js";
import { listPop, listPush } from "../src/data/lists.js";
import { setAreMembers } from "../src/data/sets.js";
import { sortedSetAdd, sortedSetIncrement, sortedSetPop, sortedSetRange, sortedSetScore } from "../src/data/sorted-sets.js";
import { streamAutoClaim, streamGroupCreate, streamGroupRead, streamPending } from "../src/data/stream-groups.js";
import { streamAdd, streamInfo } from "../src/data/streams.js";
import { incrementString } from "../src/data/strings.js";
import { topologies } from "./topologies.js";

// The helpers parse replies themselves, so they must give the same typed results whatever shape
// the caller's client produces: RESP3 maps as objects and doubles as numbers (ioredis 6 with
// replyMapping "resp3"), or RESP2 shapes (ioredis 5). The default ioredis 6 client is covered by
// every other data-*.test.ts file.
type Flavour = { name: string; doubles: "number" | "string"; connect(reference: RedisClient): RedisClient };

const flavours: Flavour[] = [
  {
    name: 'ioredis 6 with replyMapping "resp3"',
    doubles: "number",
    connect: (reference) =>
      isCluster(reference) ? reference.duplicate([], { redisOptions: { replyMapping: "resp3" } }) : reference.duplicate({ replyMapping: "resp3" }),
  },
  {
    name: "ioredis 5",
    doubles: "string",
    connect: (reference) =>
      (isCluster(reference)
        ? new Cluster5(reference.nodes("master").map((node) => ({ host: node.options.host, port: node.options.port })))
        : new Redis5(reference.options.port ?? 6379, reference.options.host ?? "127.0.0.1")) as unknown as RedisClient,
  },
];

describe.each(topologies)("data helpers parse every reply shape on $name", (topology) => {
  let reference: RedisClient;
  beforeAll(async () => {
    reference = await topology.connect();
  });
  afterAll(() => reference.disconnect());

  describe.each(flavours)("$name", (flavour) => {
    let redis: RedisClient;
    beforeAll(() => {
      redis = flavour.connect(reference);
    });
    afterAll(() => redis.disconnect());

    it("really produces this reply shape", async () => {
      await redis.zadd("shape", 1.5, "member");
      expect(typeof (await redis.call("zscore", "shape", "member"))).toBe(flavour.doubles);
    });

    it("turns doubles, infinities and integers into numbers", async () => {
      expect(await incrementString(redis, "float", { by: 1.25, float: true })).toBe(1.25);
      expect(await hashIncrement(redis, "hash", "ratio", { by: 0.5, float: true })).toBe(0.5);
      await sortedSetAdd(redis, "board", { low: Number.NEGATIVE_INFINITY, mid: 1.5, top: Number.POSITIVE_INFINITY });
      expect(await sortedSetRange(redis, "board", { limit: 10, withScores: true })).toEqual([
        { member: "low", score: Number.NEGATIVE_INFINITY },
        { member: "mid", score: 1.5 },
        { member: "top", score: Number.POSITIVE_INFINITY },
      ]);
      expect(await sortedSetScore(redis, "board", "top")).toEqual({ score: Number.POSITIVE_INFINITY, rank: 2 });
      expect(await sortedSetIncrement(redis, "board", "mid", { by: 1 })).toBe(2.5);
      expect(await sortedSetPop(redis, "board")).toEqual({ member: "low", score: Number.NEGATIVE_INFINITY });
      expect(await sortedSetPop(redis, "board", { count: 2, from: "max" })).toEqual([
        { member: "top", score: Number.POSITIVE_INFINITY },
        { member: "mid", score: 2.5 },
      ]);
      expect(await setAreMembers(redis, "no-set", ["a"])).toEqual([false]);
    });

    it("reads pages and blocking pops", async () => {
      await redis.hset("hash", { a: "1", b: "2" });
      expect((await hashScan(redis, "hash")).fields).toEqual({ a: "1", b: "2" });
      await listPush(redis, "list", ["x", "y"]);
      expect(await listPop(redis, "list", { waitMs: 100 })).toBe("x");
      expect(await listPop(redis, "list", { waitMs: 100, count: 5 })).toEqual(["y"]);
      expect(await listPop(redis, "list", { waitMs: 50, count: 5 })).toEqual([]);
    });

    it("parses stream info, group reads, pending lists and claims", async () => {
      await streamGroupCreate(redis, "stream", "g", { startId: "0" });
      await streamAdd(redis, "stream", { n: "1" }, { id: "1-0" });
      await streamAdd(redis, "stream", { n: "2" }, { id: "2-0" });
      expect(await streamInfo(redis, "stream")).toMatchObject({ length: 2, groups: 1, lastGeneratedId: "2-0", lastEntry: { id: "2-0", fields: { n: "2" } } });
      expect(await streamGroupRead(redis, "stream", "g", "c1", { count: 10, blockMs: 50 })).toEqual([
        { id: "1-0", fields: { n: "1" } },
        { id: "2-0", fields: { n: "2" } },
      ]);
      expect(await streamGroupRead(redis, "stream", "g", "c1", { count: 10, blockMs: 50 })).toEqual([]);
      expect(await streamPending(redis, "stream", "g")).toEqual({ count: 2, smallestId: "1-0", greatestId: "2-0", consumers: [{ name: "c1", pending: 2 }] });
      expect((await streamPending(redis, "stream", "g", { count: 1 })).map(({ id, consumer, deliveries }) => ({ id, consumer, deliveries }))).toEqual([
        { id: "1-0", consumer: "c1", deliveries: 1 },
      ]);
      const claimed = await streamAutoClaim(redis, "stream", "g", "c2", { minIdleMs: 0 });
      expect(claimed).toEqual({
        nextStartId: "0-0",
        entries: [
          { id: "1-0", fields: { n: "1" } },
          { id: "2-0", fields: { n: "2" } },
        ],
        deletedIds: [],
      });
    });

    it("parses geo distances and coordinates", async () => {
      await geoAdd(redis, "geo", [
        { member: "Palermo", longitude: 13.361389, latitude: 38.115556 },
        { member: "Catania", longitude: 15.087269, latitude: 37.502669 },
      ]);
      const [found] = await geoSearch(redis, "geo", { from: { member: "Catania" }, by: { radius: 10, unit: "km" }, withDistance: true, withCoordinates: true });
      expect(found?.member).toBe("Catania");
      expect(found?.distance).toBe(0);
      expect(found?.coordinates?.longitude).toBeCloseTo(15.087269, 4);
      const [position] = await geoPosition(redis, "geo", ["Palermo"]);
      expect(typeof position?.latitude).toBe("number");
      expect(position?.latitude).toBeCloseTo(38.115556, 4);
      expect(await geoDistance(redis, "geo", "Palermo", "Catania", { unit: "km" })).toBeCloseTo(166.27, 1);
    });
  });
});
