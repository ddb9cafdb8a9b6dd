/** Brand shared by every copy of this package, so `isInstance` works across duplicated installs. */
const BRAND = Symbol.for("@redis-mcp/error");

/** Options accepted by every redis-mcp error. */
export interface RedisMcpErrorOptions {
  /** The underlying error (an ioredis ReplyError, a zod issue list, ...). */
  cause?: unknown;
}

/**
 * Base class of every error thrown by `@redis-mcp/*` packages. `code` is stable and meant for
 * programs (`E_REDIS_UNAVAILABLE`); `message` is for people and says what to do.
 * @example
 * try { await store.get(id) } catch (error) {
 *   if (RedisMcpError.isInstance(error) && error.code === "E_REDIS_UNAVAILABLE") retryLater();
 * }
 */
export class RedisMcpError extends Error {
  readonly [BRAND] = true;
  /** Stable machine-readable code, e.g. `E_CONFIG_INVALID`. */
  readonly code: string;
  override name = "RedisMcpError";

  constructor(code: string, message: string, options: RedisMcpErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }

  /**
   * True for any redis-mcp error, also one created by another copy of the package (where
   * `instanceof` fails).
   */
  static isInstance(value: unknown): value is RedisMcpError {
    return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }
}
