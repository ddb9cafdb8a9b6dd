import { RedisMcpError, type RedisMcpErrorOptions } from "@redis-mcp/core";

declare module "@redis-mcp/core" {
  /** The codes of this package's errors, registered with core's union of codes. */
  interface RedisMcpErrorCodes {
    E_SESSION_DECRYPT: true;
    E_SESSION_INVALID: true;
    E_SESSION_TOO_LARGE: true;
    E_SESSION_KEY: true;
  }
}

/**
 * Stored session data could not be decrypted: it was tampered with, copied from another session
 * or field, written by another application, or encrypted with a key that is no longer in the key
 * ring. Reads treat such a session as absent; the error reaches `onDecryptError`.
 */
export class SessionDecryptError extends RedisMcpError {
  static readonly code = "E_SESSION_DECRYPT";
  override name = "SessionDecryptError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(SessionDecryptError.code, message, options);
  }
}

/** Session data cannot be stored as it is (a function, a Map, a circular reference, ...); nothing was written. */
export class SessionInvalidError extends RedisMcpError {
  static readonly code = "E_SESSION_INVALID";
  override name = "SessionInvalidError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(SessionInvalidError.code, message, options);
  }
}

/** A write would make a session larger than `maxSessionBytes`; nothing was written. */
export class SessionTooLargeError extends RedisMcpError {
  static readonly code = "E_SESSION_TOO_LARGE";
  override name = "SessionTooLargeError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(SessionTooLargeError.code, message, options);
  }
}

/** The secret or key ring is missing, too short or inconsistent; the store was not created. */
export class SessionKeyError extends RedisMcpError {
  static readonly code = "E_SESSION_KEY";
  override name = "SessionKeyError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(SessionKeyError.code, message, options);
  }
}
