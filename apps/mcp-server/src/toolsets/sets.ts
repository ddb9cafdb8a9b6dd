import { assertSameSlot } from "@redis-mcp/core";
import { decodeValue, setAdd, setAreMembers, setCardinality, setCombine, setCombineWithin, setRemove, setScanBuffer } from "@redis-mcp/core/data";
import { z } from "zod";
import { ToolError } from "../guard/error-result.js";
import { defineTool } from "../tools/define-tool.js";
import { cursorInput, decodedValue, keyName, limitInput, valueBudget, valueEncoding, valueInput } from "./schemas.js";
import { countWithinBudget, encodeValues, itemOverBudget } from "./value-budget.js";

/** Members of one call: text, or base64 with encoding "base64". */
const membersInput = z.array(valueInput).min(1).max(1000);

/** Largest set algebra result read inline; bigger ones are stored (storeIn) and paged with set_members. */
const MAX_INLINE_COMBINE = 10_000;

export const setAddTool = defineTool({
  name: "set_add",
  toolset: "sets",
  tier: "write",
  title: "Add to set",
  description: "Add members to a set (created if missing); returns how many were new.",
  idempotent: true,
  input: { key: keyName, members: membersInput, encoding: valueEncoding },
  output: { added: z.number() },
  async run(input, context) {
    return { structured: { added: await setAdd(context.redis, input.key, encodeValues(input.members, input.encoding)) } };
  },
});

export const setRemoveTool = defineTool({
  name: "set_remove",
  toolset: "sets",
  tier: "write",
  title: "Remove from set",
  description: "Remove members from a set; returns how many were there.",
  idempotent: true,
  destructive: true,
  input: { key: keyName, members: membersInput, encoding: valueEncoding },
  output: { removed: z.number() },
  async run(input, context) {
    return { structured: { removed: await setRemove(context.redis, input.key, encodeValues(input.members, input.encoding)) } };
  },
});

// A set_members cursor: the SSCAN cursor, plus "@<skip>" when one SSCAN reply was bigger than the
// budget and had to be split (then that reply is re-read with COUNT 1 and its first members skipped).
const SET_CURSOR = /^(\d{1,20})(?:@(\d{1,6}))?$/;

export const setMembers = defineTool({
  name: "set_members",
  toolset: "sets",
  tier: "read",
  title: "Set members",
  description: "Page through a set's members (SSCAN); a member may repeat across pages if the set changes.",
  idempotent: true,
  input: {
    key: keyName,
    cursor: cursorInput,
    limit: limitInput.describe("about this many (SSCAN COUNT)"),
    match: z.string().min(1).max(1024).optional().describe("glob on members"),
  },
  output: { members: z.array(decodedValue), total: z.number(), truncated: z.boolean(), nextCursor: z.string().optional() },
  async run(input, context) {
    const parsed = SET_CURSOR.exec(input.cursor ?? "0");
    if (!parsed) throw new ToolError("E_INVALID_ARGUMENT", "cursor must be the nextCursor of a previous set_members call; omit it to start.");
    const cursor = parsed[1] as string;
    const skip = Number(parsed[2] ?? 0);
    const budget = valueBudget(context.budgetBytes);
    const scan = (count: number) => setScanBuffer(context.redis, input.key, { cursor, count, match: input.match });
    let count = skip > 0 ? 1 : input.limit;
    // SCARD goes out in the same write as the first SSCAN: one round trip.
    const [total, firstPage] = await Promise.all([setCardinality(context.redis, input.key), scan(count)]);
    let page = firstPage;
    // COUNT is only a hint to SSCAN: when a reply is over the budget, ask again from the same
    // cursor with a smaller COUNT (a shorter walk of the same table) until it fits.
    for (;;) {
      const members = page.members.slice(skip).map((member) => decodeValue(member));
      const fits = countWithinBudget(members, budget);
      if (fits === members.length) {
        return { structured: { members, total, truncated: !page.done, ...(page.done ? {} : { nextCursor: page.cursor }) } };
      }
      if (count > 1) {
        count = Math.max(1, Math.floor(count / 2));
        page = await scan(count);
        continue;
      }
      // One reply (a small set comes back whole whatever COUNT says) is over the budget: split it.
      if (fits === 0) throw itemOverBudget("a member", members[0], context.budgetBytes);
      return { structured: { members: members.slice(0, fits), total, truncated: true, nextCursor: `${cursor}@${skip + fits}` } };
    }
  },
});

export const setContains = defineTool({
  name: "set_contains",
  toolset: "sets",
  tier: "read",
  title: "Check set membership",
  description: "Whether each value is a member of a set, in the order given.",
  idempotent: true,
  input: { key: keyName, members: membersInput, encoding: valueEncoding },
  output: { contains: z.array(z.boolean()) },
  async run(input, context) {
    return { structured: { contains: await setAreMembers(context.redis, input.key, encodeValues(input.members, input.encoding)) } };
  },
});

const OPERATION = z.enum(["union", "intersection", "difference"]);

export const setCombineTool = defineTool({
  name: "set_combine",
  toolset: "sets",
  tier: "write",
  title: "Combine sets",
  description: "Union, intersection or difference (first minus the rest) of sets; storeIn saves it (replacing that key) instead.",
  idempotent: true,
  destructive: true,
  input: {
    keys: z.array(keyName).min(1).max(100),
    operation: OPERATION,
    storeIn: keyName.optional().describe("destination key; returns only the count"),
    limit: limitInput,
  },
  output: {
    total: z.number(),
    storedIn: z.string().optional(),
    members: z.array(decodedValue).optional(),
    truncated: z.boolean().optional(),
    hint: z.string().optional(),
  },
  async run(input, context) {
    // Check slots first: on a cluster nothing is read or written for keys that cannot go together.
    assertSameSlot(context.redis, input.storeIn === undefined ? input.keys : [input.storeIn, ...input.keys], "set_combine");
    if (input.storeIn !== undefined) {
      const total = await setCombine(context.redis, input.keys, { operation: input.operation, storeIn: input.storeIn });
      return { structured: { total, storedIn: input.storeIn } };
    }
    // Redis sends the whole result at once: core bounds it by the input sizes before reading it.
    const { bound, members: result } = await setCombineWithin(context.redis, input.keys, { operation: input.operation, maxMembers: MAX_INLINE_COMBINE });
    if (!result) {
      throw new ToolError(
        "E_TOO_LARGE",
        `the ${input.operation} may hold up to ${bound} members (inline limit ${MAX_INLINE_COMBINE}). Pass storeIn to store it, then page through it with set_members.`,
      );
    }
    const members = result.slice(0, input.limit).map((member) => decodeValue(member));
    const shown = countWithinBudget(members, valueBudget(context.budgetBytes));
    if (shown === 0 && members.length > 0) throw itemOverBudget("a member", members[0], context.budgetBytes);
    const truncated = shown < result.length;
    return {
      structured: {
        total: result.length,
        members: members.slice(0, shown),
        truncated,
        ...(truncated ? { hint: `Showing ${shown} of ${result.length}: pass storeIn, then page through it with set_members.` } : {}),
      },
    };
  },
});

/** The sets toolset. */
export const SETS_TOOLS = [setAddTool, setRemoveTool, setMembers, setContains, setCombineTool];
