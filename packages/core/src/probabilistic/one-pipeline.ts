import type { ChainableCommander } from "ioredis";
import type { RedisClient } from "../client/redis-client.js";
import { toRedisMcpError } from "../errors/map-redis-error.js";

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
  let replies: [Error | null, unknown][] | null;
  try {
    replies = await pipeline.exec();
  } catch (error) {
    throw toRedisMcpError(error, operation);
  }
  return (replies ?? []).map(([error, reply]) => {
    if (error) throw toRedisMcpError(error, operation);
    return reply;
  });
}
