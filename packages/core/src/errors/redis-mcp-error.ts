/** Brand shared by every copy of this package, so `isInstance` works across duplicated installs. */
const BRAND = Symbol.for("@redis-mcp/error");

/** The codes core's own errors carry (see the README's Errors table). */
export type CoreErrorCode =
  | "E_CONFIG_INVALID"
  | "E_REDIS_UNAVAILABLE"
  | "E_TIMEOUT"
  | "E_BUSY"
  | "E_CROSSSLOT"
  | "E_INVALID_ARGUMENT"
  | "E_WRONG_TYPE"
  | "E_UNSUPPORTED"
  | "E_AUTH"
  | "E_NO_PERMISSION"
  | "E_OUT_OF_MEMORY"
  | "E_NOT_FOUND"
  | "E_GROUP_NOT_FOUND"
  | "E_GROUP_EXISTS"
  | "E_REDIS_COMMAND"
  | "E_CANCELLED"
  | "E_CACHE_CLOSED"
  | "E_CACHE_LOADER"
  | "E_CACHE_DECODE";

/**
 * Every code a redis-mcp error can carry, as the keys of this interface. Core lists its own; another
 * package adds its codes by augmenting it, so that a misspelt code fails to compile wherever codes
 * are written or compared:
 * @example
 * declare module "@redis-mcp/core" {
 *   interface RedisMcpErrorCodes { E_SESSION_DECRYPT: true; E_SESSION_INVALID: true }
 * }
 */
export interface RedisMcpErrorCodes extends Record<CoreErrorCode, true> {}

/** A code of any redis-mcp error: core's {@link CoreErrorCode}s and those other packages register. */
export type RedisMcpErrorCode = keyof RedisMcpErrorCodes & string;

/** Options accepted by every redis-mcp error. */
export interface RedisMcpErrorOptions {
  /** The underlying error (an ioredis ReplyError, a zod issue list, ...). */
  cause?: unknown;
}

/**
 * Base class of every error thrown by `@redis-mcp/*` packages. `code` is stable and meant for
 * programs (`E_REDIS_UNAVAILABLE`); `message` is for people and says what to do. A subclass passes
 * its code; `Code` narrows what it may pass (`class SessionError extends RedisMcpError<"E_SESSION_DECRYPT">`).
 * @example
 * try { await store.get(id) } catch (error) {
 *   if (RedisMcpError.isInstance(error) && error.code === "E_REDIS_UNAVAILABLE") retryLater();
 * }
 */
export class RedisMcpError<Code extends string = RedisMcpErrorCode> extends Error {
  readonly [BRAND] = true;
  /** Stable machine-readable code, e.g. `E_CONFIG_INVALID`. */
  readonly code: Code;
  override name = "RedisMcpError";

  // NoInfer: the code is checked against `Code` (by default every registered code), never widened to fit.
  constructor(code: NoInfer<Code>, message: string, options: RedisMcpErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }

  /**
   * True for any redis-mcp error, also one created by another copy of the package (where
   * `instanceof` fails). Its `code` is then one of the registered {@link RedisMcpErrorCode}s.
   */
  static isInstance(value: unknown): value is RedisMcpError {
    return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }
}
