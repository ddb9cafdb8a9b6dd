import type { RedisClient } from "../client/redis-client.js";
import { assertSameSlot } from "../cluster/slots.js";
import { defineScript, type RedisScript } from "../scripts/redis-script.js";
import type { SetOperation } from "./sets.js";
import { assertKeys, assertOneOf, assertPositiveInteger } from "./validate.js";

/** Options for {@link setCombineWithin}. */
export interface SetCombineWithinOptions {
  operation: SetOperation;
  /** Read the result only when it can hold at most this many members. */
  maxMembers: number;
}

/** What {@link setCombineWithin} found. */
export interface SetCombineWithinResult {
  /**
   * The most members the result can hold, from the input sizes: their sum for a union, the
   * smallest for an intersection, the first set's for a difference.
   */
  bound: number;
  /** The result's members (raw bytes) when `bound` is within `maxMembers`; absent (nothing read) otherwise. */
  members?: Buffer[];
}

const OPERATIONS = ["union", "intersection", "difference"] as const;

// SCARD of the inputs bounds the result, and the combination runs only within the caller's limit,
// so a huge union is never sent. One round trip, and atomic: the bound holds for what is read.
const COMBINE_WITHIN = `
local operation = ARGV[1]
local bound = nil
for i, key in ipairs(KEYS) do
  local size = redis.call('SCARD', key)
  if operation == 'union' then bound = (bound or 0) + size
  elseif operation == 'intersection' then bound = math.min(bound or size, size)
  elseif i == 1 then bound = size end
end
if bound > tonumber(ARGV[2]) then return {bound} end
local command = operation == 'union' and 'SUNION' or operation == 'intersection' and 'SINTER' or 'SDIFF'
return {bound, redis.call(command, unpack(KEYS))}
`;

// A RedisScript declares a fixed number of keys (so a cluster routes it and Redis knows its keys):
// one definition per key count, all with the same body, so Redis caches the script once.
const scriptsByKeyCount = new Map<number, RedisScript>();

function combineWithinScript(keys: number): RedisScript {
  let script = scriptsByKeyCount.get(keys);
  if (!script) {
    script = defineScript({ name: `set_combine_within_${keys}`, keys, lua: COMBINE_WITHIN });
    scriptsByKeyCount.set(keys, script);
  }
  return script;
}

/**
 * Union, intersection or difference of sets, read only when it is small enough: the input sizes
 * (SCARD) bound the result, and when that bound is over `maxMembers` nothing more is read, so a
 * caller with a size limit never pulls a huge result. One round trip (a script), atomic. On a
 * cluster all keys need a common hash tag.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for no keys, an unknown operation or a bad
 *   `maxMembers`; CrossSlotError (`E_CROSSSLOT`) before anything is sent; WrongTypeError
 *   (`E_WRONG_TYPE`) when a key is not a set; RedisMcpError when Redis fails.
 * @example
 * const { bound, members } = await setCombineWithin(redis, ["{tags}:a", "{tags}:b"], { operation: "union", maxMembers: 10_000 });
 * if (!members) console.log(`up to ${bound} members: store it instead (setCombine with storeIn)`);
 */
export async function setCombineWithin(client: RedisClient, keys: readonly string[], options: SetCombineWithinOptions): Promise<SetCombineWithinResult> {
  const operation = "setCombineWithin";
  assertKeys(operation, keys);
  const { operation: combination, maxMembers } = (options ?? {}) as Partial<SetCombineWithinOptions>;
  assertOneOf(operation, "operation", combination, OPERATIONS);
  assertPositiveInteger(operation, "maxMembers", maxMembers);
  assertSameSlot(client, keys, operation);
  const [bound, members] = (await combineWithinScript(keys.length).runBuffer(client, keys, [combination, maxMembers], `${operation} ${keys[0]}`)) as [
    number,
    Buffer[] | undefined,
  ];
  return members === undefined ? { bound } : { bound, members };
}
