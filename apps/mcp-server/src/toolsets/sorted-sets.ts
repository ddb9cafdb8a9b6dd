import {
  decodeValue,
  encodeValue,
  type SortedSetCountOptions,
  type SortedSetRangeOptions,
  sortedSetAdd,
  sortedSetCount,
  sortedSetIncrement,
  sortedSetRangeBuffer,
  sortedSetRemove,
  sortedSetScore,
} from "@redis-mcp/core/data";
import { z } from "zod";
import { ToolError } from "../guard/error-result.js";
import { defineTool } from "../tools/define-tool.js";
import { decodedValue, keyName, limitInput, valueBudget, valueEncoding, valueInput } from "./schemas.js";
import { countWithinBudget, encodeValues, itemOverBudget } from "./value-budget.js";

/** A score as JSON can carry it: a number, or "+inf"/"-inf" (JSON has no Infinity). */
const score = z.union([z.number(), z.enum(["+inf", "-inf"])]);

function scoreIn(value: z.output<typeof score>): number {
  if (value === "+inf") return Number.POSITIVE_INFINITY;
  if (value === "-inf") return Number.NEGATIVE_INFINITY;
  return value;
}

function scoreOut(value: number): z.output<typeof score> {
  if (value === Number.POSITIVE_INFINITY) return "+inf";
  if (value === Number.NEGATIVE_INFINITY) return "-inf";
  return value;
}

const scoredMember = z.object({ member: decodedValue, score: score.optional() });

export const zsetAdd = defineTool({
  name: "zset_add",
  toolset: "sorted_sets",
  tier: "write",
  title: "Add to sorted set",
  description: "Add members with scores or update their scores (NX/XX, GT/LT, CH); returns the count added (changed with CH).",
  idempotent: true,
  destructive: true,
  input: {
    key: keyName,
    members: z
      .array(z.object({ member: valueInput, score }))
      .min(1)
      .max(1000),
    encoding: valueEncoding,
    condition: z.enum(["NX", "XX"]).optional().describe("NX: only add new; XX: only update existing"),
    compare: z.enum(["GT", "LT"]).optional().describe("update only to a greater/lower score"),
    changed: z.boolean().optional().describe("CH: count updated members too"),
  },
  output: { added: z.number().optional(), changed: z.number().optional() },
  async run(input, context) {
    const members = input.members.map((entry) => ({ member: encodeValue({ encoding: input.encoding, value: entry.member }), score: scoreIn(entry.score) }));
    const count = await sortedSetAdd(context.redis, input.key, members, { condition: input.condition, compare: input.compare, countChanged: input.changed });
    return { structured: input.changed ? { changed: count } : { added: count } };
  },
});

/** Range bounds: numbers by score, member names by lex; open when omitted. */
const bound = z.union([z.number(), z.string().max(4096)]).optional();

function boundsOf(input: { by: "rank" | "score" | "lex"; min?: number | string; max?: number | string; minExclusive?: boolean; maxExclusive?: boolean }) {
  const { by, min, max, minExclusive, maxExclusive } = input;
  if (by === "rank") {
    if (min !== undefined || max !== undefined)
      throw new ToolError("E_INVALID_ARGUMENT", 'min/max apply to by "score" or "lex"; by rank use offset and limit.');
    return {};
  }
  const kind = by === "score" ? "number" : "string";
  for (const [name, value] of [
    ["min", min],
    ["max", max],
  ] as const) {
    if (value !== undefined && typeof value !== kind) {
      throw new ToolError(
        "E_INVALID_ARGUMENT",
        `${name} must be a ${kind} when by is "${by}" (${by === "score" ? "a score" : "a member name"}); omit it for an open end.`,
      );
    }
  }
  return { min, max, minExclusive, maxExclusive };
}

