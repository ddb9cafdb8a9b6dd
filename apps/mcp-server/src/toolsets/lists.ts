import { withDedicatedConnection } from "@redis-mcp/core";
import {
  type DecodedValue,
  decodeValue,
  encodeValue,
  type ListPopOptions,
  type ListPopWithinResult,
  listLength,
  listPopBuffer,
  listPopWithin,
  listPush,
  listRangeBuffer,
} from "@redis-mcp/core/data";
import { z } from "zod";
import { ToolError } from "../guard/error-result.js";
import { defineTool, type ToolContext } from "../tools/define-tool.js";
import { decodedValue, keyName, valueEncoding, valueInput } from "./schemas.js";
import { assertTotalSize, jsonBytes, ValueRoom } from "./value-budget.js";

const side = z.enum(["left", "right"]);

export const listPushTool = defineTool({
  name: "list_push",
  toolset: "lists",
  tier: "write",
  title: "Push to list",
  description: "Append (right) or prepend (left) values to a list; returns its length.",
  idempotent: false,
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
    const count = input.count ?? 1;
    const { maxBytes, perElementBytes } = popBudget(context.budgetBytes);
    // Looks before it pops (one Lua script): what does not fit the budget is never removed.
    let popped = await listPopWithin(context.redis, input.key, { side: input.side, count, maxBytes, perElementBytes });
    if (popped.values.length === 0 && popped.nextBytes === undefined && input.waitMs > 0) {
      popped = await waitAndPop(context, input.key, { side: input.side, count: input.count, waitMs: input.waitMs }, maxBytes, perElementBytes);
    }
    const { nextBytes } = popped;
    if (popped.values.length === 0 && nextBytes !== undefined) {
      throw new ToolError("E_BUDGET", `the element is ${nextBytes} bytes, more than this server's result budget allows; it was left in the list.`);
    }
    const values = popped.values.map(compactValue);
    if (input.count === undefined) return { structured: { value: values[0] ?? null, truncated: false } };
    return { structured: { values, truncated: nextBytes !== undefined } };
  },
});

/**
 * Raw bytes popped elements may take so that the result fits the budget even if every element
 * comes back as base64: JSON of `{"encoding":"base64","value":"…"}` is at most 4/3 of
 * (bytes + perElementBytes).
 */
function popBudget(budgetBytes: number): { maxBytes: number; perElementBytes: number } {
  const envelope = 256;
  return { maxBytes: Math.max(1, Math.floor(((budgetBytes - envelope) * 3) / 4)), perElementBytes: 28 };
}

/** An element as returned: utf8 text, unless its escaped JSON would be longer than base64 (which popBudget allows for). */
function compactValue(bytes: Buffer): DecodedValue {
  const value = decodeValue(bytes);
  if (value.encoding !== "utf8" || jsonBytes(value) <= Math.ceil(bytes.length / 3) * 4 + 33) return value;
  return decodeValue(bytes, "base64");
}

/**
 * Waits for elements on a connection of its own (the session's keeps answering other calls). A
 * blocking pop cannot look before it pops, so elements past the budget, rare here (pushed
 * while waiting and too large together), go back to the same end, in order.
 */
async function waitAndPop(
  context: ToolContext,
  key: string,
  options: { side: "left" | "right"; count: number | undefined; waitMs: number },
  maxBytes: number,
  perElementBytes: number,
): Promise<ListPopWithinResult> {
  // Without count a single BLPOP/BRPOP (Redis 6.2); with count BLMPOP (Redis 7.0).
  const popOptions: ListPopOptions = { side: options.side, waitMs: options.waitMs, ...(options.count === undefined ? {} : { count: options.count }) };
  const reply = await withDedicatedConnection(context.redis, (own) => listPopBuffer(own, key, popOptions), { signal: context.signal });
  const popped = reply === null ? [] : Array.isArray(reply) ? reply : [reply];
  let total = 0;
  let fitting = 0;
  for (const bytes of popped) {
    total += bytes.length + perElementBytes;
    if (total > maxBytes) break;
    fitting += 1;
  }
  const rest = popped.slice(fitting);
  if (rest.length === 0) return { values: popped };
  await listPush(context.redis, key, [...rest].reverse(), { side: options.side });
  return { values: popped.slice(0, fitting), nextBytes: rest[0]?.length ?? 0 };
}

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
