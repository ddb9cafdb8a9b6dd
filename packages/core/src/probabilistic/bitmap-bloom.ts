import type { RedisClient } from "../client/redis-client.js";
import { type BloomBackend, mismatchError, type StoredBloomParameters } from "./bloom-backend.js";
import { type DigestReply, runDigestScript } from "./bloom-digest-calls.js";
import type { BloomKeys } from "./bloom-keys.js";
import type { BloomParameters } from "./bloom-parameters.js";
import type { BloomItem } from "./bloom-positions.js";
import { addDigestsScript, checkDigestsScript, infoBitmapScript } from "./bloom-scripts.js";

/**
 * A Bloom filter in one Redis string: items are hashed here, and one Lua call sets or reads the
 * bits of all of them (very long lists: several calls in one pipeline), so an add or a check is
 * one round trip whatever the item count. The filter object holds its parameters: a filter
 * recreated under the key with others is refused, not written into.
 */
export function bitmapBloom(client: RedisClient, name: string, keys: BloomKeys, parameters: BloomParameters): BloomBackend {
  const scriptKeys = [keys.parameters, keys.bits];
  const flags = ({ refusal, flags }: DigestReply, items: readonly BloomItem[]): boolean[] => {
    // A filter that does not exist (yet, or any more) has seen nothing.
    if (refusal?.[0] === "missing") return items.map(() => false);
    if (refusal) throw mismatchError(name, refusal.slice(1, 4) as StoredBloomParameters, { ...parameters, implementation: "bitmap" });
    return flags;
  };
  return {
    implementation: "bitmap",
    add: async (items) => flags(await runDigestScript(client, keys, addDigestsScript, "strict", parameters, items), items),
    check: async (items) => flags(await runDigestScript(client, keys, checkDigestsScript, "strict", parameters, items), items),
    async info() {
      const [itemsAdded = 0, sizeBytes = 0] = (await infoBitmapScript.run(client, scriptKeys)) as number[];
      return {
        implementation: "bitmap",
        capacity: parameters.capacity,
        errorRate: parameters.errorRate,
        itemsAdded,
        sizeBytes,
        bits: parameters.bits,
        hashes: parameters.hashes,
      };
    },
  };
}
