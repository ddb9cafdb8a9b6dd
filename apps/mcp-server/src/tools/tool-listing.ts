import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

/** Integer bounds zod writes for `.int()` that say nothing a client needs. */
const SAFE_INTEGER_BOUNDS = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);
/**
 * Size caps on inputs (key ≤ 4 KiB, value ≤ 8 MiB, ≤ 1000 items): they guard the server, not
 * the meaning of a call, and the server's error names the cap when one is hit.
 */
const INPUT_SIZE_CAPS = new Set(["maxLength", "maxItems", "maxProperties"]);
/** "Not empty" bounds: an empty key or list is refused with an error that says so. */
const NOT_EMPTY = new Set(["minLength", "minItems"]);
/**
 * Marks the `{encoding, value}` object of returned values (see schemas.ts): listed as a bare
 * object, since the server instructions describe it once instead of every result repeating it.
 */
export const RETURNED_VALUE_MARK = "x-redis-value";

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `anyOf: [X, {type: "null"}]` as X with `type: [X.type, "null"]`: the same schema, shorter. */
function nullableAsType(schema: Schema): Schema {
  const options = schema.anyOf;
  if (!Array.isArray(options) || options.length !== 2) return schema;
  const [first, second] = options;
  const nullIndex =
    isSchema(second) && second.type === "null" && Object.keys(second).length === 1
      ? 1
      : isSchema(first) && first.type === "null" && Object.keys(first).length === 1
        ? 0
        : -1;
  const other = options[1 - nullIndex];
  if (nullIndex === -1 || !isSchema(other) || typeof other.type !== "string" || other.enum !== undefined) return schema;
  const { anyOf: _anyOf, ...rest } = schema;
  return { ...rest, ...other, type: [other.type, "null"] };
}

/**
 * Removes what costs an agent tokens but tells it nothing. Always: the `$schema` URI, the ±2^53
 * bounds of every integer, `type: "string"` beside a string enum, `items: {}`, and nullable
 * `anyOf`s (written as a type list), and `additionalProperties: false` (an unknown argument gets
 * an error that names it). In inputs, the size caps and "not empty" bounds. In results, `required`
 * (a client reads results, it never builds them) and the inside of returned values.
 */
function compact(value: unknown, output: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => compact(item, output));
  if (!isSchema(value)) return value;
  const schema = nullableAsType(value);
  if (schema[RETURNED_VALUE_MARK] === true) return { type: schema.type };
  const stringEnum = Array.isArray(schema.enum) && schema.enum.every((item) => typeof item === "string");
  const result: Schema = {};
  for (const [name, field] of Object.entries(schema)) {
    if (name === "$schema") continue;
    if ((name === "maximum" || name === "minimum") && SAFE_INTEGER_BOUNDS.has(field as number)) continue;
    if (name === "type" && field === "string" && stringEnum) continue;
    if (name === "items" && isSchema(field) && Object.keys(field).length === 0) continue;
    if (name === "additionalProperties" && field === false) continue;
    if (output && name === "required") continue;
    if (!output && (INPUT_SIZE_CAPS.has(name) || (NOT_EMPTY.has(name) && field === 1))) continue;
    const compacted = compact(field, output);
    // JSON object keys are always strings: a bare `{type: "string"}` for them says nothing.
    if (name === "propertyNames" && isSchema(compacted) && Object.keys(compacted).length === 1 && compacted.type === "string") continue;
    result[name] = compacted;
  }
  return result;
}

/** MCP's tool annotations. */
export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** What tools/list says about one tool. */
export interface ToolListingSource {
  name: string;
  title: string;
  description: string;
  input: z.ZodObject;
  output: z.ZodObject;
  annotations: ToolAnnotations;
}

/**
 * One tools/list entry: zod's JSON Schema (draft-7) minus the noise (see compact), and without
 * repeating the title inside the annotations. Every agent reads the whole list on every session,
 * so its size is paid in tokens again and again. Inputs are still parsed by the full zod schema.
 */
export function toolListing(source: ToolListingSource): Tool {
  return {
    name: source.name,
    title: source.title,
    description: source.description,
    inputSchema: compact(z.toJSONSchema(source.input, { target: "draft-7", io: "input" }), false) as Tool["inputSchema"],
    outputSchema: compact(z.toJSONSchema(source.output, { target: "draft-7", io: "output" }), true) as Tool["outputSchema"],
    annotations: listedAnnotations(source.annotations),
  };
}

/**
 * The hints whose value differs from MCP's default, plus the two that default to true:
 * `readOnlyHint` and `idempotentHint` default to false, so a false one says nothing and is left
 * out (about 15 bytes a tool). `destructiveHint` and `openWorldHint` default to true and are
 * always written, read-only tools included: a client that ignores "meaningful only when not
 * read-only" would otherwise flag every read as destructive.
 */
export function listedAnnotations(annotations: ToolAnnotations): Partial<ToolAnnotations> {
  return {
    ...(annotations.readOnlyHint ? { readOnlyHint: true } : {}),
    destructiveHint: annotations.destructiveHint,
    ...(annotations.idempotentHint ? { idempotentHint: true } : {}),
    openWorldHint: annotations.openWorldHint,
  };
}
