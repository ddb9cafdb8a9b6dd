import type { RedisClient } from "../client/redis-client.js";
import { assertSameSlot } from "../cluster/slots.js";
import { sendCommand, sendTransaction } from "../data/command.js";
import { toBoolean, toNumber } from "../data/replies.js";
import { assertKey, assertKeys, assertValue, invalidArgument, type RedisValue } from "../data/validate.js";

/**
 * Adds elements to a HyperLogLog (PFADD, creating it; an empty list just creates it) and resolves
 * whether its estimate changed.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a null/object element; nothing is
 *   written. WrongTypeError (`E_WRONG_TYPE`) when the key is not a HyperLogLog.
 * @example await hyperLogLogAdd(redis, "visitors:2024-06-01", [userId]);
 */
export async function hyperLogLogAdd(client: RedisClient, key: string, elements: readonly RedisValue[]): Promise<boolean> {
  assertKey("hyperLogLogAdd", key);
  if (!Array.isArray(elements)) throw invalidArgument("hyperLogLogAdd", "elements must be an array", elements);
  for (const element of elements) assertValue("hyperLogLogAdd", element, "every element");
  return toBoolean(await sendCommand(client, "hyperLogLogAdd", key, "pfadd", [key, ...elements]));
}

/**
 * Estimated number of distinct elements (PFCOUNT, ~0.81% standard error); with several keys, of
 * their union. On a cluster several keys need a common hash tag.
 * @throws CrossSlotError (`E_CROSSSLOT`) for keys in different slots, before anything is sent;
 *   InvalidArgumentError (`E_INVALID_ARGUMENT`); WrongTypeError (`E_WRONG_TYPE`).
 * @example const unique = await hyperLogLogCount(redis, ["{visitors}:mon", "{visitors}:tue"]);
 */
export async function hyperLogLogCount(client: RedisClient, keys: string | readonly string[]): Promise<number> {
  const list = typeof keys === "string" ? [keys] : keys;
  assertKeys("hyperLogLogCount", list);
  assertSameSlot(client, list, "hyperLogLogCount");
  return toNumber(await sendCommand(client, "hyperLogLogCount", list[0] as string, "pfcount", [...list]));
}

/**
 * Merges HyperLogLogs into `destination` (PFMERGE; its own elements are kept) and returns the
 * merged estimate, in one round trip (MULTI with PFMERGE and PFCOUNT). On a cluster all keys need
 * a common hash tag.
 * @throws CrossSlotError (`E_CROSSSLOT`) for keys in different slots, before anything is sent;
 *   InvalidArgumentError (`E_INVALID_ARGUMENT`); WrongTypeError (`E_WRONG_TYPE`).
 */
export async function hyperLogLogMerge(client: RedisClient, destination: string, sources: readonly string[]): Promise<number> {
  assertKey("hyperLogLogMerge", destination, "destination");
  assertKeys("hyperLogLogMerge", sources, "sources");
  assertSameSlot(client, [destination, ...sources], "hyperLogLogMerge");
  const [, count] = await sendTransaction(client, "hyperLogLogMerge", destination, (transaction) =>
    transaction.pfmerge(destination, ...sources).pfcount(destination),
  );
  return Number(count);
}
