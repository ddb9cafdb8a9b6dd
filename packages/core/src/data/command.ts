import { execBatch } from "../client/exec-batch.js";
import type { RedisClient } from "../client/redis-client.js";
import { toRedisMcpError } from "../errors/map-redis-error.js";
import type { RedisValue } from "./validate.js";

/**
 * Sends one command and converts any failure into a coded RedisMcpError naming the helper and
 * key. Command names are lower case because ioredis matches its reply transforms and blocking
 * support by exact name; `buffers` keeps bulk replies as Buffers (binary-safe).
 */
export async function sendCommand(client: RedisClient, operation: string, key: string, command: string, args: RedisValue[], buffers = false): Promise<unknown> {
  try {
    return await (buffers ? client.callBuffer(command, args) : client.call(command, args));
  } catch (error) {
    throw toRedisMcpError(error, `${operation} ${key}`);
  }
}

/**
 * Runs a MULTI/EXEC transaction (one round trip, one consistent view) and returns each
 * command's reply, throwing the first per-command error as a coded RedisMcpError.
 */
export async function sendTransaction(
  client: RedisClient,
  operation: string,
  key: string,
  queue: (transaction: ReturnType<RedisClient["multi"]>) => unknown,
): Promise<unknown[]> {
  const transaction = client.multi();
  queue(transaction);
  return execBatch(transaction, `${operation} ${key}`);
}
