import { describe, expect, it } from "vitest";
import { geoSearchArguments } from "./geo.js";

describe("geo search arguments", () => {
  it("builds GEOSEARCH from a point or a member, by radius or box", () => {
    expect(
      geoSearchArguments("k", { from: { longitude: 1, latitude: 2 }, by: { radius: 5, unit: "km" }, order: "asc", count: 3, any: true, withDistance: true }),
    ).toEqual(["k", "FROMLONLAT", 1, 2, "BYRADIUS", 5, "km", "ASC", "COUNT", 3, "ANY", "WITHDIST"]);
    expect(geoSearchArguments("k", { from: { member: "m" }, by: { width: 1, height: 2 }, withCoordinates: true })).toEqual([
      "k",
      "FROMMEMBER",
      "m",
      "BYBOX",
      1,
      2,
      "m",
      "WITHCOORD",
    ]);
  });
});
