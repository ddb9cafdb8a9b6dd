export { createCache } from "./cache.js";
export { CacheClosedError, CacheDecodeError, CacheLoaderError } from "./cache-errors.js";
export type {
  Cache,
  CacheCodec,
  CacheErrorContext,
  CacheLoader,
  CacheManyLoader,
  CacheOptions,
  CacheSetOptions,
  CacheStats,
  CircuitState,
  GetOrSetOptions,
  MemoryTierOptions,
  RedisTierOptions,
  StampedeProtection,
} from "./cache-types.js";
export { jsonCodec } from "./json-codec.js";
