import { type RedisClient, RedisMcpError, withDedicatedConnection } from "@redis-mcp/core";
import {
  decodeValue,
  encodeValue,
  type StreamMessage,
  streamAck,
  streamAdd,
  streamGroupCreate,
  streamGroupReadBuffer,
  streamInfo,
  streamLength,
  streamPending,
  streamRangeBuffer,
  streamTrim,
} from "@redis-mcp/core/data";
import { z } from "zod";
import { ToolError } from "../guard/error-result.js";
import { defineTool } from "../tools/define-tool.js";
import { cursorInput, decodedValue, keyName, limitInput, valueBudget, valueEncoding, valueInput } from "./schemas.js";
import { countWithinBudget, itemOverBudget } from "./value-budget.js";

const entryId = z.string().max(64);
const groupName = z.string().min(1).max(256);
const ENTRY_ID = /^\d{1,20}-\d{1,20}$/;
const MAX_FIELDS = 1000;

const entry = z.object({ id: z.string(), fields: z.record(z.string(), decodedValue), deleted: z.boolean().optional() });

function decodeEntry(message: StreamMessage<Buffer>): z.output<typeof entry> {
  // fromEntries defines own properties, so a field named __proto__ stays data.
  const fields = Object.fromEntries(Object.entries(message.fields).map(([field, value]) => [field, decodeValue(value)]));
  return { id: message.id, fields, ...(message.deleted ? { deleted: true } : {}) };
}

/** Turns "no such group" into a next step the agent can take. */
async function withGroup<T>(key: string, group: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (RedisMcpError.isInstance(error) && error.code === "E_GROUP_NOT_FOUND") {
      throw new ToolError("E_NOT_FOUND", `stream ${JSON.stringify(key)} has no consumer group ${JSON.stringify(group)}: create it with stream_group_create.`);
    }
    throw error;
  }
}

/** Consumer groups stream_info lists; a stream rarely has more, and each is a few dozen bytes. */
const MAX_GROUPS_LISTED = 100;

export const streamAddTool = defineTool({
  name: "stream_add",
  toolset: "streams",
  tier: "write",
  title: "Add stream entry",
  description: "Append an entry (fields map) to a stream; maxLength or minId trims older entries approximately.",
  idempotent: false,
  destructive: true,
  input: {
    key: keyName,
    fields: z.record(z.string(), valueInput),
    encoding: valueEncoding,
    id: entryId.default("*").describe('"*" (auto) or an id above the last'),
    maxLength: z.number().int().min(0).optional().describe("keep about this many newest entries"),
    minId: entryId.optional().describe("drop entries older than this id"),
  },
  output: { id: z.string() },
  async run(input, context) {
    const fields = Object.entries(input.fields);
    if (fields.length > MAX_FIELDS) throw new ToolError("E_INVALID_ARGUMENT", `an entry may have at most ${MAX_FIELDS} fields; split the data.`);
    const encoded = fields.map(([field, value]) => [field, encodeValue({ encoding: input.encoding, value })] as const);
    const trim = input.maxLength !== undefined || input.minId !== undefined;
    const id = await streamAdd(context.redis, input.key, encoded, { id: input.id, maxLength: input.maxLength, minId: input.minId, approximate: trim });
    return { structured: { id } };
  },
});

export const streamRangeTool = defineTool({
  name: "stream_range",
  toolset: "streams",
  tier: "read",
  title: "Read stream range",
  description: "Entries between two ids, oldest first (newest with reverse); page with nextCursor, keeping end.",
  idempotent: true,
  input: {
    key: keyName,
    start: entryId.optional().describe('id, or "-" (default; "+" with reverse)'),
    end: entryId.optional().describe('id, or "+" (default; "-" with reverse)'),
    reverse: z.boolean().default(false),
    cursor: cursorInput,
    limit: limitInput,
  },
  output: { entries: z.array(entry), length: z.number(), truncated: z.boolean(), nextCursor: z.string().optional() },
  async run(input, context) {
    if (input.cursor !== undefined && !ENTRY_ID.test(input.cursor)) {
      throw new ToolError("E_INVALID_ARGUMENT", "cursor must be the nextCursor of a previous stream_range call; omit it to start at start.");
    }
    const limit = input.limit;
    // One more than asked tells whether anything follows, without a second round trip.
    const [messages, length] = await Promise.all([
      streamRangeBuffer(context.redis, input.key, {
        start: input.cursor ?? input.start,
        end: input.end,
        count: limit + 1,
        reverse: input.reverse,
        exclusiveStart: input.cursor !== undefined,
      }),
      streamLength(context.redis, input.key),
    ]);
    const entries = messages.slice(0, limit).map(decodeEntry);
    const shown = countWithinBudget(entries, valueBudget(context.budgetBytes));
    if (shown === 0 && entries.length > 0) throw itemOverBudget(`entry ${entries[0]?.id}`, entries[0], context.budgetBytes);
    const truncated = shown < messages.length;
    const last = entries[shown - 1];
    return { structured: { entries: entries.slice(0, shown), length, truncated, ...(truncated && last ? { nextCursor: last.id } : {}) } };
  },
});

