import type { RedisClient } from "../client/redis-client.js";
import { diagnosticNodes, execOnNode, type NodeReplies, type NodeSelection, optionalReplyAt, perNode, replyAt } from "./node-pipeline.js";
import { replyText, replyTextRecord } from "./reply-values.js";

/** The latest and worst spike of one latency event class (`command`, `fast-command`, `fork`, `aof-fsync-always`, ...). */
export interface LatencyEvent {
  event: string;
  /** When the latest spike happened, in Unix seconds. */
  timestamp: number;
  latestMs: number;
  maxMs: number;
}

/** Whether a server records latency spikes at all. */
export interface LatencyMonitoring {
  /** `host:port` of the server. */
  node: string;
  /** False when latency-monitor-threshold is 0 (nothing is recorded); null when CONFIG GET was refused. */
  monitoring: boolean | null;
  /** latency-monitor-threshold in milliseconds; null when unknown. */
  thresholdMs: number | null;
  /** What to do when monitoring is off or unknown. */
  hint?: string;
}

/** LATENCY LATEST of one server. */
export interface NodeLatencyLatest extends LatencyMonitoring {
  events: LatencyEvent[];
}

/** LATENCY DOCTOR of one server. */
export interface NodeLatencyDoctor extends LatencyMonitoring {
  /** The server's own analysis, as written by Redis. */
  report: string;
}

const DISABLED_HINT =
  "Latency monitoring is off (latency-monitor-threshold is 0), so no spikes are recorded. Turn it on with CONFIG SET latency-monitor-threshold 100 to record every event slower than 100 ms.";
const UNKNOWN_HINT =
  "latency-monitor-threshold could not be read (CONFIG GET was refused); if the list is empty, monitoring may be off. Ask an administrator to check it.";

/** Reads the CONFIG GET latency-monitor-threshold reply into monitoring state. */
export function latencyMonitoring(node: string, configReply: unknown): LatencyMonitoring {
  const value = configReply === undefined ? undefined : replyTextRecord(configReply)["latency-monitor-threshold"];
  if (value === undefined) return { node, monitoring: null, thresholdMs: null, hint: UNKNOWN_HINT };
  const thresholdMs = Number(value);
  return thresholdMs > 0 ? { node, monitoring: true, thresholdMs } : { node, monitoring: false, thresholdMs, hint: DISABLED_HINT };
}

/** Parses LATENCY LATEST: `[[event, timestamp, latest, max], ...]`. */
export function parseLatencyLatest(reply: unknown): LatencyEvent[] {
  return (Array.isArray(reply) ? reply : []).map((entry: unknown) => {
    const fields = Array.isArray(entry) ? entry : [];
    return { event: replyText(fields[0]), timestamp: Number(fields[1] ?? 0), latestMs: Number(fields[2] ?? 0), maxMs: Number(fields[3] ?? 0) };
  });
}

async function askLatency(client: RedisClient, options: NodeSelection, operation: string, subcommand: "LATEST" | "DOCTOR") {
  return perNode(diagnosticNodes(client, operation, options), async (node) => {
    const replies: NodeReplies = await execOnNode(node, operation, (pipeline) => {
      pipeline.call("CONFIG", "GET", "latency-monitor-threshold");
      pipeline.call("LATENCY", subcommand);
    });
    return { monitoring: latencyMonitoring(node.address, optionalReplyAt(replies, 0)), reply: replyAt(replies, 1, operation, node) };
  });
}

/**
 * LATENCY LATEST of every master (and replicas with `includeReplicas`), with whether monitoring is
 * on: when latency-monitor-threshold is 0 the result says `monitoring: false` and how to turn it on.
 * @throws RedisMcpError (`E_REDIS_UNAVAILABLE`, `E_NO_PERMISSION`, ...) naming the node that failed.
 * @example
 * for (const node of await latencyLatest(redis)) console.log(node.node, node.monitoring ? node.events : node.hint);
 */
export async function latencyLatest(client: RedisClient, options: NodeSelection = {}): Promise<NodeLatencyLatest[]> {
  const answers = await askLatency(client, options, "latencyLatest", "LATEST");
  return answers.map(({ monitoring, reply }) => ({ ...monitoring, events: parseLatencyLatest(reply) }));
}

/**
 * LATENCY DOCTOR of every master (and replicas with `includeReplicas`): the server's analysis of
 * recorded spikes, with whether monitoring is on at all.
 * @throws RedisMcpError (`E_REDIS_UNAVAILABLE`, `E_NO_PERMISSION`, ...) naming the node that failed.
 * @example for (const node of await latencyDoctor(redis)) console.log(node.node, node.hint ?? node.report);
 */
export async function latencyDoctor(client: RedisClient, options: NodeSelection = {}): Promise<NodeLatencyDoctor[]> {
  const answers = await askLatency(client, options, "latencyDoctor", "DOCTOR");
  return answers.map(({ monitoring, reply }) => ({ ...monitoring, report: replyText(reply) }));
}
