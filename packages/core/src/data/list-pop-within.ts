import type { RedisClient } from "../client/redis-client.js";
import { defineScript } from "../scripts/redis-script.js";
import type { ListSide } from "./lists.js";
import { assertKey, assertPositiveInteger, invalidArgument } from "./validate.js";

/** Options for {@link listPopWithin}. */
export interface ListPopWithinOptions {
  /** The end to pop from (default `left`). */
  side?: ListSide;
  /** Most elements popped (default 1). */
  count?: number;
  /** Bytes the popped elements may take together, each counted as its length plus `perElementBytes`. */
  maxBytes: number;
  /** Added to each element's length (default 0): room for how a caller wraps each element (JSON, say). */
  perElementBytes?: number;
}

/** What {@link listPopWithin} removed. */
export interface ListPopWithinResult {
  /** The popped elements, in pop order (raw bytes). */
  values: Buffer[];
  /** The length of the next element when it did not fit and was left in the list; absent otherwise. */
  nextBytes?: number;
}

// Looks at each element before popping it (LINDEX from the chosen end), so an element that does
// not fit is never removed; then one LTRIM removes exactly what is returned. Atomic: no other
// client sees a half-popped list, and nothing is popped and pushed back.
const popWithinScript = defineScript({
  name: "list_pop_within",
  keys: 1,
  lua: `
local key = KEYS[1]
local left = ARGV[1] == 'left'
local count = tonumber(ARGV[2])
local maxBytes = tonumber(ARGV[3])
local perElement = tonumber(ARGV[4])
local values = {}
local total = 0
local nextBytes = false
for i = 1, count do
  local value = redis.call('LINDEX', key, left and (i - 1) or -i)
  if not value then break end
  local size = string.len(value) + perElement
  if total + size > maxBytes then
    nextBytes = string.len(value)
    break
  end
  total = total + size
  values[#values + 1] = value
end
local n = #values
if n > 0 then
  if left then redis.call('LTRIM', key, n, -1) else redis.call('LTRIM', key, 0, -n - 1) end
end
return {values, nextBytes}
`,
});

/**
 * Pops up to `count` elements from one end of a list, stopping before the one that would take
 * the total past `maxBytes`: what a caller with a size budget (an MCP result, a message) can
 * take without losing anything. One round trip, atomic; an element too large even alone stays
 * in the list, with its size in `nextBytes`. A missing key gives `{ values: [] }`.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for bad options; WrongTypeError
 *   (`E_WRONG_TYPE`) when the key is not a list; RedisMcpError when Redis fails.
 * @example const { values, nextBytes } = await listPopWithin(redis, "outbox", { count: 100, maxBytes: 65_536 });
 */
export async function listPopWithin(client: RedisClient, key: string, options: ListPopWithinOptions): Promise<ListPopWithinResult> {
  const operation = "listPopWithin";
  assertKey(operation, key);
  const { side = "left", count = 1, maxBytes, perElementBytes = 0 } = (options ?? {}) as Partial<ListPopWithinOptions>;
  if (side !== "left" && side !== "right") throw invalidArgument(operation, 'side must be "left" or "right"', side);
  assertPositiveInteger(operation, "count", count);
  assertPositiveInteger(operation, "maxBytes", maxBytes);
  if (!Number.isSafeInteger(perElementBytes) || perElementBytes < 0)
    throw invalidArgument(operation, "perElementBytes must be an integer >= 0", perElementBytes);
  const [values, nextBytes] = (await popWithinScript.runBuffer(client, [key], [side, count, maxBytes, perElementBytes], `${operation} ${key}`)) as [
    Buffer[],
    number | null,
  ];
  return typeof nextBytes === "number" ? { values, nextBytes } : { values };
}