export const streamInfoTool = defineTool({
  name: "stream_info",
  toolset: "streams",
  tier: "read",
  title: "Stream info",
  description: "Length, first and last ids, and each consumer group (consumers, pending, lag) of a stream.",
  idempotent: true,
  input: { key: keyName },
  output: {
    length: z.number(),
    groups: z.number(),
    firstEntryId: z.string().nullable(),
    lastEntryId: z.string().nullable(),
    lastGeneratedId: z.string(),
    entriesAdded: z.number().nullable(),
    consumerGroups: z.array(
      z.object({ name: z.string(), consumers: z.number(), pending: z.number(), lastDeliveredId: z.string(), lag: z.number().nullable() }),
    ),
    truncated: z.boolean(),
  },
  async run(input, context) {
    try {
      // XINFO STREAM and XINFO GROUPS in one round trip.
      const info = await streamInfo(context.redis, input.key, { groups: true });
      const groups = info.consumerGroups ?? [];
      return {
        structured: {
          length: info.length,
          groups: info.groups,
          firstEntryId: info.firstEntry?.id ?? null,
          lastEntryId: info.lastEntry?.id ?? null,
          lastGeneratedId: info.lastGeneratedId,
          entriesAdded: info.entriesAdded,
          consumerGroups: groups
            .slice(0, MAX_GROUPS_LISTED)
            .map(({ name, consumers, pending, lastDeliveredId, lag }) => ({ name, consumers, pending, lastDeliveredId, lag })),
          truncated: groups.length > MAX_GROUPS_LISTED,
        },
      };
    } catch (error) {
      if (RedisMcpError.isInstance(error) && error.code === "E_NOT_FOUND") {
        throw new ToolError("E_NOT_FOUND", `stream ${JSON.stringify(input.key)} does not exist; stream_add or stream_group_create creates it.`);
      }
      throw error;
    }
  },
});

export const streamGroupCreateTool = defineTool({
  name: "stream_group_create",
  toolset: "streams",
  tier: "write",
  title: "Create consumer group",
  description: "Create a consumer group (and the stream if missing); created is false when it already exists.",
  idempotent: true,
  input: {
    key: keyName,
    group: groupName,
    startId: entryId.default("$").describe('"$" new entries only, "0" everything, or an id'),
    makeStream: z.boolean().default(true),
  },
  output: { created: z.boolean() },
  async run(input, context) {
    return {
      structured: { created: await streamGroupCreate(context.redis, input.key, input.group, { startId: input.startId, makeStream: input.makeStream }) },
    };
  },
});

export const streamGroupReadTool = defineTool({
  name: "stream_group_read",
  toolset: "streams",
  tier: "write",
  title: "Read as consumer",
  description: "Read entries for a group's consumer (pending until stream_ack), optionally waiting up to blockMs for new ones.",
  idempotent: false,
  input: {
    key: keyName,
    group: groupName,
    consumer: groupName,
    count: z.number().int().min(1).max(1000).default(10),
    blockMs: z.number().int().min(1).max(20_000).optional().describe("wait this long for new entries"),
    id: entryId.default(">").describe(`">" new entries; "0" or an id: this consumer's pending ones after it`),
  },
  output: { entries: z.array(entry), truncated: z.boolean(), nextId: z.string().optional().describe("read the rest with this as id") },
  async run(input, context) {
    const read = (client: RedisClient, blockMs?: number) =>
      streamGroupReadBuffer(client, input.key, input.group, input.consumer, { count: input.count, id: input.id, blockMs });
    const messages = await withGroup(input.key, input.group, async () => {
      const ready = await read(context.redis);
      // Only a read of new entries waits (Redis answers pending reads at once), and only when
      // nothing is there yet: then on a connection of its own.
      if (ready.length > 0 || input.blockMs === undefined || input.id !== ">") return ready;
      return withDedicatedConnection(context.redis, (dedicated) => read(dedicated, input.blockMs), { signal: context.signal });
    });
    const entries = messages.map(decodeEntry);
    const shown = countWithinBudget(entries, valueBudget(context.budgetBytes));
    if (shown === 0 && entries.length > 0) {
      const over = itemOverBudget(`entry ${entries[0]?.id}`, entries[0], context.budgetBytes);
      throw new ToolError("E_BUDGET", `${over.message} It stays pending for ${input.consumer}; stream_pending lists it.`);
    }
    const last = entries[shown - 1];
    // Entries past the budget were delivered too: they are pending and re-read from the last shown id.
    const truncated = shown < entries.length;
    return { structured: { entries: entries.slice(0, shown), truncated, ...(truncated && last ? { nextId: last.id } : {}) } };
  },
});

