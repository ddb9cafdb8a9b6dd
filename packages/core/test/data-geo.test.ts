import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import { geoAdd, geoDistance, geoPosition, geoSearch } from "../src/data/geo.js";
import { topologies } from "./topologies.js";

const sicily = [
  { member: "Palermo", longitude: 13.361389, latitude: 38.115556 },
  { member: "Catania", longitude: 15.087269, latitude: 37.502669 },
  { member: "Agrigento", longitude: 13.583333, latitude: 37.316667 },
];

describe.each(topologies)("geo helpers on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("adds members with NX, XX and countChanged", async () => {
    expect(await geoAdd(redis, "cities", sicily)).toBe(3);
    expect(await geoAdd(redis, "cities", [{ member: "Palermo", longitude: 13.5, latitude: 38.1 }], { condition: "NX" })).toBe(0);
    expect(await geoAdd(redis, "cities", [{ member: "Messina", longitude: 15.55, latitude: 38.19 }], { condition: "XX" })).toBe(0);
    expect(await geoAdd(redis, "cities", [{ member: "Palermo", longitude: 13.4, latitude: 38.1 }], { countChanged: true })).toBe(1);
    const [palermo, messina] = await geoPosition(redis, "cities", ["Palermo", "Messina"]);
    expect(palermo?.longitude).toBeCloseTo(13.4, 4);
    expect(palermo?.latitude).toBeCloseTo(38.1, 4);
    expect(messina).toBeNull();
  });

  it("measures distances in the unit asked for, null for a missing member", async () => {
    await geoAdd(redis, "cities", sicily);
    const metres = await geoDistance(redis, "cities", "Palermo", "Catania");
    expect(metres).toBeCloseTo(166_274, -1);
    expect(await geoDistance(redis, "cities", "Palermo", "Catania", { unit: "km" })).toBeCloseTo(166.27, 1);
    expect(await geoDistance(redis, "cities", "Palermo", "Nowhere")).toBeNull();
  });

  it("searches a radius around a point, nearest first, with distances and coordinates", async () => {
    await geoAdd(redis, "cities", sicily);
    const near = await geoSearch(redis, "cities", {
      from: { longitude: 15, latitude: 37 },
      by: { radius: 200, unit: "km" },
      order: "asc",
      withDistance: true,
      withCoordinates: true,
    });
    expect(near.map((result) => result.member)).toEqual(["Catania", "Agrigento", "Palermo"]);
    expect(near[0]?.distance).toBeCloseTo(56.4413, 3);
    expect(near[0]?.coordinates?.longitude).toBeCloseTo(15.087269, 4);
    expect(near[0]?.coordinates?.latitude).toBeCloseTo(37.502669, 4);
    const closest = await geoSearch(redis, "cities", { from: { longitude: 15, latitude: 37 }, by: { radius: 200, unit: "km" }, order: "asc", count: 1 });
    expect(closest).toEqual([{ member: "Catania" }]);
  });

  it("searches a box around a member, farthest first", async () => {
    await geoAdd(redis, "cities", sicily);
    const boxed = await geoSearch(redis, "cities", {
      from: { member: "Palermo" },
      by: { width: 100, height: 200, unit: "km" },
      order: "desc",
      withDistance: true,
    });
    expect(boxed.map((result) => result.member)).toEqual(["Agrigento", "Palermo"]);
    expect(boxed[1]?.distance).toBe(0);
    const any = await geoSearch(redis, "cities", { from: { member: "Palermo" }, by: { radius: 1000, unit: "km" }, count: 2, any: true });
    expect(any).toHaveLength(2);
    await expect(geoSearch(redis, "cities", { from: { member: "Atlantis" }, by: { radius: 1 } })).rejects.toMatchObject({ code: "E_REDIS_COMMAND" });
  });

  it("round-trips binary member names", async () => {
    const bytes = Buffer.from([0x00, 0xff, 0xc3, 0x28]);
    await geoAdd(redis, "bin", [{ member: bytes, longitude: 1, latitude: 2 }]);
    const [position] = await geoPosition(redis, "bin", [bytes]);
    expect(position?.longitude).toBeCloseTo(1, 4);
    expect(await redis.zscoreBuffer("bin", bytes)).not.toBeNull();
  });

  it("reports a key of another type as E_WRONG_TYPE", async () => {
    await redis.set("a-string", "x");
    const wrongType = { code: "E_WRONG_TYPE" };
    await expect(geoAdd(redis, "a-string", sicily)).rejects.toMatchObject(wrongType);
    await expect(geoSearch(redis, "a-string", { from: { longitude: 0, latitude: 0 }, by: { radius: 1 } })).rejects.toMatchObject(wrongType);
    await expect(geoDistance(redis, "a-string", "a", "b")).rejects.toMatchObject(wrongType);
    await expect(geoPosition(redis, "a-string", ["a"])).rejects.toMatchObject(wrongType);
    expect(await redis.get("a-string")).toBe("x");
  });

  it("rejects bad coordinates and options before anything changes", async () => {
    const invalid = { code: "E_INVALID_ARGUMENT" };
    await expect(geoAdd(redis, "g", [])).rejects.toMatchObject(invalid);
    await expect(
      geoAdd(redis, "g", [
        { member: "ok", longitude: 1, latitude: 1 },
        { member: "x", longitude: 181, latitude: 0 },
      ]),
    ).rejects.toMatchObject({
      ...invalid,
      message: /longitude must be a number from -180 to 180/,
    });
    await expect(geoAdd(redis, "g", [{ member: "x", longitude: 0, latitude: 86 }])).rejects.toMatchObject({ ...invalid, message: /latitude/ });
    await expect(geoAdd(redis, "g", [{ member: "x", longitude: Number.NaN, latitude: 0 }])).rejects.toMatchObject(invalid);
    await expect(geoAdd(redis, "g", [{ member: "x", longitude: 0, latitude: 0 }], { condition: "YY" as "NX" })).rejects.toMatchObject(invalid);
    await expect(geoSearch(redis, "g", { from: { longitude: 0, latitude: 0 }, by: { radius: 0 } })).rejects.toMatchObject(invalid);
    await expect(geoSearch(redis, "g", { from: { longitude: 0, latitude: 0 }, by: { radius: 1, unit: "miles" as "mi" } })).rejects.toMatchObject(invalid);
    await expect(geoSearch(redis, "g", { from: { longitude: 0, latitude: 0 }, by: { width: 1, height: -1 } })).rejects.toMatchObject(invalid);
    await expect(geoSearch(redis, "g", { from: { longitude: 0, latitude: 0 }, by: { radius: 1 }, any: true })).rejects.toMatchObject(invalid);
    await expect(geoSearch(redis, "g", { from: { longitude: 0, latitude: 0 }, by: {} as { radius: number } })).rejects.toMatchObject(invalid);
    await expect(geoDistance(redis, "g", "a", "b", { unit: "yd" as "ft" })).rejects.toMatchObject(invalid);
    await expect(geoPosition(redis, "g", [])).rejects.toMatchObject(invalid);
    expect(await redis.exists("g")).toBe(0);
  });
});
