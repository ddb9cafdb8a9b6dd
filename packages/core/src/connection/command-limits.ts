import { isCluster, type RedisClient } from "../client/redis-client.js";
import type { RedisConfig } from "../config/redis-config.js";
import { RedisUnavailableError } from "../errors/errors.js";

interface QueuedCommand {
  reject(error: Error): void;
  setTimeout(milliseconds: number): void;
  promise: Promise<unknown>;
}

type SendCommand = (command: QueuedCommand, ...rest: unknown[]) => unknown;

/** Statuses in which ioredis puts commands in its offline queue. */
const QUEUEING = new Set(["wait", "connecting", "reconnecting", "close"]);

/**
 * Bounds what waits while Redis is down. ioredis has no limit on its offline queue, and a
 * Cluster never times out commands queued before a node is chosen. Both would let a long
 * outage grow memory and hang callers. This wraps the instance's `sendCommand` (ioredis offers
 * no hook): past `offlineQueue.maxLength` queued commands fail at once with E_REDIS_UNAVAILABLE,
 * and on a Cluster every command gets the configured command timeout from the start.
 */
export function limitCommands(client: RedisClient, config: RedisConfig): void {
  const target = client as unknown as { sendCommand: SendCommand; offlineQueue?: { length: number }; status: string };
  const original = target.sendCommand;
  const cluster = isCluster(client);
  const { maxLength } = config.offlineQueue;
  target.sendCommand = function limitedSendCommand(command, ...rest) {
    if (QUEUEING.has(target.status) && (target.offlineQueue?.length ?? 0) >= maxLength) {
      command.reject(
        new RedisUnavailableError(
          `Redis is unavailable and the offline queue is full (${maxLength} commands waiting). Retry once the connection is back, or raise offlineQueue.maxLength.`,
        ),
      );
      return command.promise;
    }
    if (cluster) command.setTimeout(config.commandTimeoutMs);
    return original.call(this, command, ...rest);
  };
}
