import type { RedisClient } from "../client/redis-client.js";
import { sendCommand } from "./command.js";
import { toArray, toNumber, toNumberOrNull, toText } from "./replies.js";
import { assertKey, assertOneOf, assertPositiveInteger, assertValue, assertValues, invalidArgument, type RedisValue } from "./validate.js";

/** Distance units Redis understands. */
export type GeoUnit = "m" | "km" | "mi" | "ft";

/** A point on the map, in degrees. */
export interface GeoCoordinates {
  longitude: number;
  latitude: number;
}

/** A member to place with {@link geoAdd}. */
export interface GeoMember extends GeoCoordinates {
  member: RedisValue;
}

/** Options for {@link geoAdd}. */
export interface GeoAddOptions {
  /** `"NX"`: only add new members; `"XX"`: only move existing ones. */
  condition?: "NX" | "XX";
  /** Resolve how many members were added or moved (CH), not only added. */
  countChanged?: boolean;
}

/** The area {@link geoSearch} looks in: a circle or a box around the centre. */
export type GeoArea = { radius: number; unit?: GeoUnit } | { width: number; height: number; unit?: GeoUnit };

/** Options for {@link geoSearch}. */
export interface GeoSearchOptions {
  /** The centre: an existing member, or coordinates. */
  from: { member: RedisValue } | GeoCoordinates;
  /** The area around it: `{ radius }` or `{ width, height }`, in `unit` (default metres). */
  by: GeoArea;
  /** Nearest first (`"asc"`) or farthest first (`"desc"`); unsorted by default. */
  order?: "asc" | "desc";
  /** Most members to return. A large area on a big set can match many: set it unless the set is small. */
  count?: number;
  /** With `count`: stop as soon as `count` matches are found (faster, not the nearest ones). */
  any?: boolean;
  /** Include each member's distance from the centre, in the area's unit. */
  withDistance?: boolean;
  /** Include each member's coordinates. */
  withCoordinates?: boolean;
}

/** A member {@link geoSearch} found. */
export interface GeoSearchResult {
  member: string;
  /** Present with `withDistance`, in the area's unit. */
  distance?: number;
  /** Present with `withCoordinates`. */
  coordinates?: GeoCoordinates;
}

const UNITS = ["m", "km", "mi", "ft"] as const;
// Redis indexes points with a Web Mercator geohash, so latitudes beyond ±85.05112878° are rejected.
const MAX_LATITUDE = 85.05112878;

/** Throws unless the coordinates are finite and within what Redis can index. */
export function assertCoordinates(operation: string, point: unknown): asserts point is GeoCoordinates {
  const { longitude, latitude } = (point ?? {}) as Partial<GeoCoordinates>;
  if (typeof longitude !== "number" || !Number.isFinite(longitude) || longitude < -180 || longitude > 180) {
    throw invalidArgument(operation, "longitude must be a number from -180 to 180 (degrees east)", longitude);
  }
  if (typeof latitude !== "number" || !Number.isFinite(latitude) || latitude < -MAX_LATITUDE || latitude > MAX_LATITUDE) {
    throw invalidArgument(operation, `latitude must be a number from -${MAX_LATITUDE} to ${MAX_LATITUDE} (degrees north)`, latitude);
  }
}

function assertDistance(operation: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) throw invalidArgument(operation, `${name} must be a positive finite number`, value);
}

/** A `[longitude, latitude]` reply (text or numbers), `null` for a missing member. */
function toCoordinates(reply: unknown): GeoCoordinates | null {
  if (!Array.isArray(reply)) return null;
  return { longitude: toNumber(reply[0]), latitude: toNumber(reply[1]) };
}

/**
 * Places members on a geo index (GEOADD, a sorted set) and resolves how many were added (or changed, with `countChanged`).
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for no members or coordinates out of range;
 *   nothing is written. WrongTypeError (`E_WRONG_TYPE`) when the key is not a sorted set.
 * @example await geoAdd(redis, "shops", [{ member: "central", longitude: 13.361389, latitude: 38.115556 }]);
 */
export async function geoAdd(client: RedisClient, key: string, members: readonly GeoMember[], options: GeoAddOptions = {}): Promise<number> {
  assertKey("geoAdd", key);
  if (!Array.isArray(members) || members.length === 0) {
    throw invalidArgument("geoAdd", "members must be a non-empty array of { member, longitude, latitude }", members);
  }
  const { condition, countChanged = false } = options ?? {};
  const args: RedisValue[] = [key];
  if (condition !== undefined) {
    assertOneOf("geoAdd", "condition", condition, ["NX", "XX"] as const);
    args.push(condition);
  }
  if (countChanged) args.push("CH");
  for (const entry of members) {
    const member = entry?.member;
    assertValue("geoAdd", member, "every member");
    assertCoordinates("geoAdd", entry);
    args.push(entry.longitude, entry.latitude, member);
  }
  return toNumber(await sendCommand(client, "geoAdd", key, "geoadd", args));
}

