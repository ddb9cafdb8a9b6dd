import calculateSlot from "cluster-key-slot";
import { isCluster, keyPrefixOf, type RedisClient } from "../client/redis-client.js";
import { CrossSlotError } from "../errors/errors.js";

/** Number of hash slots in Redis Cluster. */
export const SLOT_COUNT = 16384;

/** The cluster hash slot of a key (honours `{hash tags}`), as Redis computes it. */
export function slotOf(key: string | Buffer): number {
  return calculateSlot(key);
}

/**
 * Throws {@link CrossSlotError} before anything is sent when `keys` (after the client's key
 * prefix) do not share one slot on a cluster. On a standalone client any keys are fine.
 * @throws CrossSlotError (`E_CROSSSLOT`) naming the hash-tag fix.
 */
export function assertSameSlot(client: RedisClient, keys: readonly string[], operation: string): void {
  if (!isCluster(client) || keys.length < 2) return;
  const prefix = keyPrefixOf(client);
  const first = slotOf(prefix + keys[0]);
  for (const key of keys) {
    if (slotOf(prefix + key) !== first) {
      throw new CrossSlotError(
        `${operation}: keys ${JSON.stringify(keys[0])} and ${JSON.stringify(key)} are in different cluster slots. Give keys used together a common hash tag, e.g. "{order:7}:items" and "{order:7}:total".`,
      );
    }
  }
}
