import {
  ConsumerGroupExistsError,
  ConsumerGroupNotFoundError,
  CrossSlotError,
  KeyNotFoundError,
  PermissionDeniedError,
  RedisAuthError,
  RedisBusyError,
  RedisCommandError,
  RedisOutOfMemoryError,
  RedisTimeoutError,
  RedisUnavailableError,
  UnsupportedError,
  WrongTypeError,
} from "./errors.js";
import { RedisMcpError } from "./redis-mcp-error.js";

const UNAVAILABLE = [
  /Connection is closed/i,
  /Stream isn't writeable/i,
  /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENOTFOUND|EPIPE|ETIMEDOUT/,
  /Reached the max retries per request limit/i,
  /None of startup nodes is available/i,
  /Failed to refresh slots cache/i,
  /All sentinels are unreachable/i,
  /CLUSTERDOWN/,
  /LOADING/,
  /MASTERDOWN/,
  /offline queue is full/i,
];

function describe(operation: string | undefined): string {
  return operation ? `${operation}: ` : "";
}

/**
 * Turns whatever ioredis threw into a {@link RedisMcpError} with a stable code and a message that
 * says what to do: the one place where Redis replies (their first word: CROSSSLOT, WRONGTYPE,
 * NOGROUP, BUSYGROUP, BUSY, OOM, NOPERM, ...) become codes, so no caller matches message text.
 * Errors that already are RedisMcpErrors pass through unchanged.
 * @param operation What was being done, e.g. `"GET user:1"`; prefixed to the message.
 */
export function toRedisMcpError(error: unknown, operation?: string): RedisMcpError {
  if (RedisMcpError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const prefix = describe(operation);
  if (/^Command timed out/i.test(message)) {
    return new RedisTimeoutError(`${prefix}Redis did not answer within the command timeout. Check the server's load and network, or raise commandTimeoutMs.`, {
      cause: error,
    });
  }
  if (/^Redis at .+ is unreachable; retrying$/.test(message) || /Reached the max retries per request limit/i.test(message)) {
    // ioredis's own text names an option; say where Redis is (connections made by createRedis
    // carry the address) and that the client keeps trying.
    const what = message.startsWith("Redis at ") ? message : "Redis is unreachable; retrying";
    return new RedisUnavailableError(`${prefix}${what}. The client reconnects on its own: retry shortly, and check that the server runs and is reachable.`, {
      cause: error,
    });
  }
  if (UNAVAILABLE.some((pattern) => pattern.test(message))) {
    return new RedisUnavailableError(
      `${prefix}Redis is unavailable (${message}). The client reconnects on its own; retry shortly, and check that the server runs and is reachable.`,
      {
        cause: error,
      },
    );
  }
  if (message.startsWith("CROSSSLOT")) {
    return new CrossSlotError(
      `${prefix}the keys hash to different cluster slots. Give keys used together a common hash tag, e.g. "{user:1}:profile" and "{user:1}:cart".`,
      {
        cause: error,
      },
    );
  }
  if (message.startsWith("WRONGTYPE")) {
    return new WrongTypeError(
      `${prefix}the key holds a different data type than this operation needs. Inspect it first (TYPE) and use the matching operation.`,
      { cause: error },
    );
  }
  if (/^(NOAUTH|WRONGPASS)/.test(message) || /invalid (username-password|password)/i.test(message)) {
    return new RedisAuthError(`${prefix}Redis rejected the credentials. Check the username and password (they are not shown here).`, { cause: error });
  }
  if (message.startsWith("NOPERM")) {
    return new PermissionDeniedError(`${prefix}the ACL user is not allowed to do this (${message}). Use a user with the needed permissions.`, { cause: error });
  }
  if (message.startsWith("NOGROUP")) {
    return new ConsumerGroupNotFoundError(
      `${prefix}the stream or its consumer group does not exist (${message}). Create the group first (XGROUP CREATE ... MKSTREAM, or streamGroupCreate).`,
      { cause: error },
    );
  }
  if (message.startsWith("BUSYGROUP")) {
    return new ConsumerGroupExistsError(`${prefix}a consumer group of that name already exists on the stream. Use it, or pick another name.`, { cause: error });
  }
  if (/^ERR no such key/i.test(message)) {
    return new KeyNotFoundError(`${prefix}the key does not exist.`, { cause: error });
  }
  if (/^BUSY\b/.test(message)) {
    return new RedisBusyError(
      `${prefix}Redis is busy running a script or function and answers nothing else until it ends. Retry later, or end it with SCRIPT KILL or FUNCTION KILL.`,
      { cause: error },
    );
  }
  if (message.startsWith("OOM")) {
    return new RedisOutOfMemoryError(
      `${prefix}Redis refused the write: it reached maxmemory and could not evict enough. Raise maxmemory, delete or expire data, or choose an eviction policy.`,
      { cause: error },
    );
  }
  if (/^ERR unknown command/i.test(message)) {
    return new UnsupportedError(`${prefix}this Redis server does not know the command (${message}). It may need a newer Redis version or a module.`, {
      cause: error,
    });
  }
  return new RedisCommandError(`${prefix}${message}`, { cause: error });
}

/** Runs `work`, converting any failure with {@link toRedisMcpError}. */
export async function withRedisErrors<T>(operation: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toRedisMcpError(error, operation);
  }
}
