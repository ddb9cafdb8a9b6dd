// @redis-mcp/core/probabilistic: answers about large sets in little memory. Bloom filters
// (RedisBloom when loaded, else a bitmap with core's scripts) and HyperLogLog counts.

// Bloom filters
export type { BloomFilterInfo, BloomImplementation } from "./bloom-backend.js";
export type { BloomAddResult, BloomCheckResult } from "./bloom-by-name.js";
export { addToBloomFilter, checkBloomFilter } from "./bloom-by-name.js";
export type { BloomFilter, BloomFilterOptions } from "./bloom-filter.js";
export { createBloomFilter, openBloomFilter } from "./bloom-filter.js";
export type { BloomItem } from "./bloom-positions.js";

// HyperLogLog
export { hyperLogLogAdd, hyperLogLogCount, hyperLogLogMerge } from "./hyperloglog.js";
