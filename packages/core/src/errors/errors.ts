import { RedisMcpError, type RedisMcpErrorOptions } from "./redis-mcp-error.js";

/** Configuration failed validation. The message names the field, the bad value (masked if secret) and the fix. */
export class ConfigError extends RedisMcpError<"E_CONFIG_INVALID"> {
  static readonly code = "E_CONFIG_INVALID" as const;
  override name = "ConfigError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(ConfigError.code, message, options);
  }
}

/** Redis could not be reached (refused, closed, offline queue full or disabled). Retry later. */
export class RedisUnavailableError extends RedisMcpError<"E_REDIS_UNAVAILABLE"> {
  static readonly code = "E_REDIS_UNAVAILABLE" as const;
  override name = "RedisUnavailableError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(RedisUnavailableError.code, message, options);
  }
}

/** A command did not complete within the configured command timeout. */
export class RedisTimeoutError extends RedisMcpError<"E_TIMEOUT"> {
  static readonly code = "E_TIMEOUT" as const;
  override name = "RedisTimeoutError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(RedisTimeoutError.code, message, options);
  }
}

/** A multi-key command spanned hash slots on a cluster. Use a hash tag (`{user:1}:a`, `{user:1}:b`). */
export class CrossSlotError extends RedisMcpError<"E_CROSSSLOT"> {
  static readonly code = "E_CROSSSLOT" as const;
  override name = "CrossSlotError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(CrossSlotError.code, message, options);
  }
}

/** An argument was rejected before anything was sent to Redis; nothing changed. */
export class InvalidArgumentError extends RedisMcpError<"E_INVALID_ARGUMENT"> {
  static readonly code = "E_INVALID_ARGUMENT" as const;
  override name = "InvalidArgumentError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(InvalidArgumentError.code, message, options);
  }
}

/** The key holds another type than the operation needs (Redis WRONGTYPE). */
export class WrongTypeError extends RedisMcpError<"E_WRONG_TYPE"> {
  static readonly code = "E_WRONG_TYPE" as const;
  override name = "WrongTypeError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(WrongTypeError.code, message, options);
  }
}

/** The Redis server lacks a command, module or version this operation needs. */
export class UnsupportedError extends RedisMcpError<"E_UNSUPPORTED"> {
  static readonly code = "E_UNSUPPORTED" as const;
  override name = "UnsupportedError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(UnsupportedError.code, message, options);
  }
}

/** Redis refused the credentials (NOAUTH, WRONGPASS). Check the username and password. */
export class RedisAuthError extends RedisMcpError<"E_AUTH"> {
  static readonly code = "E_AUTH" as const;
  override name = "RedisAuthError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(RedisAuthError.code, message, options);
  }
}

/** The ACL user may not run this command or touch this key (NOPERM). */
export class PermissionDeniedError extends RedisMcpError<"E_NO_PERMISSION"> {
  static readonly code = "E_NO_PERMISSION" as const;
  override name = "PermissionDeniedError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(PermissionDeniedError.code, message, options);
  }
}

/** Redis answered with an error reply not covered by a more specific class; `cause` is the reply. */
export class RedisCommandError extends RedisMcpError<"E_REDIS_COMMAND"> {
  static readonly code = "E_REDIS_COMMAND" as const;
  override name = "RedisCommandError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(RedisCommandError.code, message, options);
  }
}

/** The caller cancelled (AbortSignal) a long operation; work already done stays done. */
export class OperationCancelledError extends RedisMcpError<"E_CANCELLED"> {
  static readonly code = "E_CANCELLED" as const;
  override name = "OperationCancelledError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(OperationCancelledError.code, message, options);
  }
}

/**
 * Throws {@link OperationCancelledError} when `signal` has been aborted; long loops (SCAN walks,
 * batched deletes, sampling) call it between round trips so a cancellation stops them promptly.
 */
export function throwIfCancelled(signal: AbortSignal | undefined, operation: string): void {
  if (signal?.aborted) throw new OperationCancelledError(`${operation}: cancelled; work done before the cancellation stays done.`);
}

/** The key an operation needs does not exist. */
export class KeyNotFoundError extends RedisMcpError<"E_NOT_FOUND"> {
  static readonly code = "E_NOT_FOUND" as const;
  override name = "KeyNotFoundError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(KeyNotFoundError.code, message, options);
  }
}

/** Redis is busy running a script or function (BUSY) and answers nothing else until it ends. */
export class RedisBusyError extends RedisMcpError<"E_BUSY"> {
  static readonly code = "E_BUSY" as const;
  override name = "RedisBusyError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(RedisBusyError.code, message, options);
  }
}

/** Redis refused a write because it reached `maxmemory` (OOM) and cannot evict enough. */
export class RedisOutOfMemoryError extends RedisMcpError<"E_OUT_OF_MEMORY"> {
  static readonly code = "E_OUT_OF_MEMORY" as const;
  override name = "RedisOutOfMemoryError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(RedisOutOfMemoryError.code, message, options);
  }
}

/** The stream or its consumer group does not exist (NOGROUP). Create the group (XGROUP CREATE ... MKSTREAM). */
export class ConsumerGroupNotFoundError extends RedisMcpError<"E_GROUP_NOT_FOUND"> {
  static readonly code = "E_GROUP_NOT_FOUND" as const;
  override name = "ConsumerGroupNotFoundError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(ConsumerGroupNotFoundError.code, message, options);
  }
}

/** A consumer group of that name already exists on the stream (BUSYGROUP). */
export class ConsumerGroupExistsError extends RedisMcpError<"E_GROUP_EXISTS"> {
  static readonly code = "E_GROUP_EXISTS" as const;
  override name = "ConsumerGroupExistsError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(ConsumerGroupExistsError.code, message, options);
  }
}
