import type { RedisClient } from "../client/redis-client.js";
import { chunk } from "../cluster/chunk.js";
import { callModuleCommand, callModuleCommands } from "../commands/module-command.js";
import type { BloomBackend } from "./bloom-backend.js";
import type { BloomKeys } from "./bloom-keys.js";
import type { BloomSizing } from "./bloom-parameters.js";
import type { BloomItem } from "./bloom-positions.js";
import { addCommand, checkCommand, infoCommand, parseFlagsReply, parseInfoReply, type RedisBloomCommand } from "./redis-bloom-commands.js";

/**
 * Items per BF.MADD / BF.MEXISTS. Longer lists become several commands in one pipeline (one round
 * trip); under a keyPrefix each goes through core's key-prefixing script, which takes at most
 * MAX_MODULE_COMMAND_ARGUMENTS arguments.
 */
export const ITEMS_PER_MODULE_COMMAND = 4_096;

/**
 * A Bloom filter kept by the RedisBloom module: BF.MADD / BF.MEXISTS / BF.INFO, one round trip
 * each, sent through callModuleCommands so the client's keyPrefix applies to the filter's key
 * (ioredis does not prefix module commands itself).
 */
export function redisBloom(client: RedisClient, keys: BloomKeys, sizing: BloomSizing): BloomBackend {
  async function run(build: (filterKey: string, items: readonly BloomItem[]) => RedisBloomCommand, items: readonly BloomItem[]): Promise<boolean[]> {
    const commands = chunk(items, ITEMS_PER_MODULE_COMMAND).map((part) => build(keys.filter, part));
    const replies = await callModuleCommands(client, commands, { operation: `${commands[0]?.[0]} ${keys.filter}` });
    return replies.flatMap(parseFlagsReply);
  }
  return {
    implementation: "redisbloom",
    add: (items) => run(addCommand, items),
    check: (items) => run(checkCommand, items),
    async info() {
      const command = infoCommand(keys.filter);
      const info = parseInfoReply(await callModuleCommand(client, command, { operation: `${command[0]} ${keys.filter}` }));
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
