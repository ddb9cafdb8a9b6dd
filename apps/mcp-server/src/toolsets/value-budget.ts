import { encodeValue } from "@redis-mcp/core/data";
import { ToolError } from "../guard/error-result.js";
import { decodedValue, MAX_VALUE_CHARACTERS, valueBudget } from "./schemas.js";

/** Bytes a part of a result takes as JSON. */
export function jsonBytes(item: unknown): number {
  return Buffer.byteLength(JSON.stringify(item) ?? "");
}

/**
 * The room a result has for its values, measured as JSON (escaping and base64 included), so
 * collections can stop before the output budget instead of failing on it.
 */
export class ValueRoom {
  readonly size: number;
  #left: number;

  constructor(budgetBytes: number) {
    this.size = valueBudget(budgetBytes);
    this.#left = this.size;
  }

  /** Whether `item` fits in an empty result at all. */
  fitsAlone(item: unknown): boolean {
    return jsonBytes(item) + 1 <= this.size;
  }

  /** Reserves room for `item`; false (and nothing reserved) when it does not fit. */
  take(item: unknown): boolean {
    const size = jsonBytes(item) + 1;
    if (size > this.#left) return false;
    this.#left -= size;
    return true;
  }
}

/**
 * Checks the combined size of values written in one call (each is limited by the schema).
 * @throws ToolError E_INVALID_ARGUMENT saying to split the write.
 */
export function assertTotalSize(values: Iterable<string>): void {
  let total = 0;
  for (const value of values) total += value.length;
  if (total > MAX_VALUE_CHARACTERS) {
    throw new ToolError(
      "E_INVALID_ARGUMENT",
      `the values add up to ${total} characters; the limit per call is ${MAX_VALUE_CHARACTERS}. Write them in several calls.`,
    );
  }
}

/** A value in a multi-value result: `null` when missing, or `null` with `totalBytes` when too big for one result. */
export const entryValue = decodedValue.nullable();

/** The bytes of values given as text or base64 (rejects non-canonical base64 with a fix). */
export function encodeValues(values: readonly string[], encoding: "utf8" | "base64"): Buffer[] {
  return values.map((value) => encodeValue({ encoding, value }));
}

/**
 * How many leading items fit in `budget` bytes of JSON; 0 when even the first does not. Windowed
 * tools return that many and a cursor for the rest, so every result stays within the budget.
 */
export function countWithinBudget(items: readonly unknown[], budget: number): number {
  let used = 2;
  for (const [index, item] of items.entries()) {
    used += Buffer.byteLength(JSON.stringify(item)) + 1;
    if (used > budget) return index;
  }
  return items.length;
}

/** The error for one item larger than the whole budget: no window can hold it. */
export function itemOverBudget(what: string, item: unknown, budgetBytes: number): ToolError {
  const size = Buffer.byteLength(JSON.stringify(item));
  return new ToolError("E_BUDGET", `${what} alone is ${size} bytes, more than this server's ${budgetBytes}-byte result budget allows.`);
}
