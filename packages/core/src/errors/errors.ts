import { RedisMcpError, type RedisMcpErrorOptions } from "./redis-mcp-error.js";

/** Configuration failed validation. The message names the field, the bad value (masked if secret) and the fix. */
export class ConfigError extends RedisMcpError {
  static readonly code = "E_CONFIG_INVALID";
  override name = "ConfigError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(ConfigError.code, message, options);
  }
}

/** Redis could not be reached (refused, closed, offline queue full or disabled). Retry later. */
export class RedisUnavailableError extends RedisMcpError {
  static readonly code = "E_REDIS_UNAVAILABLE";
  override name = "RedisUnavailableError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(RedisUnavailableError.code, message, options);
  }
}

/** A command did not complete within the configured command timeout. */
export class RedisTimeoutError extends RedisMcpError {
  static readonly code = "E_TIMEOUT";
  override name = "RedisTimeoutError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(RedisTimeoutError.code, message, options);
  }
}

/** A multi-key command spanned hash slots on a cluster. Use a hash tag (`{user:1}:a`, `{user:1}:b`). */
export class CrossSlotError extends RedisMcpError {
  static readonly code = "E_CROSSSLOT";
  override name = "CrossSlotError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(CrossSlotError.code, message, options);
  }
}

/** An argument was rejected before anything was sent to Redis; nothing changed. */
export class InvalidArgumentError extends RedisMcpError {
  static readonly code = "E_INVALID_ARGUMENT";
  override name = "InvalidArgumentError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(InvalidArgumentError.code, message, options);
  }
}

/** The key holds another type than the operation needs (Redis WRONGTYPE). */
export class WrongTypeError extends RedisMcpError {
  static readonly code = "E_WRONG_TYPE";
  override name = "WrongTypeError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(WrongTypeError.code, message, options);
  }
}

/** The Redis server lacks a command, module or version this operation needs. */
export class UnsupportedError extends RedisMcpError {
  static readonly code = "E_UNSUPPORTED";
  override name = "UnsupportedError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(UnsupportedError.code, message, options);
  }
}

/** Redis refused the credentials (NOAUTH, WRONGPASS). Check the username and password. */
export class RedisAuthError extends RedisMcpError {
  static readonly code = "E_AUTH";
  override name = "RedisAuthError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(RedisAuthError.code, message, options);
  }
}

/** The ACL user may not run this command or touch this key (NOPERM). */
export class PermissionDeniedError extends RedisMcpError {
  static readonly code = "E_NO_PERMISSION";
  override name = "PermissionDeniedError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(PermissionDeniedError.code, message, options);
  }
}

/** Redis answered with an error reply not covered by a more specific class; `cause` is the reply. */
export class RedisCommandError extends RedisMcpError {
  static readonly code = "E_REDIS_COMMAND";
  override name = "RedisCommandError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(RedisCommandError.code, message, options);
  }
}

/** The caller cancelled (AbortSignal) a long operation; work already done stays done. */
export class OperationCancelledError extends RedisMcpError {
  static readonly code = "E_CANCELLED";
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
export class KeyNotFoundError extends RedisMcpError {
  static readonly code = "E_NOT_FOUND";
  override name = "KeyNotFoundError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(KeyNotFoundError.code, message, options);
  }
}