/** Validates search options and builds the GEOSEARCH arguments after the key. */
export function geoSearchArguments(key: string, options: GeoSearchOptions): RedisValue[] {
  const { from, by: area, order, count, any = false, withDistance = false, withCoordinates = false } = (options ?? {}) as Partial<GeoSearchOptions>;
  const args: RedisValue[] = [key];
  if (from !== null && typeof from === "object" && "member" in from) {
    assertValue("geoSearch", from.member, "from.member");
    args.push("FROMMEMBER", from.member);
  } else {
    assertCoordinates("geoSearch", from);
    args.push("FROMLONLAT", from.longitude, from.latitude);
  }
  const unit = area?.unit ?? "m";
  assertOneOf("geoSearch", "by.unit", unit, UNITS);
  if (area !== null && typeof area === "object" && "radius" in area) {
    assertDistance("geoSearch", "by.radius", area.radius);
    args.push("BYRADIUS", area.radius, unit);
  } else if (area !== null && typeof area === "object" && "width" in area) {
    assertDistance("geoSearch", "by.width", area.width);
    assertDistance("geoSearch", "by.height", area.height);
    args.push("BYBOX", area.width, area.height, unit);
  } else {
    throw invalidArgument("geoSearch", "by must be { radius } or { width, height }", area);
  }
  if (order !== undefined) {
    assertOneOf("geoSearch", "order", order, ["asc", "desc"] as const);
    args.push(order.toUpperCase());
  }
  if (count !== undefined) {
    assertPositiveInteger("geoSearch", "count", count);
    args.push("COUNT", count);
    if (any) args.push("ANY");
  } else if (any) {
    throw invalidArgument("geoSearch", "any only applies together with count", any);
  }
  if (withDistance) args.push("WITHDIST");
  if (withCoordinates) args.push("WITHCOORD");
  return args;
}

/**
 * Finds members within a radius or box around a member or a point (GEOSEARCH, Redis ≥ 6.2),
 * optionally sorted, limited, and with distances and coordinates.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for bad coordinates, a non-positive size or
 *   `any` without `count`; RedisCommandError (`E_REDIS_COMMAND`) when `from.member` is not in the
 *   index; WrongTypeError (`E_WRONG_TYPE`).
 * @example
 * const near = await geoSearch(redis, "shops", {
 *   from: { longitude: 15, latitude: 37 }, by: { radius: 200, unit: "km" }, order: "asc", count: 5, withDistance: true,
 * });
 */
export async function geoSearch(client: RedisClient, key: string, options: GeoSearchOptions): Promise<GeoSearchResult[]> {
  assertKey("geoSearch", key);
  const args = geoSearchArguments(key, options);
  const { withDistance = false, withCoordinates = false } = options;
  const reply = toArray(await sendCommand(client, "geoSearch", key, "geosearch", args));
  if (!withDistance && !withCoordinates) return reply.map((member) => ({ member: toText(member) }));
  return reply.map((item) => {
    // Each item is [member, distance?, coordinates?] in that order.
    const parts = toArray(item);
    const result: GeoSearchResult = { member: toText(parts[0]) };
    let position = 1;
    if (withDistance) result.distance = toNumber(parts[position++]);
    if (withCoordinates) result.coordinates = toCoordinates(parts[position]) ?? undefined;
    return result;
  });
}

/**
 * Distance between two members (GEODIST) in `unit` (default metres); `null` when either is missing.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for an unknown unit; WrongTypeError (`E_WRONG_TYPE`).
 */
export async function geoDistance(
  client: RedisClient,
  key: string,
  first: RedisValue,
  second: RedisValue,
  options: { unit?: GeoUnit } = {},
): Promise<number | null> {
  assertKey("geoDistance", key);
  assertValue("geoDistance", first, "first member");
  assertValue("geoDistance", second, "second member");
  const unit = options?.unit ?? "m";
  assertOneOf("geoDistance", "unit", unit, UNITS);
  return toNumberOrNull(await sendCommand(client, "geoDistance", key, "geodist", [key, first, second, unit]));
}

/**
 * Coordinates of members (GEOPOS), in the caller's order, `null` for missing ones.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for no members; WrongTypeError (`E_WRONG_TYPE`).
 */
export async function geoPosition(client: RedisClient, key: string, members: readonly RedisValue[]): Promise<(GeoCoordinates | null)[]> {
  assertKey("geoPosition", key);
  assertValues("geoPosition", members, "members");
  return toArray(await sendCommand(client, "geoPosition", key, "geopos", [key, ...members])).map(toCoordinates);
}
