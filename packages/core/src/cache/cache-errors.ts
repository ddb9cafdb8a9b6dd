import { RedisMcpError, type RedisMcpErrorOptions } from "../errors/redis-mcp-error.js";

/** The cache was used after `close()`. Create a new cache. */
export class CacheClosedError extends RedisMcpError {
  static readonly code = "E_CACHE_CLOSED";
  override name = "CacheClosedError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(CacheClosedError.code, message, options);
  }
}

/** A `getOrSetMany` loader returned something other than an array in key order or a Map. */
export class CacheLoaderError extends RedisMcpError {
  static readonly code = "E_CACHE_LOADER";
  override name = "CacheLoaderError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(CacheLoaderError.code, message, options);
  }
}

/** A stored entry could not be decoded by the cache's codec (written by another codec); it is treated as a miss. */
export class CacheDecodeError extends RedisMcpError {
  static readonly code = "E_CACHE_DECODE";
  override name = "CacheDecodeError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(CacheDecodeError.code, message, options);
  }
}
