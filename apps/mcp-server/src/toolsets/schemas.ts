import { z } from "zod";
import { RETURNED_VALUE_MARK } from "../tools/tool-listing.js";

/** A key name as the agent sees it (inside the key scope). */
export const keyName = z.string().min(1).max(4096);

/** A value as returned: text as utf8, anything else as base64 (tools/list shows a bare object; the instructions explain it). */
export const decodedValue = z.object({ encoding: z.enum(["utf8", "base64", "json"]), value: z.unknown() }).meta({ [RETURNED_VALUE_MARK]: true });

/** How a written value is encoded: plain text (default) or base64 for binary data. */
// Not described per tool: the server instructions explain base64 once for every tool.
export const valueEncoding = z.enum(["utf8", "base64"]).default("utf8");

/** Largest value accepted in one call (bigger values: write in parts). */
export const MAX_VALUE_CHARACTERS = 8 * 1024 * 1024;

/** A value to write. */
export const valueInput = z.string().max(MAX_VALUE_CHARACTERS);

/** Items per page for windowed reads. */
export const limitInput = z.number().int().min(1).max(1000).default(100);

/** A cursor from a previous page's nextCursor. */
// Not described per tool: the server instructions say to follow nextCursor.
export const cursorInput = z.string().max(200).optional();

/** Room left for values after the envelope of a result (names, cursors, counts). */
export function valueBudget(budgetBytes: number): number {
  // Values may grow by a third as base64 and more as escaped JSON; leave room for that.
  return Math.max(256, Math.floor((budgetBytes - 4096) * 0.6));
}
