// @redis-mcp/core/diagnostics: what an operator asks of a server or cluster, node by node. Each
// helper reads every master (and replicas when asked) in one round trip per node.

// Configuration: read it, and compare or apply a desired configuration (redis.conf or JSON)
export type { ApplyServerConfigOptions, NodeConfigApply } from "../server-config/apply-server-config.js";
export { applyServerConfig } from "../server-config/apply-server-config.js";
export type { DesiredServerConfig } from "../server-config/desired-server-config.js";
export { parseServerConfig } from "../server-config/desired-server-config.js";
export type { ConfigDifference, NodeConfigDiff } from "../server-config/diff-server-config.js";
export { diffServerConfig } from "../server-config/diff-server-config.js";
// Connected clients
export type { ClientConnection, NodeClients } from "./client-list.js";
export { clientList } from "./client-list.js";
export type { NodeConfig } from "./config-get.js";
export { configGet } from "./config-get.js";

// Whole-database work: size and FLUSHDB, per master
export type { FlushDatabaseOptions, NodeDatabaseSize } from "./flush-database.js";
export { databaseSizes, flushDatabase } from "./flush-database.js";

// Health: findings with a severity and a fix, thresholds
export type { FindingSeverity, HealthFinding } from "./health-finding.js";
export { formatBytes } from "./health-finding.js";
export type { HealthReportOptions, NodeHealth, ServerHealthReport } from "./health-report.js";
export { healthReport } from "./health-report.js";
export type { HealthThresholds } from "./health-thresholds.js";
export { DEFAULT_HEALTH_THRESHOLDS } from "./health-thresholds.js";

// Keyspace sampling by namespace
export { keyPattern } from "./key-pattern.js";
export type { KeyspaceNodeTotals, KeyspaceSampleOptions, KeyspaceSummary } from "./keyspace-sampler.js";
export { sampleKeyspace } from "./keyspace-sampler.js";

// Latency
export type { LatencyEvent, LatencyMonitoring, NodeLatencyDoctor, NodeLatencyLatest } from "./latency.js";
export { latencyDoctor, latencyLatest } from "./latency.js";
export type { MemoryStats, MemoryUsageOptions, NodeMemoryDoctor, NodeMemoryStats } from "./memory.js";
export { memoryDoctor, memoryStats, memoryUsage } from "./memory.js";
// What sampleKeyspace reports per namespace
export type { NamespaceMemory, NamespaceSummary, NamespaceTtl, OtherNamespaces } from "./namespace-summary.js";
// Which nodes to ask
export type { NodeSelection } from "./node-pipeline.js";
// INFO: servers, parsed
export type { InfoRecord, InfoSection, InfoSections, InfoValue } from "./parse-info.js";
export { parseInfo } from "./parse-info.js";
// Memory, also of the keys matching a pattern (sampled)
export type { PatternMemoryNode, PatternMemoryOptions, PatternMemoryProgress, PatternMemorySummary } from "./pattern-memory.js";
export { sampleMemoryByPattern } from "./pattern-memory.js";
// Persistence: BGSAVE and LASTSAVE, per master
export type { BackgroundSaveOptions, NodePersistence } from "./persistence.js";
export { backgroundSave } from "./persistence.js";
export type { ReplyScalar } from "./reply-values.js";
export type { GetInfoOptions, NodeInfo, NodeRole } from "./server-info.js";
export { getInfo } from "./server-info.js";

// The slow log
export type { SlowlogEntry, SlowlogOptions } from "./slowlog.js";
export { getSlowlog, resetSlowlog } from "./slowlog.js";