export const streamAckTool = defineTool({
  name: "stream_ack",
  toolset: "streams",
  tier: "write",
  title: "Acknowledge entries",
  description: "Acknowledge processed entries of a consumer group; returns how many were pending.",
  idempotent: true,
  input: { key: keyName, group: groupName, ids: z.array(entryId).min(1).max(1000) },
  output: { acknowledged: z.number() },
  async run(input, context) {
    return { structured: { acknowledged: await streamAck(context.redis, input.key, input.group, input.ids) } };
  },
});

/** The smallest id after `id`, so a page of pending entries can start after the last one shown. */
function nextEntryId(id: string): string {
  const [milliseconds = "0", sequence = "0"] = id.split("-");
  const next = BigInt(sequence) + 1n;
  return next > 0xffff_ffff_ffff_ffffn ? `${BigInt(milliseconds) + 1n}-0` : `${milliseconds}-${next}`;
}

const pendingEntry = z.object({ id: z.string(), consumer: z.string(), idleMs: z.number(), deliveries: z.number() });

export const streamPendingTool = defineTool({
  name: "stream_pending",
  toolset: "streams",
  tier: "read",
  title: "Pending entries",
  description: "A consumer group's delivered, unacknowledged entries: a summary, or a list with count (filter by consumer, minIdleMs).",
  idempotent: true,
  input: {
    key: keyName,
    group: groupName,
    count: z.number().int().min(1).max(1000).optional().describe("list up to this many instead of a summary"),
    consumer: groupName.optional(),
    minIdleMs: z.number().int().min(0).optional(),
    start: entryId.optional(),
    end: entryId.optional(),
    cursor: cursorInput,
  },
  output: {
    summary: z
      .object({
        count: z.number(),
        smallestId: z.string().nullable(),
        greatestId: z.string().nullable(),
        consumers: z.array(z.object({ name: z.string(), pending: z.number() })),
      })
      .optional(),
    entries: z.array(pendingEntry).optional(),
    truncated: z.boolean(),
    nextCursor: z.string().optional(),
  },
  async run(input, context) {
    const budget = valueBudget(context.budgetBytes);
    const { count, consumer, minIdleMs, start, end, cursor } = input;
    if ([count, consumer, minIdleMs, start, end, cursor].every((value) => value === undefined)) {
      const summary = await withGroup(input.key, input.group, () => streamPending(context.redis, input.key, input.group));
      const shown = countWithinBudget(summary.consumers, budget);
      return { structured: { summary: { ...summary, consumers: summary.consumers.slice(0, shown) }, truncated: shown < summary.consumers.length } };
    }
    if (cursor !== undefined && !ENTRY_ID.test(cursor)) {
      throw new ToolError("E_INVALID_ARGUMENT", "cursor must be the nextCursor of a previous stream_pending call; omit it to start.");
    }
    const limit = count ?? 100;
    const options = { count: limit + 1, start: cursor ?? start, end, consumer, minIdleMs };
    const listed = await withGroup(input.key, input.group, () => streamPending(context.redis, input.key, input.group, options));
    const entries = listed.slice(0, limit);
    const shown = countWithinBudget(entries, budget);
    const truncated = shown < listed.length;
    const last = entries[shown - 1];
    return { structured: { entries: entries.slice(0, shown), truncated, ...(truncated && last ? { nextCursor: nextEntryId(last.id) } : {}) } };
  },
});

export const streamTrimTool = defineTool({
  name: "stream_trim",
  toolset: "streams",
  tier: "write",
  title: "Trim stream",
  description: "Remove the oldest entries: keep maxLength newest, or drop ids below minId; returns how many went.",
  idempotent: true,
  destructive: true,
  input: {
    key: keyName,
    maxLength: z.number().int().min(0).optional(),
    minId: entryId.optional(),
    approximate: z.boolean().default(false).describe("cheaper; may keep a few more"),
  },
  output: { removed: z.number() },
  async run(input, context) {
    return {
      structured: { removed: await streamTrim(context.redis, input.key, { maxLength: input.maxLength, minId: input.minId, approximate: input.approximate }) },
    };
  },
});

/** The streams toolset. */
export const STREAMS_TOOLS = [
  streamAddTool,
  streamRangeTool,
  streamInfoTool,
  streamGroupCreateTool,
  streamGroupReadTool,
  streamAckTool,
  streamPendingTool,
  streamTrimTool,
];
