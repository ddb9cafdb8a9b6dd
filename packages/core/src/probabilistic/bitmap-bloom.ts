import type { RedisClient } from "../client/redis-client.js";
import { chunk } from "../cluster/slot-plan.js";
import type { RedisScript } from "../scripts/redis-script.js";
import { type BloomBackend, mismatchError, storedMismatch } from "./bloom-backend.js";
import type { BloomKeys } from "./bloom-keys.js";
import type { BloomParameters } from "./bloom-parameters.js";
import { type BloomItem, bloomPositions } from "./bloom-positions.js";
import { addBitmapScript, checkBitmapScript, infoBitmapScript } from "./bloom-scripts.js";
import { MAX_ARGUMENTS_PER_COMMAND, runInOnePipeline } from "./one-pipeline.js";

/**
 * A Bloom filter in one Redis string: positions are hashed here, and one Lua call sets or reads
 * all of them for all items (very long lists: several calls in one pipeline), so an add or a check
 * is one round trip whatever the item count.
 */
export function bitmapBloom(client: RedisClient, name: string, keys: BloomKeys, parameters: BloomParameters): BloomBackend {
  const scriptKeys = [keys.parameters, keys.bits];
  const header = [String(parameters.capacity), String(parameters.errorRate), parameters.bits, parameters.hashes];
  const itemsPerCall = Math.max(1, Math.floor(MAX_ARGUMENTS_PER_COMMAND / parameters.hashes));
  const argumentsFor = (items: readonly BloomItem[]) => [...header, ...items.flatMap((item) => bloomPositions(item, parameters.bits, parameters.hashes))];
  const flags = (reply: unknown): boolean[] => {
    const stored = storedMismatch(reply);
    if (stored) throw mismatchError(name, stored, { ...parameters, implementation: "bitmap" });
    return (reply as number[]).map((flag) => flag === 1);
  };
  async function run(script: RedisScript, items: readonly BloomItem[]): Promise<boolean[]> {
    if (items.length <= itemsPerCall) return flags(await script.run(client, scriptKeys, argumentsFor(items)));
    script.prepare(client);
    const replies = await runInOnePipeline(client, `script ${script.definition.name}`, (pipeline) => {
      for (const part of chunk(items, itemsPerCall)) script.queue(client, pipeline, scriptKeys, argumentsFor(part));
    });
    return replies.flatMap(flags);
  }
  return {
    implementation: "bitmap",
    add: (items) => run(addBitmapScript, items),
    check: (items) => run(checkBitmapScript, items),
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
