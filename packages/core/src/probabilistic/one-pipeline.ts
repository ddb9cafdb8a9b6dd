import type { ChainableCommander } from "ioredis";
import { execBatch } from "../client/exec-batch.js";
import type { RedisClient } from "../client/redis-client.js";

/**
 * Most arguments per command. Bigger lists are split into several commands sent in one pipeline:
 * still one round trip, but no call overflows the JavaScript stack (ioredis spreads arguments) and
 * Redis can serve other clients between the parts.
 */
export const MAX_ARGUMENTS_PER_COMMAND = 16_384;

/**
 * Sends the commands `queue` adds to one pipeline (all keys of one hash tag, so one node) and
 * returns their replies in order.
 * @throws RedisMcpError for the first failed command, or when Redis fails.
 */
export async function runInOnePipeline(client: RedisClient, operation: string, queue: (pipeline: ChainableCommander) => void): Promise<unknown[]> {
  const pipeline = client.pipeline();
  queue(pipeline);
  return execBatch(pipeline, operation);
}
