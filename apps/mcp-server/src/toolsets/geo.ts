import { RedisMcpError } from "@redis-mcp/core";
import { type GeoArea, type GeoSearchOptions, type GeoSearchResult, geoAdd, geoDistance, geoPosition, geoSearch } from "@redis-mcp/core/data";
import { z } from "zod";
import { ToolError } from "../guard/error-result.js";
import { defineTool } from "../tools/define-tool.js";
import { keyName, valueBudget } from "./schemas.js";

const member = z.string().max(4096);
const unit = z.enum(["m", "km", "mi", "ft"]).default("m");
// Ranges are checked by core, whose message names the limits (latitude stops at ±85.05112878).
const longitude = z.number().describe("degrees east, -180..180");
const latitude = z.number().describe("degrees north, -85.05..85.05");
const coordinates = z.object({ longitude: z.number(), latitude: z.number() });

export const geoAddTool = defineTool({
  name: "geo_add",
  toolset: "geo",
  tier: "write",
  title: "Add geo members",
  description: "Place members at longitude/latitude in a geo index; existing members move unless condition is NX.",
  idempotent: true,
  // Without NX an existing member's position is overwritten.
  destructive: true,
  input: {
    key: keyName,
    members: z.array(z.object({ member, longitude, latitude })).min(1).max(1000),
    condition: z.enum(["NX", "XX"]).optional().describe("NX: only add new members; XX: only move existing ones"),
    countChanged: z.boolean().default(false).describe("count moved members too (CH)"),
  },
  output: { key: z.string(), added: z.number().optional(), changed: z.number().optional() },
  async run(input, context) {
    const count = await geoAdd(context.redis, input.key, input.members, { condition: input.condition, countChanged: input.countChanged });
    return { structured: { key: input.key, ...(input.countChanged ? { changed: count } : { added: count }) } };
  },
});

/** The area a search covers, from the flat tool arguments. */
function searchArea(input: { radius?: number; width?: number; height?: number; unit: "m" | "km" | "mi" | "ft" }): GeoArea {
  const box = input.width !== undefined || input.height !== undefined;
  if ((input.radius !== undefined) === box)
    throw new ToolError("E_INVALID_ARGUMENT", "give either radius, or width and height (a box), not both and not neither.");
  if (input.radius !== undefined) return { radius: input.radius, unit: input.unit };
  if (input.width === undefined || input.height === undefined) throw new ToolError("E_INVALID_ARGUMENT", "a box needs both width and height.");
  return { width: input.width, height: input.height, unit: input.unit };
}

/** The centre of a search, from the flat tool arguments. */
function searchCentre(input: { member?: string; longitude?: number; latitude?: number }): GeoSearchOptions["from"] {
  const point = input.longitude !== undefined || input.latitude !== undefined;
  if ((input.member !== undefined) === point) {
    throw new ToolError("E_INVALID_ARGUMENT", "give either member (search around it), or longitude and latitude, not both and not neither.");
  }
  if (input.member !== undefined) return { member: input.member };
  if (input.longitude === undefined || input.latitude === undefined) throw new ToolError("E_INVALID_ARGUMENT", "a point needs both longitude and latitude.");
  return { longitude: input.longitude, latitude: input.latitude };
}

export const geoSearchTool = defineTool({
  name: "geo_search",
  toolset: "geo",
  tier: "read",
  title: "Search geo index",
  description: "Members within a radius or box around a member or a point, nearest first, with distances/coordinates on request.",
  idempotent: true,
  input: {
    key: keyName,
    member: member.optional().describe("centre: this member"),
    longitude: longitude.optional(),
    latitude: latitude.optional(),
    radius: z.number().positive().optional(),
    width: z.number().positive().optional(),
    height: z.number().positive().optional(),
    unit,
    order: z.enum(["asc", "desc"]).default("asc").describe("asc: nearest first"),
    count: z.number().int().min(1).max(1000).default(100),
    withDistance: z.boolean().default(false),
    withCoordinates: z.boolean().default(false),
  },
  output: {
    key: z.string(),
    unit: z.string(),
    results: z.array(z.object({ member: z.string(), distance: z.number().optional(), coordinates: coordinates.optional() })),
    truncated: z.boolean(),
  },
  async run(input, context) {
    const from = searchCentre(input);
    const by = searchArea(input);
    let found: GeoSearchResult[];
    try {
      // One more than asked: whether more matched is then known, not guessed.
      found = await geoSearch(context.redis, input.key, {
        from,
        by,
        order: input.order,
        count: input.count + 1,
        withDistance: input.withDistance,
        withCoordinates: input.withCoordinates,
      });
    } catch (error) {
      // GEOSEARCH FROMMEMBER fails with a bare command error when the member is not in the index.
      if (input.member !== undefined && RedisMcpError.isInstance(error) && error.code === "E_REDIS_COMMAND") {
        const [position] = await geoPosition(context.redis, input.key, [input.member]);
        if (position === null) {
          throw new ToolError(
            "E_NOT_FOUND",
            `member ${JSON.stringify(input.member)} is not in ${JSON.stringify(input.key)}; add it with geo_add or search from longitude and latitude.`,
          );
        }
      }
      throw error;
    }
    const budget = valueBudget(context.budgetBytes);
    const results: GeoSearchResult[] = [];
    let bytes = 0;
    for (const result of found.slice(0, input.count)) {
      bytes += Buffer.byteLength(JSON.stringify(result)) + 1;
      if (bytes > budget) break;
      results.push(result);
    }
    return { structured: { key: input.key, unit: input.unit, results, truncated: results.length < found.length } };
  },
});

export const geoDistanceTool = defineTool({
  name: "geo_distance",
  toolset: "geo",
  tier: "read",
  title: "Distance between members",
  description: "Distance between two members of a geo index; null, with the missing members named, when one is absent.",
  idempotent: true,
  input: { key: keyName, from: member, to: member, unit },
  output: { key: z.string(), distance: z.number().nullable(), unit: z.string(), missing: z.array(z.string()).optional() },
  async run(input, context) {
    const distance = await geoDistance(context.redis, input.key, input.from, input.to, { unit: input.unit });
    if (distance !== null) return { structured: { key: input.key, distance, unit: input.unit } };
    const positions = await geoPosition(context.redis, input.key, [input.from, input.to]);
    const missing = [input.from, input.to].filter((_member, index) => positions[index] === null);
    return { structured: { key: input.key, distance: null, unit: input.unit, missing: [...new Set(missing)] } };
  },
});

/** The geo toolset. */
export const GEO_TOOLS = [geoAddTool, geoSearchTool, geoDistanceTool];
