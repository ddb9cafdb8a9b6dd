import { keyPrefixOf, type RedisClient } from "../client/redis-client.js";
import { InvalidArgumentError } from "../errors/errors.js";
import { toRedisMcpError } from "../errors/map-redis-error.js";
import { findingsForNode } from "./health-checks.js";
import { compareFindings, type FindingSeverity, type HealthFinding, type NodeSnapshot } from "./health-finding.js";
import { type HealthThresholds, resolveHealthThresholds } from "./health-thresholds.js";
import { type DiagnosticNode, diagnosticNodes, execOnNode, type NodeSelection, optionalReplyAt, replyAt, replyErrorAt } from "./node-pipeline.js";
import { infoNumber, infoRecords, infoText, parseInfo } from "./parse-info.js";
import { replyText, replyTextRecord } from "./reply-values.js";
import { type NodeRole, roleFromInfo } from "./server-info.js";
import { parseSlowlogEntry } from "./slowlog.js";
import { slowlogEntriesWithinPrefix } from "./slowlog-scope.js";

/** Options for {@link healthReport}. */
export interface HealthReportOptions extends NodeSelection {
  /** Overrides of {@link DEFAULT_HEALTH_THRESHOLDS}. */
  thresholds?: Partial<HealthThresholds>;
  /** Newest slowlog entries read per node (default 32, at most 1,000). */
  slowlogEntries?: number;
  /**
   * Report as a tenant confined to the client's keyPrefix (default false): the slow-command
   * finding considers only slowlog entries whose every key is under the prefix (shown without it,
   * no client address), and `keys` per node (every tenant's keys) is null.
   */
  withinKeyPrefix?: boolean;
}

/** The vital numbers of one server; null where it did not say (or could not be reached). */
export interface NodeHealth {
  node: string;
  reachable: boolean;
  role: NodeRole;
  version: string | null;
  uptimeSeconds: number | null;
  usedMemory: number | null;
  /** 0 means no limit. */
  maxmemory: number | null;
  maxmemoryPolicy: string | null;
  memoryFragmentationRatio: number | null;
  connectedClients: number | null;
  blockedClients: number | null;
  /** Keys in all databases; null under `withinKeyPrefix`. */
  keys: number | null;
  opsPerSecond: number | null;
  /** keyspace hits / (hits + misses) since the stats were reset; null before the first lookup. */
  hitRate: number | null;
  /** False when latency-monitor-threshold is 0; null when CONFIG was refused. */
  latencyMonitoring: boolean | null;
}

/** Everything {@link healthReport} found. */
export interface ServerHealthReport {
  /** ISO time the report was made. */
  generatedAt: string;
  nodes: NodeHealth[];
  /** Critical first, then warning, then info. */
  findings: HealthFinding[];
  summary: Record<FindingSeverity, number>;
}

/** The CONFIG parameters the checks read, one CONFIG GET each so servers before Redis 7 answer too. */
const CONFIG_PARAMETERS = ["maxmemory", "maxmemory-policy", "maxclients", "latency-monitor-threshold", "slowlog-log-slower-than"];
const SLOWLOG_INDEX = 1 + CONFIG_PARAMETERS.length;

async function snapshotOf(node: DiagnosticNode, slowlogEntries: number): Promise<NodeSnapshot> {
  const replies = await execOnNode(node, "healthReport", (pipeline) => {
    // Default INFO sections hold everything the checks need without commandstats' bulk.
    pipeline.info();
    for (const parameter of CONFIG_PARAMETERS) pipeline.call("CONFIG", "GET", parameter);
    pipeline.call("SLOWLOG", "GET", String(slowlogEntries));
  });
  const info = parseInfo(replyText(replyAt(replies, 0, "healthReport: INFO", node)));
  const refused: NodeSnapshot["refused"] = [];
  let config: Record<string, string> | null = {};
  for (let index = 1; index <= CONFIG_PARAMETERS.length; index++) {
    const reply = optionalReplyAt(replies, index);
    if (reply === undefined) {
      config = null;
      refused.push({ command: "CONFIG GET", reason: replyErrorAt(replies, index) ?? "refused" });
      break;
    }
    Object.assign(config, replyTextRecord(reply));
  }
  const slowlogReply = optionalReplyAt(replies, SLOWLOG_INDEX);
  if (slowlogReply === undefined) refused.push({ command: "SLOWLOG GET", reason: replyErrorAt(replies, SLOWLOG_INDEX) ?? "refused" });
  const slowlog = Array.isArray(slowlogReply) ? slowlogReply.map((raw) => parseSlowlogEntry(raw, node.address)) : null;
  return { node: node.address, info, config, slowlog, refused };
}

