import { describe, expect, it } from "vitest";
import { textOf } from "./support/server-process.js";
import { serveTarget } from "./support/target-server.js";
import { TARGETS } from "./support/topologies.js";

const PALERMO = { member: "Palermo", longitude: 13.361389, latitude: 38.115556 };
const CATANIA = { member: "Catania", longitude: 15.087269, latitude: 37.502669 };
const ROME = { member: "Rome", longitude: 12.496366, latitude: 41.902782 };

interface SearchResult {
  member: string;
  distance?: number;
  coordinates?: { longitude: number; latitude: number };
}

describe.each(TARGETS)("geo toolset on $name", ({ target }) => {
  const server = serveTarget(target);
  const call = server.call;
  const positionOf = async (key: string, member: string) => {
    const [position] = await server.raw.geopos(key, member);
    return position ? position.map(Number) : null;
  };

  it("geo_add places members and honours NX, XX and countChanged", async () => {
    expect((await call("geo_add", { key: "cities", members: [PALERMO, CATANIA] })).structuredContent).toEqual({ key: "cities", added: 2 });
    expect(await server.raw.zcard("cities")).toBe(2);
    expect((await positionOf("cities", "Palermo"))?.[0]).toBeCloseTo(PALERMO.longitude, 4);

    // NX: Rome is added, Palermo stays where it was.
    const nx = await call("geo_add", { key: "cities", members: [{ ...PALERMO, longitude: 10 }, ROME], condition: "NX" });
    expect(nx.structuredContent).toEqual({ key: "cities", added: 1 });
    expect((await positionOf("cities", "Palermo"))?.[0]).toBeCloseTo(PALERMO.longitude, 4);

    // XX: Palermo moves, Naples is not added.
    const xx = await call("geo_add", {
      key: "cities",
      members: [
        { ...PALERMO, longitude: 10 },
        { member: "Naples", longitude: 14.2, latitude: 40.8 },
      ],
      condition: "XX",
    });
    expect(xx.structuredContent).toEqual({ key: "cities", added: 0 });
    expect((await positionOf("cities", "Palermo"))?.[0]).toBeCloseTo(10, 4);
    expect(await positionOf("cities", "Naples")).toBeNull();

    const moved = await call("geo_add", { key: "cities", members: [PALERMO], countChanged: true });
    expect(moved.structuredContent).toEqual({ key: "cities", changed: 1 });
  });

  it("geo_add rejects bad coordinates, empty lists and keys of another type", async () => {
    const polar = await call("geo_add", { key: "cities", members: [CATANIA, { member: "North Pole", longitude: 0, latitude: 89 }] });
    expect(polar.isError).toBe(true);
    expect(textOf(polar)).toMatch(/^E_INVALID_ARGUMENT: .*latitude must be a number from -85\.05112878 to 85\.05112878/);
    expect(await server.raw.exists("cities")).toBe(0);
    const wrongLongitude = await call("geo_add", { key: "cities", members: [{ member: "x", longitude: 181, latitude: 0 }] });
    expect(textOf(wrongLongitude)).toMatch(/^E_INVALID_ARGUMENT: .*longitude must be a number from -180 to 180/);
    const empty = await call("geo_add", { key: "cities", members: [] });
    expect(empty.isError).toBe(true);
    expect(textOf(empty)).toMatch(/members/);
    await server.raw.set("plain", "text");
    const wrongType = await call("geo_add", { key: "plain", members: [CATANIA] });
    expect(textOf(wrongType)).toMatch(/^E_WRONG_TYPE: .*holds a string: use string_get/);
  });

  it("geo_search finds members by radius or box, sorted, with distances and coordinates", async () => {
    await server.raw.geoadd(
      "cities",
      PALERMO.longitude,
      PALERMO.latitude,
      "Palermo",
      CATANIA.longitude,
      CATANIA.latitude,
      "Catania",
      ROME.longitude,
      ROME.latitude,
      "Rome",
    );
    const near = await call("geo_search", { key: "cities", member: "Palermo", radius: 200, unit: "km", withDistance: true, withCoordinates: true });
    const nearResults = (near.structuredContent as { results: SearchResult[]; truncated: boolean; unit: string }).results;
    expect(nearResults.map((result) => result.member)).toEqual(["Palermo", "Catania"]);
    expect(nearResults[1]?.distance).toBeCloseTo(166.27, 1);
    expect(nearResults[1]?.coordinates?.latitude).toBeCloseTo(CATANIA.latitude, 4);
    expect(near.structuredContent).toMatchObject({ unit: "km", truncated: false });

    const box = await call("geo_search", {
      key: "cities",
      longitude: ROME.longitude,
      latitude: ROME.latitude,
      width: 1200,
      height: 1200,
      unit: "km",
      order: "desc",
    });
    const boxResults = (box.structuredContent as { results: SearchResult[] }).results;
    expect(boxResults.map((result) => result.member)).toEqual(["Catania", "Palermo", "Rome"]);
    expect(boxResults[0]).toEqual({ member: "Catania" });

    const firstOnly = await call("geo_search", { key: "cities", longitude: 15, latitude: 37.5, radius: 1000, unit: "km", count: 1 });
    expect(firstOnly.structuredContent).toMatchObject({ results: [{ member: "Catania" }], truncated: true });

    const missingKey = await call("geo_search", { key: "nowhere", longitude: 15, latitude: 37.5, radius: 10 });
    expect(missingKey.structuredContent).toMatchObject({ results: [], truncated: false });
  });

  it("geo_search says what to give when the centre or area is wrong", async () => {
    await server.raw.geoadd("cities", CATANIA.longitude, CATANIA.latitude, "Catania");
    const both = await call("geo_search", { key: "cities", member: "Catania", longitude: 15, latitude: 37, radius: 10 });
    expect(textOf(both)).toMatch(/^E_INVALID_ARGUMENT: give either member .*or longitude and latitude/);
    const halfPoint = await call("geo_search", { key: "cities", longitude: 15, radius: 10 });
    expect(textOf(halfPoint)).toMatch(/^E_INVALID_ARGUMENT: a point needs both longitude and latitude/);
    const noArea = await call("geo_search", { key: "cities", member: "Catania" });
    expect(textOf(noArea)).toMatch(/^E_INVALID_ARGUMENT: give either radius, or width and height/);
    const halfBox = await call("geo_search", { key: "cities", member: "Catania", width: 10 });
    expect(textOf(halfBox)).toMatch(/^E_INVALID_ARGUMENT: a box needs both width and height/);
    const unknownMember = await call("geo_search", { key: "cities", member: "Atlantis", radius: 10 });
    expect(textOf(unknownMember)).toMatch(/^E_NOT_FOUND: member "Atlantis" is not in "cities"; add it with geo_add/);
    const badLatitude = await call("geo_search", { key: "cities", longitude: 15, latitude: -90, radius: 10 });
    expect(textOf(badLatitude)).toMatch(/^E_INVALID_ARGUMENT: .*latitude/);
    const tooMany = await call("geo_search", { key: "cities", member: "Catania", radius: 10, count: 5000 });
    expect(tooMany.isError).toBe(true);
    expect(textOf(tooMany)).toMatch(/count/);
    const negative = await call("geo_search", { key: "cities", member: "Catania", radius: -1 });
    expect(negative.isError).toBe(true);
    expect(textOf(negative)).toMatch(/radius/);
  });

  it("geo_distance measures in the asked unit and names missing members", async () => {
    await server.raw.geoadd("cities", PALERMO.longitude, PALERMO.latitude, "Palermo", CATANIA.longitude, CATANIA.latitude, "Catania");
    const kilometres = await call("geo_distance", { key: "cities", from: "Palermo", to: "Catania", unit: "km" });
    expect(kilometres.structuredContent).toMatchObject({ key: "cities", unit: "km" });
    expect((kilometres.structuredContent as { distance: number }).distance).toBeCloseTo(166.27, 1);
    const metres = await call("geo_distance", { key: "cities", from: "Palermo", to: "Catania" });
    expect((metres.structuredContent as { distance: number; unit: string }).distance).toBeCloseTo(166_274, -1);
    const missing = await call("geo_distance", { key: "cities", from: "Palermo", to: "Atlantis" });
    expect(missing.structuredContent).toEqual({ key: "cities", distance: null, unit: "m", missing: ["Atlantis"] });
    const badUnit = await call("geo_distance", { key: "cities", from: "Palermo", to: "Catania", unit: "parsec" });
    expect(badUnit.isError).toBe(true);
    expect(textOf(badUnit)).toMatch(/unit/);
    await server.raw.set("plain", "text");
    expect(textOf(await call("geo_distance", { key: "plain", from: "a", to: "b" }))).toMatch(/^E_WRONG_TYPE: /);
  });
});
