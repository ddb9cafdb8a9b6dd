import type { ChainableCommander, Redis } from "ioredis";
import { type BatchEntry, execBatchEntries } from "../client/exec-batch.js";
import { isCluster, masterNodes, nodeAddress, type RedisClient } from "../client/redis-client.js";
import { RedisUnavailableError } from "../errors/errors.js";
import { toRedisMcpError } from "../errors/map-redis-error.js";

/** Which servers a per-node diagnostic asks. */
export interface NodeSelection {
  /**
   * Also ask every replica of a cluster (default false: masters only). A standalone client is
   * always exactly the server it is connected to.
   */
  includeReplicas?: boolean;
}

/** One server to ask, with the `host:port` that results name it by. */
export interface DiagnosticNode {
  connection: Redis;
  address: string;
}

/** One `[error, reply]` per command queued on a node's pipeline, as ioredis returns them. */
export type NodeReplies = BatchEntry[];

/**
 * The masters of a cluster (plus its replicas when asked), sorted by address, or the standalone
 * client itself.
 * @throws RedisUnavailableError (`E_REDIS_UNAVAILABLE`) for a cluster client with no master connections yet.
 */
export function diagnosticNodes(client: RedisClient, operation: string, selection: NodeSelection = {}): DiagnosticNode[] {
  if (!isCluster(client)) return [{ connection: client, address: nodeAddress(client) }];
  const masters = masterNodes(client);
  if (masters.length === 0) {
    throw new RedisUnavailableError(
      `${operation}: the cluster client has no master connections yet (status "${client.status}"). Wait until it is ready (await cluster.connect() or its "ready" event) and retry.`,
    );
  }
  const byAddress = (left: DiagnosticNode, right: DiagnosticNode) => left.address.localeCompare(right.address);
  const toNode = (connection: Redis) => ({ connection, address: nodeAddress(connection) });
  const replicas = selection.includeReplicas ? client.nodes("slave").map(toNode).sort(byAddress) : [];
  return [...masters.map(toNode).sort(byAddress), ...replicas];
}

/**
 * Sends what `queue` adds as one pipeline (one round trip) to a node. Per-command errors stay in
 * the replies for the caller to judge; a failed round trip throws a coded error naming the node.
 * @throws RedisMcpError (`E_REDIS_UNAVAILABLE`, `E_TIMEOUT`, ...) when the node does not answer.
 */
export async function execOnNode(node: DiagnosticNode, operation: string, queue: (pipeline: ChainableCommander) => void): Promise<NodeReplies> {
  const pipeline = node.connection.pipeline();
  queue(pipeline);
  return execBatchEntries(pipeline, `${operation} on ${node.address}`);
}

/**
 * The reply of the command at `index`.
 * @throws RedisMcpError naming the node when that command failed.
 */
export function replyAt(replies: NodeReplies, index: number, operation: string, node: DiagnosticNode): unknown {
  const [error, reply] = replies[index] ?? [new Error("Connection is closed."), undefined];
  if (error) throw toRedisMcpError(error, `${operation} on ${node.address}`);
  return reply;
}

/** The reply at `index`, or undefined when that command failed (e.g. CONFIG refused by an ACL or disabled by the provider). */
export function optionalReplyAt(replies: NodeReplies, index: number): unknown {
  const [error, reply] = replies[index] ?? [new Error("missing reply"), undefined];
  return error ? undefined : reply;
}

/** The error message of the command at `index`, or undefined when it succeeded. */
export function replyErrorAt(replies: NodeReplies, index: number): string | undefined {
  const entry = replies[index];
  if (!entry) return "no reply";
  return entry[0]?.message;
}

/** Runs `work` on every node in parallel; results in node order. */
export function perNode<T>(nodes: readonly DiagnosticNode[], work: (node: DiagnosticNode) => Promise<T>): Promise<T[]> {
  return Promise.all(nodes.map((node) => work(node)));
}
