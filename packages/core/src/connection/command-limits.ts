import { isCluster, type RedisClient } from "../client/redis-client.js";
import { describeTarget, type RedisConfig } from "../config/redis-config.js";
import { RedisUnavailableError } from "../errors/errors.js";

interface QueuedCommand {
  reject(error: Error): void;
  setTimeout(milliseconds: number): void;
  promise: Promise<unknown>;
}

type SendCommand = (command: QueuedCommand, ...rest: unknown[]) => unknown;

/** ioredis's rejection of a command that waited through maxRetriesPerRequest reconnects. */
const RETRY_LIMIT = /Reached the max retries per request limit/i;

/** `host:port` (or the socket, cluster or Sentinel target) for messages; never credentials. */
function addressOf(config: RedisConfig): string {
  if (config.mode === "standalone" && !config.path) return `${config.host}:${config.port}`;
  return describeTarget(config);
}

/** Statuses in which ioredis puts commands in its offline queue. */
const QUEUEING = new Set(["wait", "connecting", "reconnecting", "close"]);

/**
 * Bounds what waits while Redis is down. ioredis has no limit on its offline queue, and a
 * Cluster never times out commands queued before a node is chosen. Both would let a long
 * outage grow memory and hang callers. This wraps the instance's `sendCommand` (ioredis offers
 * no hook): past `offlineQueue.maxLength` queued commands fail at once with E_REDIS_UNAVAILABLE,
 * and on a Cluster every command gets the configured command timeout from the start. A command
 * that waited through its reconnects fails with "Redis at host:port is unreachable; retrying"
 * (core's error mapping codes it E_REDIS_UNAVAILABLE) instead of ioredis's option text.
 */
export function limitCommands(client: RedisClient, config: RedisConfig): void {
  const target = client as unknown as { sendCommand: SendCommand; offlineQueue?: { length: number }; status: string };
  const original = target.sendCommand;
  const cluster = isCluster(client);
  const { maxLength } = config.offlineQueue;
  const unreachable = `Redis at ${addressOf(config)} is unreachable; retrying`;
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
    const reject = command.reject;
    command.reject = function rejectWithAddress(this: unknown, error: Error) {
      reject.call(this, RETRY_LIMIT.test(error?.message ?? "") ? Object.assign(new Error(unreachable), { cause: error }) : error);
    };
    return original.call(this, command, ...rest);
  };
}
