import {
  type DecodedValue,
  decodeValue,
  encodeValue,
  hashDelete,
  hashGetBuffer,
  hashIncrement,
  hashLength,
  hashScanBuffer,
  hashSet,
} from "@redis-mcp/core/data";
import { z } from "zod";
import { ToolError } from "../guard/error-result.js";
import { defineTool, type ToolContext } from "../tools/define-tool.js";
import { cursorInput, keyName, valueEncoding, valueInput } from "./schemas.js";
import { assertTotalSize, entryValue, ValueRoom } from "./value-budget.js";

const fieldName = z.string().max(4096);
const fieldList = z.array(fieldName).min(1).max(1000);

type FieldEntry = { field: string; value: DecodedValue | null; totalBytes?: number };

/** Fields read per HMGET, so that a budget used up early stops reading further values. */
const HMGET_BATCH = 100;
/** HSCAN calls per tool call at most: a sparse hash may return empty pages. */
const MAX_SCAN_PAGES = 10;

async function getListedFields(input: { key: string; fields: string[]; cursor?: string }, context: ToolContext) {
  const start = input.cursor === undefined ? 0 : Number(input.cursor);
  if (!Number.isSafeInteger(start) || start < 0 || start >= input.fields.length) {
    throw new ToolError("E_INVALID_ARGUMENT", "with fields, cursor must be the nextCursor of a previous hash_get call with the same fields.");
  }
  const room = new ValueRoom(context.budgetBytes);
  const fields: FieldEntry[] = [];
  for (let batchStart = start; batchStart < input.fields.length; batchStart += HMGET_BATCH) {
    const names = input.fields.slice(batchStart, batchStart + HMGET_BATCH);
    const values = await hashGetBuffer(context.redis, input.key, names);
    for (const [position, field] of names.entries()) {
      const bytes = values[field] ?? null;
      const entry = { field, value: bytes === null ? null : decodeValue(bytes) };
      const marker = { field, value: null, totalBytes: bytes?.length ?? 0 };
      if (room.take(entry)) fields.push(entry);
      else if (!room.fitsAlone(entry) && room.take(marker)) fields.push(marker);
      else if (fields.length === 0) throw new ToolError("E_BUDGET", `even the entry for field ${JSON.stringify(field)} does not fit this server's budget.`);
      else return { fields, truncated: true, nextCursor: String(batchStart + position) };
    }
  }
  return { fields, truncated: false };
}

async function scanFields(input: { key: string; cursor?: string; limit?: number }, context: ToolContext) {
  const limit = input.limit ?? 100;
  const room = new ValueRoom(context.budgetBytes);
  const fields: FieldEntry[] = [];
  const scanPage = (cursor: string) => hashScanBuffer(context.redis, input.key, { cursor, count: limit - fields.length });
  const [total, first] = await Promise.all([hashLength(context.redis, input.key), scanPage(input.cursor ?? "0")]);
  let page = first;
  let full = false;
  for (let pages = 1; ; pages++) {
    // A SCAN page cannot be split: fields past the budget are named with their size instead.
    for (const [field, bytes] of Object.entries(page.fields)) {
      const entry = { field, value: decodeValue(bytes) };
      const marker = { field, value: null, totalBytes: bytes.length };
      if (!full && room.take(entry)) {
        fields.push(entry);
        continue;
      }
      full = true;
      if (!room.take(marker)) throw new ToolError("E_BUDGET", "this page of fields does not fit the budget; pass a lower limit.");
      fields.push(marker);
    }
    if (page.done || full || fields.length >= limit || pages >= MAX_SCAN_PAGES) break;
    page = await scanPage(page.cursor);
  }
  return { fields, total, truncated: !page.done, ...(page.done ? {} : { nextCursor: page.cursor }) };
}

export const hashGet = defineTool({
  name: "hash_get",
  toolset: "hashes",
  tier: "read",
  title: "Get hash fields",
  description: "Read given fields of a hash, or page through all fields. null: missing; null with totalBytes: too big here, ask for it alone.",
  idempotent: true,
  input: {
    key: keyName,
    fields: fieldList.optional().describe("omit to page through all fields"),
    cursor: cursorInput,
    // Optional, not limitInput: it only applies when paging, and listing fields with it is refused.
    limit: z.number().int().min(1).max(1000).optional().describe("fields per page when paging (default 100)"),
  },
  output: {
    fields: z.array(z.object({ field: z.string(), value: entryValue, totalBytes: z.number().optional() })),
    total: z.number().optional(),
    truncated: z.boolean(),
    nextCursor: z.string().optional(),
  },
  async run(input, context) {
    if (input.fields === undefined) return { structured: await scanFields(input, context) };
    if (input.limit !== undefined) throw new ToolError("E_INVALID_ARGUMENT", "limit pages through all fields; leave it out when you list fields.");
    return { structured: await getListedFields({ key: input.key, fields: input.fields, cursor: input.cursor }, context) };
  },
});

export const hashSetTool = defineTool({
  name: "hash_set",
  toolset: "hashes",
  tier: "write",
  title: "Set hash fields",
  description: "Write hash fields (creates the hash); returns how many were new.",
  idempotent: true,
  destructive: true,
  input: { key: keyName, fields: z.record(fieldName, valueInput).describe("field → value"), encoding: valueEncoding },
  output: { added: z.number() },
  async run(input, context) {
    const entries = Object.entries(input.fields);
    if (entries.length === 0 || entries.length > 1000) throw new ToolError("E_INVALID_ARGUMENT", "give between 1 and 1000 fields.");
    assertTotalSize(entries.map(([, value]) => value));
    const values = new Map(entries.map(([field, value]) => [field, encodeValue({ encoding: input.encoding, value })]));
    return { structured: { added: await hashSet(context.redis, input.key, values) } };
  },
});

export const hashDeleteFields = defineTool({
  name: "hash_delete_fields",
  toolset: "hashes",
  tier: "write",
  title: "Delete hash fields",
  description: "Remove fields from a hash; returns how many existed.",
  idempotent: true,
  destructive: true,
  input: { key: keyName, fields: fieldList },
  output: { deleted: z.number() },
  async run(input, context) {
    return { structured: { deleted: await hashDelete(context.redis, input.key, input.fields) } };
  },
});

export const hashIncrementTool = defineTool({
  name: "hash_increment",
  toolset: "hashes",
  tier: "write",
  title: "Increment hash field",
  description: "Add to a numeric hash field (created at 0) and return the new value.",
  idempotent: false,
  input: {
    key: keyName,
    field: fieldName,
    by: z.number().default(1).describe("integer unless float"),
    float: z.boolean().default(false),
  },
  output: { value: z.number() },
  async run(input, context) {
    return { structured: { value: await hashIncrement(context.redis, input.key, input.field, { by: input.by, float: input.float }) } };
  },
});

/** The hashes toolset. */
export const HASHES_TOOLS = [hashGet, hashSetTool, hashDeleteFields, hashIncrementTool];
