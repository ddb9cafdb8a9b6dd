// @redis-mcp/core/diagnostics: what an operator asks of a server or cluster, node by node. Each
// helper reads every master (and replicas when asked) in one round trip per node.

// Connected clients
export type { ClientConnection, NodeClients } from "./client-list.js";
export { clientList } from "./client-list.js";

// Configuration
export type { NodeConfig } from "./config-get.js";
export { configGet } from "./config-get.js";

// Health: findings with a severity and a fix, thresholds
export type { FindingSeverity, HealthFinding } from "./health-finding.js";
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

// Memory
export type { MemoryStats, MemoryUsageOptions, NodeMemoryDoctor, NodeMemoryStats } from "./memory.js";
export { memoryDoctor, memoryStats, memoryUsage } from "./memory.js";

// What sampleKeyspace reports per namespace
export type { NamespaceMemory, NamespaceSummary, NamespaceTtl, OtherNamespaces } from "./namespace-summary.js";

// Which nodes to ask
export type { NodeSelection } from "./node-pipeline.js";

// INFO: servers, parsed
export type { InfoRecord, InfoSection, InfoSections, InfoValue } from "./parse-info.js";
export { parseInfo } from "./parse-info.js";
export type { ReplyScalar } from "./reply-values.js";
export type { GetInfoOptions, NodeInfo, NodeRole } from "./server-info.js";
export { getInfo } from "./server-info.js";

// The slow log
export type { SlowlogEntry, SlowlogOptions } from "./slowlog.js";
export { getSlowlog, resetSlowlog } from "./slowlog.js";
