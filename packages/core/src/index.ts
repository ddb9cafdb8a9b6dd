// @redis-mcp/core: connect to Redis (standalone, Sentinel, cluster) from one config, and the
// primitives every other package builds on. More in subpaths: ./data (typed helpers per data
// type), ./probabilistic, ./queue, ./diagnostics, ./local-server; ./cache holds the cache alone.

// Cache: a multi-tier cache (L1 in process, L2 Redis) that keeps answering when Redis does not (also ./cache)
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
} from "./cache/index.js";
export { CacheClosedError, CacheDecodeError, CacheLoaderError, createCache, jsonCodec } from "./cache/index.js";

// Capabilities: what the server can do (version, Redis or Valkey, script flags, hash-field expiry, modules), detected once per client
export type { Capabilities, RedisVersion, ServerIdentity } from "./capabilities/capabilities.js";
export { detectCapabilities, parseVersion, versionAtLeast } from "./capabilities/capabilities.js";

// Clients: the RedisClient type, what kind it is, a dedicated connection for blocking work
export { withDedicatedConnection } from "./client/dedicated-connection.js";
export type { DedicatedConnectionOptions } from "./client/open-dedicated-connection.js";
export { openDedicatedConnection } from "./client/open-dedicated-connection.js";
export type { RedisClient } from "./client/redis-client.js";
export { isCluster, keyPrefixOf, masterNodes, nodeAddress } from "./client/redis-client.js";

// Cluster: hash slots and slot-aware multi-key reads and writes (one round trip per master)
export type { MultiKeyOptions, MultiSetOptions } from "./cluster/multi-key.js";
export { multiDelete, multiExists, multiGet, multiGetBuffer, multiSet } from "./cluster/multi-key.js";
export type { PipelineBySlotOptions, SlotWork } from "./cluster/pipeline-by-slot.js";
export { pipelineBySlot } from "./cluster/pipeline-by-slot.js";
export { assertSameSlot, SLOT_COUNT, slotOf } from "./cluster/slots.js";

// Commands: module and other commands sent with the client's key prefix applied to their key positions
export type { ModuleCommand, ModuleCommandArgument, ModuleCommandOptions } from "./commands/module-command.js";
export { callModuleCommand, callModuleCommands, MAX_MODULE_COMMAND_ARGUMENTS } from "./commands/module-command.js";
export type { RawCommandAccess, RawCommandPlan } from "./commands/raw-command.js";
export { accessOf, callRawCommand, planRawCommand } from "./commands/raw-command.js";
export type { RawNodeReply } from "./commands/raw-command-on-masters.js";
export { callRawCommandOnMasters } from "./commands/raw-command-on-masters.js";

// Configuration: one schema for flags, environment, config files and defaults; secrets never printed
export type { RedisCommandLineFlag } from "./config/command-line-flags.js";
export { REDIS_COMMAND_LINE_FLAGS, redisFlagValues } from "./config/command-line-flags.js";
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

// Connections: create or adopt a client, check it, close only what was created
export { closeRedis } from "./connection/close-redis.js";
export type { CreateRedisOptions, RedisInput } from "./connection/create-redis.js";
export { createRedis } from "./connection/create-redis.js";
export type { HealthReport } from "./connection/health.js";
export { health } from "./connection/health.js";
export type { IoredisLike } from "./connection/ownership.js";
export { adoptRedis } from "./connection/ownership.js";
export type { ResolvedClient } from "./connection/resolve-client.js";
export { resolveClient } from "./connection/resolve-client.js";

// Errors: one base class, a union of stable codes, Redis replies mapped to them
export {
  ConfigError,
  ConsumerGroupExistsError,
  ConsumerGroupNotFoundError,
  CrossSlotError,
  InvalidArgumentError,
  KeyNotFoundError,
  OperationCancelledError,
  PermissionDeniedError,
  RedisAuthError,
  RedisBusyError,
  RedisCommandError,
  RedisOutOfMemoryError,
  RedisTimeoutError,
  RedisUnavailableError,
  throwIfCancelled,
  UnsupportedError,
  WrongTypeError,
} from "./errors/errors.js";
export { toRedisMcpError, withRedisErrors } from "./errors/map-redis-error.js";
export type { CoreErrorCode, RedisMcpErrorCode, RedisMcpErrorCodes, RedisMcpErrorOptions } from "./errors/redis-mcp-error.js";
export { RedisMcpError } from "./errors/redis-mcp-error.js";

// Keyspace: scans over every master, inspection, reads of any type, deletes by pattern, TTLs, renames, completions
export type { Completion, CompletionOptions } from "./keyspace/complete-names.js";
export { completeHashFields, completeKeyNames } from "./keyspace/complete-names.js";
export type { DeleteByPatternOptions, DeleteByPatternResult } from "./keyspace/delete-by-pattern.js";
export { deleteByPattern } from "./keyspace/delete-by-pattern.js";
export type { ExpireKeyOptions, ExpireKeyResult } from "./keyspace/expire-key.js";
export { expireKey } from "./keyspace/expire-key.js";
export { escapeGlob } from "./keyspace/glob-pattern.js";
export type { KeyInspection } from "./keyspace/inspect-key.js";
export { inspectKey } from "./keyspace/inspect-key.js";
export type { KeyChangeWatcher, KeyspaceNotificationStatus, WatchKeyChangesOptions } from "./keyspace/key-change-watcher.js";
export { keyspaceNotificationStatus, watchKeyChanges } from "./keyspace/key-change-watcher.js";
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
export { renameKey } from "./keyspace/rename-key.js";
export { scan } from "./keyspace/scan.js";
export type { ScanOptions } from "./keyspace/scan-options.js";
export type { ScanPage, ScanPageOptions } from "./keyspace/scan-page.js";
export { scanPage } from "./keyspace/scan-page.js";
export type { ScanProgress, ScanProgressStep } from "./keyspace/scan-with-progress.js";
export { scanWithProgress } from "./keyspace/scan-with-progress.js";

// Scripts: Lua run by SHA, loaded on demand, keys checked for one slot
export type { ScriptArgument, ScriptDefinition } from "./scripts/redis-script.js";
export { defineScript, RedisScript } from "./scripts/redis-script.js";
