export type { Capabilities, RedisVersion } from "./capabilities/capabilities.js";
export { detectCapabilities, parseVersion, versionAtLeast } from "./capabilities/capabilities.js";
export { withDedicatedConnection } from "./client/dedicated-connection.js";
export type { RedisClient } from "./client/redis-client.js";
export { blockingWindowMs, isCluster, keyPrefixOf, masterNodes, nodeAddress } from "./client/redis-client.js";
export type { MultiKeyOptions, MultiSetOptions } from "./cluster/multi-key.js";
export { multiDelete, multiExists, multiGet, multiGetBuffer, multiSet } from "./cluster/multi-key.js";
export { assertSameSlot, SLOT_COUNT, slotOf } from "./cluster/slots.js";
export { decodeValue } from "./codecs/decode-value.js";
export { encodeValue } from "./codecs/encode-value.js";
export type { DecodedValue, DecodeEncoding, ValueEncoding } from "./codecs/value-encoding.js";
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
export { closeRedis } from "./connection/close-redis.js";
export type { CreateRedisOptions, RedisInput } from "./connection/create-redis.js";
export { createRedis } from "./connection/create-redis.js";
export type { HealthReport } from "./connection/health.js";
export { health } from "./connection/health.js";
export type { IoredisLike } from "./connection/ownership.js";
export { adoptRedis } from "./connection/ownership.js";
export type { ResolvedClient } from "./connection/resolve-client.js";
export { resolveClient } from "./connection/resolve-client.js";
export type { Bit, BitFieldEncoding, BitFieldOffset, BitFieldOperation, BitFieldOverflow, BitOperationOptions, BitRangeOptions } from "./data/bitmaps.js";
export { bitCount, bitField, bitGet, bitOperation, bitPosition, bitSet } from "./data/bitmaps.js";
export type { GeoAddOptions, GeoArea, GeoCoordinates, GeoMember, GeoSearchOptions, GeoSearchResult, GeoUnit } from "./data/geo.js";
export { geoAdd, geoDistance, geoPosition, geoSearch } from "./data/geo.js";
export type { HashScanPage } from "./data/hashes.js";
export { hashDelete, hashExists, hashGet, hashGetBuffer, hashIncrement, hashLength, hashScan, hashScanBuffer, hashSet } from "./data/hashes.js";
export { hyperLogLogAdd, hyperLogLogCount, hyperLogLogMerge } from "./data/hyperloglog.js";
export type { ListPopWithinOptions, ListPopWithinResult } from "./data/list-pop-within.js";
export { listPopWithin } from "./data/list-pop-within.js";
export type { ListMoveOptions, ListPopOptions, ListPushOptions, ListRangeOptions, ListSide, ListTrimOptions } from "./data/lists.js";
export { listLength, listMove, listPop, listPopBuffer, listPush, listRange, listRangeBuffer, listTrim } from "./data/lists.js";
export type { CollectionScanOptions } from "./data/scan-page.js";
export type { SetCombineWithinOptions, SetCombineWithinResult } from "./data/set-combine-within.js";
export { setCombineWithin } from "./data/set-combine-within.js";
export type { SetCombineOptions, SetOperation, SetRandomMembersOptions, SetScanPage } from "./data/sets.js";
export {
  setAdd,
  setAreMembers,
  setCardinality,
  setCombine,
  setCombineBuffer,
  setIsMember,
  setRandomMembers,
  setRandomMembersBuffer,
  setRemove,
  setScan,
  setScanBuffer,
} from "./data/sets.js";
export type {
  MemberStanding,
  SortedSetAddOptions,
  SortedSetCountOptions,
  SortedSetLexBounds,
  SortedSetLexRange,
  SortedSetMember,
  SortedSetPopOptions,
  SortedSetRangeOptions,
  SortedSetRankRange,
  SortedSetScoreBounds,
  SortedSetScoreRange,
} from "./data/sorted-sets.js";
export {
  sortedSetAdd,
  sortedSetCount,
  sortedSetIncrement,
  sortedSetPop,
  sortedSetPopBuffer,
  sortedSetRange,
  sortedSetRangeBuffer,
  sortedSetRemove,
  sortedSetScore,
} from "./data/sorted-sets.js";
export type { StreamFields, StreamMessage, StreamTrimOptions } from "./data/stream-entries.js";
export type {
  StreamAutoClaimOptions,
  StreamAutoClaimResult,
  StreamClaimOptions,
  StreamGroupCreateOptions,
  StreamGroupReadOptions,
  StreamPendingEntry,
  StreamPendingOptions,
  StreamPendingSummary,
} from "./data/stream-groups.js";
export {
  streamAck,
  streamAutoClaim,
  streamClaim,
  streamConsumerDelete,
  streamGroupCreate,
  streamGroupDestroy,
  streamGroupRead,
  streamGroupReadBuffer,
  streamPending,
} from "./data/stream-groups.js";
export type { StreamAddOptions, StreamGroupInfo, StreamInfo, StreamInfoOptions, StreamRangeOptions } from "./data/streams.js";
export { streamAdd, streamInfo, streamLength, streamRange, streamRangeBuffer, streamTrim } from "./data/streams.js";
export type { IncrementOptions, SetStringOptions, StringRangeOptions } from "./data/strings.js";
export { appendString, getString, getStringBuffer, getStringRange, getStringRangeBuffer, getStringWindow, incrementString, setString } from "./data/strings.js";
export type { RedisValue } from "./data/validate.js";
export type { ClientConnection, NodeClients } from "./diagnostics/client-list.js";
export { clientList } from "./diagnostics/client-list.js";
export type { NodeConfig } from "./diagnostics/config-get.js";
export { configGet } from "./diagnostics/config-get.js";
export type { FindingSeverity, HealthFinding } from "./diagnostics/health-finding.js";
export type { HealthReportOptions, NodeHealth, ServerHealthReport } from "./diagnostics/health-report.js";
export { healthReport } from "./diagnostics/health-report.js";
export type { HealthThresholds } from "./diagnostics/health-thresholds.js";
export { DEFAULT_HEALTH_THRESHOLDS } from "./diagnostics/health-thresholds.js";
export { keyPattern } from "./diagnostics/key-pattern.js";
export type { KeyspaceNodeTotals, KeyspaceSampleOptions, KeyspaceSummary } from "./diagnostics/keyspace-sampler.js";
export { sampleKeyspace } from "./diagnostics/keyspace-sampler.js";
export type { LatencyEvent, LatencyMonitoring, NodeLatencyDoctor, NodeLatencyLatest } from "./diagnostics/latency.js";
export { latencyDoctor, latencyLatest } from "./diagnostics/latency.js";
export type { MemoryStats, MemoryUsageOptions, NodeMemoryDoctor, NodeMemoryStats } from "./diagnostics/memory.js";
export { memoryDoctor, memoryStats, memoryUsage } from "./diagnostics/memory.js";
export type { NamespaceMemory, NamespaceSummary, NamespaceTtl, OtherNamespaces } from "./diagnostics/namespace-summary.js";
export type { NodeSelection } from "./diagnostics/node-pipeline.js";
export type { InfoRecord, InfoSection, InfoSections, InfoValue } from "./diagnostics/parse-info.js";
export { parseInfo } from "./diagnostics/parse-info.js";
export type { PatternMemoryNode, PatternMemoryOptions, PatternMemoryProgress, PatternMemorySummary } from "./diagnostics/pattern-memory.js";
export { sampleMemoryByPattern } from "./diagnostics/pattern-memory.js";
export type { ReplyScalar } from "./diagnostics/reply-values.js";
export type { GetInfoOptions, NodeInfo, NodeRole } from "./diagnostics/server-info.js";
export { getInfo } from "./diagnostics/server-info.js";
export type { SlowlogEntry, SlowlogOptions } from "./diagnostics/slowlog.js";
export { getSlowlog, resetSlowlog } from "./diagnostics/slowlog.js";
export {
  ConfigError,
  CrossSlotError,
  InvalidArgumentError,
  KeyNotFoundError,
  OperationCancelledError,
  PermissionDeniedError,
  RedisAuthError,
  RedisCommandError,
  RedisTimeoutError,
  RedisUnavailableError,
  throwIfCancelled,
  UnsupportedError,
  WrongTypeError,
} from "./errors/errors.js";
export { toRedisMcpError, withRedisErrors } from "./errors/map-redis-error.js";
export type { RedisMcpErrorOptions } from "./errors/redis-mcp-error.js";
export { RedisMcpError } from "./errors/redis-mcp-error.js";
export type { Completion, CompletionOptions } from "./keyspace/complete-names.js";
export { completeHashFields, completeKeyNames } from "./keyspace/complete-names.js";
export type { DeleteByPatternOptions, DeleteByPatternResult } from "./keyspace/delete-by-pattern.js";
export { deleteByPattern } from "./keyspace/delete-by-pattern.js";
export type { ExpireKeyOptions, ExpireKeyResult } from "./keyspace/expire-key.js";
export { expireKey } from "./keyspace/expire-key.js";
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
export { renameKey } from "./keyspace/rename-key.js";
export { scan } from "./keyspace/scan.js";
export type { ScanOptions } from "./keyspace/scan-options.js";
export type { ScanPage, ScanPageOptions } from "./keyspace/scan-page.js";
export { scanPage } from "./keyspace/scan-page.js";
export type { ScanProgress, ScanProgressStep } from "./keyspace/scan-with-progress.js";
export { scanWithProgress } from "./keyspace/scan-with-progress.js";
export type { BloomFilterInfo, BloomImplementation } from "./probabilistic/bloom-backend.js";
export type { BloomAddResult, BloomCheckResult } from "./probabilistic/bloom-by-name.js";
export { addToBloomFilter, checkBloomFilter } from "./probabilistic/bloom-by-name.js";
export type { BloomFilter, BloomFilterOptions } from "./probabilistic/bloom-filter.js";
export { createBloomFilter, openBloomFilter } from "./probabilistic/bloom-filter.js";
export type { BloomItem } from "./probabilistic/bloom-positions.js";
export type { PeekedJob, PeekQueueOptions, QueuePeek, QueueState } from "./queue/peek-queue.js";
export { peekQueue } from "./queue/peek-queue.js";
export { createQueue } from "./queue/queue.js";
export type { QueueKeys } from "./queue/queue-keys.js";
export type {
  DeadLetter,
  DeadLetterPage,
  DequeueOptions,
  EnqueueOptions,
  JobReference,
  NackOptions,
  NackOutcome,
  Queue,
  QueueJob,
  QueueOptions,
  QueueStats,
  RequeueResult,
} from "./queue/queue-types.js";
export type { ScriptArgument, ScriptDefinition } from "./scripts/redis-script.js";
export { defineScript, RedisScript } from "./scripts/redis-script.js";
export type { ApplyServerConfigOptions, NodeConfigApply } from "./server-config/apply-server-config.js";
export { applyServerConfig } from "./server-config/apply-server-config.js";
export type { DesiredServerConfig } from "./server-config/desired-server-config.js";
export { parseServerConfig } from "./server-config/desired-server-config.js";
export type { ConfigDifference, NodeConfigDiff } from "./server-config/diff-server-config.js";
export { diffServerConfig } from "./server-config/diff-server-config.js";
