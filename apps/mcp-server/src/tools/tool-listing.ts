import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

/** Integer bounds zod writes for `.int()` that say nothing a client needs. */
const SAFE_INTEGER_BOUNDS = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);

/**
 * Removes what costs an agent tokens but tells it nothing: the `$schema` URI, `additionalProperties:
 * false` on results (a client never sends them), and the ±2^53 bounds of every integer.
 */
function compact(schema: unknown, output: boolean): unknown {
  if (Array.isArray(schema)) return schema.map((item) => compact(item, output));
  if (typeof schema !== "object" || schema === null) return schema;
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(schema)) {
    if (name === "$schema") continue;
    if (output && name === "additionalProperties" && value === false) continue;
    if ((name === "maximum" || name === "minimum") && SAFE_INTEGER_BOUNDS.has(value as number)) continue;
    result[name] = compact(value, output);
  }
  return result;
}

/** What tools/list says about one tool. */
export interface ToolListingSource {
  name: string;
  title: string;
  description: string;
  input: z.ZodObject;
  output: z.ZodObject;
  annotations: { readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean };
}

/**
 * One tools/list entry, as the SDK would write it (zod's JSON Schema, draft-7) minus the noise,
 * and without repeating the title inside the annotations. Every agent reads the whole list on
 * every session, so its size is paid in tokens again and again.
 */
export function toolListing(source: ToolListingSource): Tool {
  return {
    name: source.name,
    title: source.title,
    description: source.description,
    inputSchema: compact(z.toJSONSchema(source.input, { target: "draft-7", io: "input" }), false) as Tool["inputSchema"],
    outputSchema: compact(z.toJSONSchema(source.output, { target: "draft-7", io: "output" }), true) as Tool["outputSchema"],
    annotations: source.annotations,
  };
}
