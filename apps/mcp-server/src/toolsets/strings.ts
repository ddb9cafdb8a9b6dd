import { multiGetBuffer, multiSet, readKey, WrongTypeError } from "@redis-mcp/core";
import { type DecodedValue, decodeValue, encodeValue, getStringWindow, incrementString, setString } from "@redis-mcp/core/data";
import { z } from "zod";
import { ToolError } from "../guard/error-result.js";
import { defineTool } from "../tools/define-tool.js";
import { cursorInput, decodedValue, keyName, valueBudget, valueEncoding, valueInput } from "./schemas.js";
import { assertTotalSize, entryValue, jsonBytes, ValueRoom } from "./value-budget.js";

const conditionInput = z.enum(["NX", "XX"]).optional().describe("NX: only if missing; XX: only if it exists");
const ttlInput = z.number().int().min(1).optional();

function missingString(offset: number) {
  return { structured: { exists: false, value: null, totalBytes: 0, offset, truncated: false }, text: "(no such key)" };
}

export const stringGet = defineTool({
  name: "string_get",
  toolset: "strings",
  tier: "read",
  title: "Get string",
  description: "Read a string value; long values come in byte windows (follow nextOffset).",
  idempotent: true,
  input: {
    key: keyName,
    offset: z.number().int().min(0).default(0),
    maxBytes: z.number().int().min(1).optional().describe("window size (default: the budget)"),
  },
  output: {
    exists: z.boolean(),
    value: decodedValue.nullable(),
    totalBytes: z.number(),
    offset: z.number(),
    truncated: z.boolean(),
    nextOffset: z.number().optional(),
  },
  async run(input, context) {
    const maxBytes = Math.min(input.maxBytes ?? Number.POSITIVE_INFINITY, valueBudget(context.budgetBytes));
    if (input.offset === 0) {
      // Fast path for the common cases, a missing key or a value that fits: one window of one byte
      // more than maxBytes tells whether the value is whole. A wrong type fails with WRONGTYPE
      // (runTool adds the hint).
      const bytes = await getStringWindow(context.redis, input.key, { start: 0, end: maxBytes });
      if (bytes === null) return missingString(input.offset);
      if (bytes.length <= maxBytes) {
        const whole = decodeValue(bytes);
        if (jsonBytes(whole) <= context.budgetBytes - 1024) {
          return {
            structured: { exists: true, value: whole, totalBytes: bytes.length, offset: 0, truncated: false },
            text: `${whole.encoding === "utf8" ? "" : `${whole.encoding}:`}${String(whole.value)}`,
          };
        }
      }
    }
    // readKey reads TYPE, STRLEN and the GETRANGE window in one round trip, and ends windows on a
    // character boundary so long text stays utf8. limit 1 keeps the read small for other types.
    const read = await readKey(context.redis, input.key, { cursor: String(input.offset), limit: 1, maxBytes });
    if (!read.exists) return missingString(input.offset);
    if (read.type !== "string") throw new WrongTypeError("string_get reads strings only.");
    let value: DecodedValue = read.value;
    // Text full of characters JSON escapes can outgrow the budget; base64 grows by a third at most.
    if (jsonBytes(value) > context.budgetBytes - 1024) value = decodeValue(encodeValue(value), "base64");
    const window = read.truncated ? `\n(bytes ${read.offset}..${read.nextOffset} of ${read.totalBytes}; continue at offset ${read.nextOffset})` : "";
    return {
      structured: {
        exists: true,
        value,
        totalBytes: read.totalBytes,
        offset: read.offset,
        truncated: read.truncated,
        ...(read.nextOffset !== undefined ? { nextOffset: read.nextOffset } : {}),
      },
      // The compact rendering: the value itself (structuredContent has the details).
      text: `${value.encoding === "utf8" ? "" : `${value.encoding}:`}${typeof value.value === "string" ? value.value : JSON.stringify(value.value)}${window}`,
    };
  },
});

