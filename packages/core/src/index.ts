export type { Capabilities, RedisVersion } from "./capabilities/capabilities.js";
export { detectCapabilities, parseVersion, versionAtLeast } from "./capabilities/capabilities.js";
export type { RedisClient } from "./client/redis-client.js";
export { blockingWindowMs, isCluster, keyPrefixOf, masterNodes, nodeAddress } from "./client/redis-client.js";
export type { MultiKeyOptions, MultiSetOptions } from "./cluster/multi-key.js";
export { multiDelete, multiExists, multiGet, multiGetBuffer, multiSet } from "./cluster/multi-key.js";
export { assertSameSlot, SLOT_COUNT, slotOf } from "./cluster/slots.js";
export { decodeValue } from "./codecs/decode-value.js";
export { encodeValue } from "./codecs/encode-value.js";
export type { DecodedValue, DecodeEncoding, ValueEncoding } from "./codecs/value-encoding.js";
export type { EnvironmentVariable } from "./config/environment.js";
export { REDIS_ENVIRONMENT_VARIABLES } from "./config/environment.js";
export type { RedisConfigInput } from "./config/input-schema.js";
export type { LoadRedisConfigOptions } from "./config/load-config.js";
export { isRedisConfig, loadRedisConfig, resolveRedisConfig } from "./config/load-config.js";
export { REDIS_CONFIG_DEFAULTS } from "./config/normalize.js";
export { maskUrl } from "./config/parse-url.js";
export type {
  ClusterConfig,
  HostPort,
  OfflineQueueConfig,
  RedisConfig,
  RetryConfig,
  SentinelConfig,
  ServerSettings,
  TlsConfig,
} from "./config/redis-config.js";
export { describeTarget } from "./config/redis-config.js";
export { Secret } from "./config/secret.js";
export { closeRedis } from "./connection/close-redis.js";
export type { CreateRedisOptions, RedisInput } from "./connection/create-redis.js";
export { createRedis } from "./connection/create-redis.js";
export type { HealthReport } from "./connection/health.js";
export { health } from "./connection/health.js";
export type { IoredisLike } from "./connection/ownership.js";
export { adoptRedis } from "./connection/ownership.js";
export type { ResolvedClient } from "./connection/resolve-client.js";
export { resolveClient } from "./connection/resolve-client.js";
export {
  ConfigError,
  CrossSlotError,
  InvalidArgumentError,
  PermissionDeniedError,
  RedisAuthError,
  RedisCommandError,
  RedisTimeoutError,
  RedisUnavailableError,
  UnsupportedError,
  WrongTypeError,
} from "./errors/errors.js";
export { toRedisMcpError, withRedisErrors } from "./errors/map-redis-error.js";
export type { RedisMcpErrorOptions } from "./errors/redis-mcp-error.js";
export { RedisMcpError } from "./errors/redis-mcp-error.js";
export type { DeleteByPatternOptions, DeleteByPatternResult } from "./keyspace/delete-by-pattern.js";
export { deleteByPattern } from "./keyspace/delete-by-pattern.js";
export type { KeyInspection } from "./keyspace/inspect-key.js";
export { inspectKey } from "./keyspace/inspect-key.js";
export type { ReadKeyOptions } from "./keyspace/read-key.js";
export { readKey } from "./keyspace/read-key.js";
export type {
  FieldValue,
  HashRead,
  ListRead,
  MissingKeyRead,
  ReadKeyResult,
  ScoredMember,
  SetRead,
  SortedSetRead,
  StreamEntry,
  StreamRead,
  StringRead,
} from "./keyspace/read-key-result.js";
export { scan } from "./keyspace/scan.js";
export type { ScanOptions } from "./keyspace/scan-options.js";
export type { ScanPage, ScanPageOptions } from "./keyspace/scan-page.js";
export { scanPage } from "./keyspace/scan-page.js";
export type { ScriptArgument, ScriptDefinition } from "./scripts/redis-script.js";
export { defineScript, RedisScript } from "./scripts/redis-script.js";