export const zsetRange = defineTool({
  name: "zset_range",
  toolset: "sorted_sets",
  tier: "read",
  title: "Sorted set range",
  description: "Members by rank, score or lex range, optionally reversed, with scores; page with offset/nextOffset.",
  idempotent: true,
  input: {
    key: keyName,
    by: z.enum(["rank", "score", "lex"]).default("rank"),
    min: bound.describe("score (by score) or member (by lex); omit for open"),
    max: bound,
    minExclusive: z.boolean().optional(),
    maxExclusive: z.boolean().optional(),
    reverse: z.boolean().default(false),
    withScores: z.boolean().optional().describe("default true except by lex"),
    offset: z.number().int().min(0).default(0),
    limit: limitInput,
  },
  output: { members: z.array(scoredMember), total: z.number(), truncated: z.boolean(), nextOffset: z.number().optional() },
  async run(input, context) {
    const bounds = boundsOf(input);
    const window = { reverse: input.reverse, offset: input.offset, limit: input.limit, withScores: input.withScores ?? input.by !== "lex" };
    const options = { ...bounds, ...window, by: input.by } as SortedSetRangeOptions;
    const [range, total] = await Promise.all([
      sortedSetRangeBuffer(context.redis, input.key, options),
      sortedSetCount(context.redis, input.key, (input.by === "rank" ? {} : { ...bounds, by: input.by }) as SortedSetCountOptions),
    ]);
    const members = range.map((item) =>
      Buffer.isBuffer(item) ? { member: decodeValue(item) } : { member: decodeValue(item.member), score: scoreOut(item.score) },
    );
    const shown = countWithinBudget(members, valueBudget(context.budgetBytes));
    if (shown === 0 && members.length > 0) throw itemOverBudget(`the member at offset ${input.offset}`, members[0], context.budgetBytes);
    const nextOffset = input.offset + shown;
    const truncated = nextOffset < total;
    return { structured: { members: members.slice(0, shown), total, truncated, ...(truncated ? { nextOffset } : {}) } };
  },
});

export const zsetRemove = defineTool({
  name: "zset_remove",
  toolset: "sorted_sets",
  tier: "write",
  title: "Remove from sorted set",
  description: "Remove members from a sorted set; returns how many were there.",
  idempotent: true,
  destructive: true,
  input: { key: keyName, members: z.array(valueInput).min(1).max(1000), encoding: valueEncoding },
  output: { removed: z.number() },
  async run(input, context) {
    return { structured: { removed: await sortedSetRemove(context.redis, input.key, encodeValues(input.members, input.encoding)) } };
  },
});

export const zsetScore = defineTool({
  name: "zset_score",
  toolset: "sorted_sets",
  tier: "read",
  title: "Member score and rank",
  description: "A member's score and 0-based rank (by ascending score, or descending with reverse).",
  idempotent: true,
  input: { key: keyName, member: valueInput, encoding: valueEncoding, reverse: z.boolean().default(false) },
  output: { exists: z.boolean(), score: score.nullable(), rank: z.number().nullable() },
  async run(input, context) {
    const standing = await sortedSetScore(context.redis, input.key, encodeValue({ encoding: input.encoding, value: input.member }), { reverse: input.reverse });
    return {
      structured: standing ? { exists: true, score: scoreOut(standing.score), rank: standing.rank } : { exists: false, score: null, rank: null },
    };
  },
});

export const zsetIncrement = defineTool({
  name: "zset_increment",
  toolset: "sorted_sets",
  tier: "write",
  title: "Increment score",
  description: "Add to a member's score (adding the member at 0 first); returns the new score.",
  idempotent: false,
  input: { key: keyName, member: valueInput, encoding: valueEncoding, by: z.number().default(1) },
  output: { score },
  async run(input, context) {
    const member = encodeValue({ encoding: input.encoding, value: input.member });
    return { structured: { score: scoreOut(await sortedSetIncrement(context.redis, input.key, member, { by: input.by })) } };
  },
});

/** The sorted_sets toolset. */
export const SORTED_SETS_TOOLS = [zsetAdd, zsetRange, zsetRemove, zsetScore, zsetIncrement];