function nodeHealth(snapshot: NodeSnapshot): NodeHealth {
  const { info, config } = snapshot;
  const hits = infoNumber(info, "stats", "keyspace_hits");
  const misses = infoNumber(info, "stats", "keyspace_misses");
  const lookups = (hits ?? 0) + (misses ?? 0);
  const databases = infoRecords(info, "keyspace", /^db\d+$/);
  const latencyThreshold = config?.["latency-monitor-threshold"];
  return {
    node: snapshot.node,
    reachable: true,
    role: roleFromInfo(info),
    version: infoText(info, "server", "redis_version") ?? null,
    uptimeSeconds: infoNumber(info, "server", "uptime_in_seconds") ?? null,
    usedMemory: infoNumber(info, "memory", "used_memory") ?? null,
    maxmemory: infoNumber(info, "memory", "maxmemory") ?? (config?.maxmemory === undefined ? null : Number(config.maxmemory)),
    maxmemoryPolicy: infoText(info, "memory", "maxmemory_policy") ?? config?.["maxmemory-policy"] ?? null,
    memoryFragmentationRatio: infoNumber(info, "memory", "mem_fragmentation_ratio") ?? null,
    connectedClients: infoNumber(info, "clients", "connected_clients") ?? null,
    blockedClients: infoNumber(info, "clients", "blocked_clients") ?? null,
    keys: databases.reduce((total, [, database]) => total + (typeof database.keys === "number" ? database.keys : 0), 0),
    opsPerSecond: infoNumber(info, "stats", "instantaneous_ops_per_sec") ?? null,
    hitRate: lookups > 0 ? Number(((hits ?? 0) / lookups).toFixed(4)) : null,
    latencyMonitoring: latencyThreshold === undefined ? null : Number(latencyThreshold) > 0,
  };
}

function unreachable(address: string, error: unknown): { health: NodeHealth; finding: HealthFinding } {
  const message = error instanceof Error ? error.message : String(error);
  return {
    health: {
      node: address,
      reachable: false,
      role: "unknown",
      version: null,
      uptimeSeconds: null,
      usedMemory: null,
      maxmemory: null,
      maxmemoryPolicy: null,
      memoryFragmentationRatio: null,
      connectedClients: null,
      blockedClients: null,
      keys: null,
      opsPerSecond: null,
      hitRate: null,
      latencyMonitoring: null,
    },
    finding: {
      id: "node-unreachable",
      severity: "critical",
      title: `Node ${address} did not answer`,
      evidence: { error: message },
      fix: "Check that the server runs and is reachable. In a cluster its slots are unavailable (or served by a promoted replica once failover completes).",
      node: address,
    },
  };
}

/**
 * Checks every master (and, by default, every replica) for memory pressure, evictions, hit rate,
 * fragmentation, connection limits, persistence errors, replication trouble, slow commands and
 * blocked clients. One pipeline per node (INFO, five CONFIG GETs, SLOWLOG GET), nodes in parallel.
 * A node that does not answer becomes a `node-unreachable` finding while others still report.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for bad thresholds or `slowlogEntries`; nothing is sent.
 * @throws RedisMcpError (`E_REDIS_UNAVAILABLE`, `E_TIMEOUT`, ...) when no node answers at all.
 * @example
 * const report = await healthReport(redis);
 * for (const finding of report.findings) console.log(finding.severity, finding.node, finding.title, "→", finding.fix);
 */
export async function healthReport(client: RedisClient, options: HealthReportOptions = {}): Promise<ServerHealthReport> {
  const thresholds = resolveHealthThresholds(options.thresholds);
  const slowlogEntries = options.slowlogEntries ?? 32;
  if (!Number.isInteger(slowlogEntries) || slowlogEntries < 1 || slowlogEntries > 1_000) {
    throw new InvalidArgumentError(`healthReport: slowlogEntries must be an integer from 1 to 1000, got ${slowlogEntries}.`);
  }
  const nodes = diagnosticNodes(client, "healthReport", { includeReplicas: options.includeReplicas ?? true });
  const prefix = options.withinKeyPrefix ? keyPrefixOf(client) : "";
  const outcomes = await Promise.allSettled(
    nodes.map(async (node) => {
      const snapshot = await snapshotOf(node, slowlogEntries);
      return prefix && snapshot.slowlog ? { ...snapshot, slowlog: await slowlogEntriesWithinPrefix(client, snapshot.slowlog, prefix) } : snapshot;
    }),
  );
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
  if (failed && outcomes.every((outcome) => outcome.status === "rejected")) throw toRedisMcpError(failed.reason, "healthReport");
  const health: NodeHealth[] = [];
  const findings: HealthFinding[] = [];
  outcomes.forEach((outcome, index) => {
    if (outcome.status === "fulfilled") {
      health.push(prefix ? { ...nodeHealth(outcome.value), keys: null } : nodeHealth(outcome.value));
      findings.push(...findingsForNode(outcome.value, thresholds));
    } else {
      const down = unreachable(nodes[index]?.address ?? "unknown", outcome.reason);
      health.push(down.health);
      findings.push(down.finding);
    }
  });
  findings.sort(compareFindings);
  const summary: Record<FindingSeverity, number> = { critical: 0, warning: 0, info: 0 };
  for (const finding of findings) summary[finding.severity]++;
  return { generatedAt: new Date().toISOString(), nodes: health, findings, summary };
}
