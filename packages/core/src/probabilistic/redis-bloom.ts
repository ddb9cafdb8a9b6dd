import type { RedisClient } from "../client/redis-client.js";
import { chunk } from "../cluster/chunk.js";
import { withRedisErrors } from "../errors/map-redis-error.js";
import type { BloomBackend } from "./bloom-backend.js";
import type { BloomKeys } from "./bloom-keys.js";
import type { BloomSizing } from "./bloom-parameters.js";
import type { BloomItem } from "./bloom-positions.js";
import { MAX_ARGUMENTS_PER_COMMAND, runInOnePipeline } from "./one-pipeline.js";
import { addCommand, checkCommand, infoCommand, parseFlagsReply, parseInfoReply, type RedisBloomCommand } from "./redis-bloom-commands.js";

/** A Bloom filter kept by the RedisBloom module: BF.MADD / BF.MEXISTS / BF.INFO, one round trip each. */
export function redisBloom(client: RedisClient, keys: BloomKeys, sizing: BloomSizing): BloomBackend {
  async function run(build: (filterKey: string, items: readonly BloomItem[]) => RedisBloomCommand, items: readonly BloomItem[]): Promise<boolean[]> {
    const commands = chunk(items, MAX_ARGUMENTS_PER_COMMAND).map((part) => build(keys.filter, part));
    const replies = await runInOnePipeline(client, `${commands[0]?.[0]} ${keys.filter}`, (pipeline) => {
      for (const [name, ...args] of commands) pipeline.call(name, ...args);
    });
    return replies.flatMap(parseFlagsReply);
  }
  return {
    implementation: "redisbloom",
    add: (items) => run(addCommand, items),
    check: (items) => run(checkCommand, items),
    async info() {
      const [name, ...args] = infoCommand(keys.filter);
      const info = parseInfoReply(await withRedisErrors(`${name} ${keys.filter}`, () => client.call(name, ...args)));
      return {
        implementation: "redisbloom",
        capacity: sizing.capacity,
        errorRate: sizing.errorRate,
        itemsAdded: info.itemsInserted,
        sizeBytes: info.sizeBytes,
        bits: undefined,
        hashes: undefined,
      };
    },
  };
}
