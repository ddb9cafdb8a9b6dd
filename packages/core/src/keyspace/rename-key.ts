import type { RedisClient } from "../client/redis-client.js";
import { assertSameSlot } from "../cluster/slots.js";
import { InvalidArgumentError, KeyNotFoundError } from "../errors/errors.js";
import { toRedisMcpError } from "../errors/map-redis-error.js";

/**
 * Renames a key in one command: RENAMENX by default (false when `newKey` exists, nothing changed),
 * RENAME with `overwrite: true`. On a cluster both names need a common hash tag.
 * @throws CrossSlotError (`E_CROSSSLOT`) before anything is sent; KeyNotFoundError (`E_NOT_FOUND`)
 *   when `key` does not exist; InvalidArgumentError (`E_INVALID_ARGUMENT`) for empty names.
 * @example await renameKey(redis, "{cart:7}:draft", "{cart:7}:final"); // true
 */
export async function renameKey(client: RedisClient, key: string, newKey: string, options: { overwrite?: boolean } = {}): Promise<boolean> {
  if (typeof key !== "string" || key === "" || typeof newKey !== "string" || newKey === "") {
    throw new InvalidArgumentError("renameKey: key and newKey must be non-empty strings.");
  }
  assertSameSlot(client, [key, newKey], "renameKey");
  try {
    return options.overwrite ? (await client.rename(key, newKey)) === "OK" : (await client.renamenx(key, newKey)) === 1;
  } catch (error) {
    const mapped = toRedisMcpError(error, `renameKey ${key}`);
    if (mapped.code === KeyNotFoundError.code) throw new KeyNotFoundError(`renameKey: key ${JSON.stringify(key)} does not exist.`, { cause: error });
    throw mapped;
  }
}