export const stringSet = defineTool({
  name: "string_set",
  toolset: "strings",
  tier: "write",
  title: "Set string",
  description: "Write a string value, optionally with a TTL and an NX/XX condition.",
  idempotent: true,
  destructive: true,
  input: {
    key: keyName,
    value: valueInput,
    encoding: valueEncoding,
    ttlMs: ttlInput,
    condition: conditionInput,
    keepTtl: z.boolean().optional(),
  },
  output: { written: z.boolean() },
  async run(input, context) {
    if (input.ttlMs !== undefined && input.keepTtl) throw new ToolError("E_INVALID_ARGUMENT", "give ttlMs or keepTtl: true, not both.");
    const bytes = encodeValue({ encoding: input.encoding, value: input.value });
    const plain = input.ttlMs === undefined && input.condition === undefined && !input.keepTtl;
    // Without options core sends a plain SET (its fastest path).
    const written = await setString(
      context.redis,
      input.key,
      bytes,
      plain ? undefined : { ttlMs: input.ttlMs, condition: input.condition, keepTtl: input.keepTtl },
    );
    return { structured: { written }, text: written ? "OK" : `not written: the ${input.condition ?? ""} condition was not met` };
  },
});

export const stringIncrement = defineTool({
  name: "string_increment",
  toolset: "strings",
  tier: "write",
  title: "Increment counter",
  description: "Add to a numeric string (created at 0) and return the new value.",
  idempotent: false,
  input: {
    key: keyName,
    by: z.number().default(1).describe("integer unless float"),
    float: z.boolean().default(false),
  },
  output: { value: z.number() },
  async run(input, context) {
    return { structured: { value: await incrementString(context.redis, input.key, { by: input.by, float: input.float }) } };
  },
});

const MGET_BATCH = 100;

export const stringMget = defineTool({
  name: "string_mget",
  toolset: "strings",
  tier: "read",
  title: "Get many strings",
  description: "Read many string keys (any cluster slots). null: missing or not a string; null with totalBytes: too big, use string_get.",
  idempotent: true,
  input: { keys: z.array(keyName).min(1).max(1000), cursor: cursorInput.describe("nextCursor, with the same keys") },
  output: {
    values: z.array(z.object({ key: z.string(), value: entryValue, totalBytes: z.number().optional() })),
    truncated: z.boolean(),
    nextCursor: z.string().optional(),
  },
  async run(input, context) {
    const start = input.cursor === undefined ? 0 : Number(input.cursor);
    if (!Number.isSafeInteger(start) || start < 0 || start >= input.keys.length) {
      throw new ToolError("E_INVALID_ARGUMENT", "cursor must be the nextCursor of a previous string_mget call with the same keys.");
    }
    const room = new ValueRoom(context.budgetBytes);
    const values: { key: string; value: DecodedValue | null; totalBytes?: number }[] = [];
    // In batches, so that a budget used up early stops reading further values.
    for (let batchStart = start; batchStart < input.keys.length; batchStart += MGET_BATCH) {
      const keys = input.keys.slice(batchStart, batchStart + MGET_BATCH);
      const buffers = await multiGetBuffer(context.redis, keys);
      for (const [position, key] of keys.entries()) {
        const bytes = buffers[position] ?? null;
        const entry = { key, value: bytes === null ? null : decodeValue(bytes) };
        if (room.take(entry)) {
          values.push(entry);
        } else if (!room.fitsAlone(entry) && room.take({ key, value: null, totalBytes: bytes?.length ?? 0 })) {
          // Never fits in one result: say how big it is, string_get reads it in windows.
          values.push({ key, value: null, totalBytes: bytes?.length ?? 0 });
        } else if (values.length === 0) {
          throw new ToolError("E_BUDGET", `even the entry for ${JSON.stringify(key)} does not fit this server's ${context.budgetBytes}-byte budget.`);
        } else {
          return { structured: { values, truncated: true, nextCursor: String(batchStart + position) } };
        }
      }
    }
    return { structured: { values, truncated: false } };
  },
});

export const stringMset = defineTool({
  name: "string_mset",
  toolset: "strings",
  tier: "write",
  title: "Set many strings",
  description: "Write many string keys (any cluster slots; not atomic across slots).",
  idempotent: true,
  destructive: true,
  input: {
    values: z.record(keyName, valueInput).describe("key → value"),
    encoding: valueEncoding,
    ttlMs: ttlInput,
  },
  output: { written: z.number() },
  async run(input, context) {
    const entries = Object.entries(input.values);
    if (entries.length === 0 || entries.length > 1000) throw new ToolError("E_INVALID_ARGUMENT", "give between 1 and 1000 keys in values.");
    assertTotalSize(entries.map(([, value]) => value));
    const pairs = entries.map(([key, value]) => [key, encodeValue({ encoding: input.encoding, value })] as const);
    await multiSet(context.redis, pairs, { ttlMs: input.ttlMs });
    return { structured: { written: pairs.length } };
  },
});

/** The strings toolset. */
export const STRINGS_TOOLS = [stringGet, stringSet, stringIncrement, stringMget, stringMset];
