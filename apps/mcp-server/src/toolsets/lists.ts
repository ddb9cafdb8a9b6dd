import {
  type DecodedValue,
  decodeValue,
  encodeValue,
  type ListPopOptions,
  listLength,
  listPopBuffer,
  listPush,
  listRangeBuffer,
  withDedicatedConnection,
} from "@redis-mcp/core";
import { z } from "zod";
import { ToolError } from "../guard/error-result.js";
import { defineTool } from "../tools/define-tool.js";
import { decodedValue, keyName, valueEncoding, valueInput } from "./schemas.js";
import { assertTotalSize, ValueRoom } from "./value-budget.js";

const side = z.enum(["left", "right"]);

export const listPushTool = defineTool({
  name: "list_push",
  toolset: "lists",
  tier: "write",
  title: "Push to list",
  description: "Append (right) or prepend (left) values to a list; returns its length.",
  idempotent: false,
  redact: ["values"],
  input: {
    key: keyName,
    values: z.array(valueInput).min(1).max(1000),
    side: side.default("right").describe("left: values end up reversed"),
    encoding: valueEncoding,
  },
  output: { length: z.number() },
  async run(input, context) {
    assertTotalSize(input.values);
    const values = input.values.map((value) => encodeValue({ encoding: input.encoding, value }));
    return { structured: { length: await listPush(context.redis, input.key, values, { side: input.side }) } };
  },
});

export const listPop = defineTool({
  name: "list_pop",
  toolset: "lists",
  tier: "write",
  title: "Pop from list",
  description: "Remove and return values from an end of a list, optionally waiting; null or [] when none.",
  idempotent: false,
  destructive: true,
  input: {
    key: keyName,
    side: side.default("left"),
    count: z.number().int().min(1).max(1000).optional().describe("up to this many, as values[]"),
    waitMs: z.number().int().min(0).max(20_000).default(0).describe("wait this long when empty"),
  },
  output: { value: decodedValue.nullable().optional(), values: z.array(decodedValue).optional(), truncated: z.boolean() },
  async run(input, context) {
    const options: ListPopOptions = { side: input.side, ...(input.count === undefined ? {} : { count: input.count }) };
    let popped = await listPopBuffer(context.redis, input.key, options);
    const empty = popped === null || (Array.isArray(popped) && popped.length === 0);
    if (empty && input.waitMs > 0)
      popped = await withDedicatedConnection(context.redis, (own) => listPopBuffer(own, input.key, { ...options, waitMs: input.waitMs }), {
        signal: context.signal,
      });
    const items = popped === null ? [] : Array.isArray(popped) ? popped : [popped];
    const room = new ValueRoom(context.budgetBytes);
    const values: DecodedValue[] = [];
    for (const bytes of items) {
      const value = decodeValue(bytes);
      if (!room.take(value)) break;
      values.push(value);
    }
    if (values.length < items.length) {
      // Popped values must not be lost: what does not fit goes back to the same end, in order.
      await listPush(context.redis, input.key, items.slice(values.length).reverse(), { side: input.side });
      if (values.length === 0) {
        throw new ToolError("E_BUDGET", `the element is ${items[0]?.length} bytes, more than this server's result budget allows; it was left in the list.`);
      }
    }
    if (input.count === undefined) return { structured: { value: values[0] ?? null, truncated: false } };
    return { structured: { values, truncated: values.length < items.length } };
  },
});

export const listRange = defineTool({
  name: "list_range",
  toolset: "lists",
  tier: "read",
  title: "Read list",
  description: "Read a window of a list (follow nextStart).",
  idempotent: true,
  input: {
    key: keyName,
    start: z.number().int().default(0).describe("negative: from the tail"),
    count: z.number().int().min(1).max(1000).default(100),
  },
  output: { items: z.array(decodedValue), total: z.number(), start: z.number(), truncated: z.boolean(), nextStart: z.number().optional() },
  async run(input, context) {
    const [total, buffers] = await Promise.all([
      listLength(context.redis, input.key),
      listRangeBuffer(context.redis, input.key, { start: input.start, count: input.count }),
    ]);
    const start = input.start < 0 ? Math.max(0, total + input.start) : input.start;
    const room = new ValueRoom(context.budgetBytes);
    const items: DecodedValue[] = [];
    for (const bytes of buffers) {
      const item = decodeValue(bytes);
      if (!room.take(item)) {
        if (items.length > 0) break;
        throw new ToolError("E_BUDGET", `the element at index ${start} is ${bytes.length} bytes, more than this server's result budget allows.`);
      }
      items.push(item);
    }
    const end = start + items.length;
    return { structured: { items, total, start, truncated: end < total, ...(end < total ? { nextStart: end } : {}) } };
  },
});

export const listLengthTool = defineTool({
  name: "list_length",
  toolset: "lists",
  tier: "read",
  title: "List length",
  description: "Number of elements in a list (0 when missing).",
  idempotent: true,
  input: { key: keyName },
  output: { length: z.number() },
  async run(input, context) {
    return { structured: { length: await listLength(context.redis, input.key) } };
  },
});

/** The lists toolset. */
export const LISTS_TOOLS = [listPushTool, listPop, listRange, listLengthTool];
