import { keyPrefixOf, type RedisClient } from "../client/redis-client.js";
import { InvalidArgumentError } from "../errors/errors.js";
import { diagnosticNodes, execOnNode, type NodeSelection, perNode, replyAt } from "./node-pipeline.js";
import { replyText } from "./reply-values.js";
import { redactCommand } from "./secrets.js";
import { slowlogEntriesWithinPrefix } from "./slowlog-scope.js";

/** One command the server logged as slow. */
export interface SlowlogEntry {
  /** The server's id for the entry (unique per node, not across a cluster). */
  id: number;
  /** When the command ran, in Unix seconds. */
  timestamp: number;
  /** How long it executed, in microseconds (excluding network and queueing). */
  durationMicros: number;
  /** Command name and arguments; long arguments are shortened and passwords masked. */
  command: string[];
  /** `ip:port` of the client that sent it ("" on servers before Redis 4). */
  clientAddress: string;
  /** CLIENT SETNAME of that client ("" when unnamed). */
  clientName: string;
  /** `host:port` of the server that logged it. */
  node: string;
}

/** Options for {@link getSlowlog}. */
export interface SlowlogOptions extends NodeSelection {
  /** Entries to return: the newest `count` across all nodes, each node asked for `count` (default 10, at most 10,000). */
  count?: number;
  /** Characters kept of each argument before it is shortened (default 128). */
  maxArgumentLength?: number;
  /**
   * Only entries whose every key is under the client's keyPrefix, shown without it (default
   * false). Commands without keys, and entries whose keys cannot be told, are left out; so are
   * client addresses and names. For a tenant that must not see other tenants' commands.
   */
  withinKeyPrefix?: boolean;
}

/** Entries read per node when they are filtered by key prefix: the slowlog's default length. */
const SCOPED_READ = 128;

function shorten(argument: string, maxLength: number): string {
  return argument.length > maxLength ? `${argument.slice(0, maxLength)}... (${argument.length - maxLength} more characters)` : argument;
}

/** Parses one raw SLOWLOG GET entry `[id, time, micros, args, addr, name]`. */
export function parseSlowlogEntry(raw: unknown, node: string, maxArgumentLength = 128): SlowlogEntry {
  const fields = Array.isArray(raw) ? raw : [];
  const args = Array.isArray(fields[3]) ? fields[3].map((arg: unknown) => shorten(replyText(arg), maxArgumentLength)) : [];
  return {
    id: Number(fields[0] ?? 0),
    timestamp: Number(fields[1] ?? 0),
    durationMicros: Number(fields[2] ?? 0),
    command: redactCommand(args),
    clientAddress: replyText(fields[4]),
    clientName: replyText(fields[5]),
    node,
  };
}

/** Newest first. Timestamps have one-second resolution and ids are per node, so ties go to the slower command. */
export function compareSlowlogEntries(left: SlowlogEntry, right: SlowlogEntry): number {
  return right.timestamp - left.timestamp || right.durationMicros - left.durationMicros || right.id - left.id;
}

function checkPositiveInteger(name: string, value: number, maximum: number): void {
  if (!Number.isInteger(value) || value < 1 || value > maximum) {
    throw new InvalidArgumentError(`getSlowlog: ${name} must be an integer from 1 to ${maximum}, got ${value}.`);
  }
}

/**
 * The slow log of every master (and replicas with `includeReplicas`), merged and sorted newest
 * first: one round trip per node (plus, with `withinKeyPrefix`, COMMAND INFO once per command
 * name and COMMAND GETKEYS for commands whose keys depend on their arguments).
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a bad `count` or `maxArgumentLength`; nothing is sent.
 * @throws RedisMcpError (`E_REDIS_UNAVAILABLE`, `E_NO_PERMISSION`, ...) naming the node that failed.
 * @example
 * for (const entry of await getSlowlog(redis, { count: 5 })) console.log(entry.node, entry.durationMicros, entry.command.join(" "));
 */
export async function getSlowlog(client: RedisClient, options: SlowlogOptions = {}): Promise<SlowlogEntry[]> {
  const count = options.count ?? 10;
  const maxArgumentLength = options.maxArgumentLength ?? 128;
  checkPositiveInteger("count", count, 10_000);
  checkPositiveInteger("maxArgumentLength", maxArgumentLength, 1_000_000);
  const prefix = options.withinKeyPrefix ? keyPrefixOf(client) : "";
  const read = prefix ? Math.max(count, SCOPED_READ) : count;
  const perNodeEntries = await perNode(diagnosticNodes(client, "getSlowlog", options), async (node) => {
    const replies = await execOnNode(node, "getSlowlog", (pipeline) => pipeline.call("SLOWLOG", "GET", String(read)));
    const reply = replyAt(replies, 0, "getSlowlog", node);
    return (Array.isArray(reply) ? reply : []).map((raw) => parseSlowlogEntry(raw, node.address, maxArgumentLength));
  });
  const entries = await slowlogEntriesWithinPrefix(client, perNodeEntries.flat(), prefix);
  return entries.sort(compareSlowlogEntries).slice(0, count);
}

/**
 * Empties the slow log of every master (and replicas with `includeReplicas`); returns the
 * addresses of the nodes reset.
 * @throws RedisMcpError (`E_REDIS_UNAVAILABLE`, `E_NO_PERMISSION`, ...) naming the node that failed.
 * @example await resetSlowlog(redis); // ["10.0.0.1:6379", "10.0.0.2:6379", "10.0.0.3:6379"]
 */
export async function resetSlowlog(client: RedisClient, options: NodeSelection = {}): Promise<string[]> {
  return perNode(diagnosticNodes(client, "resetSlowlog", options), async (node) => {
    const replies = await execOnNode(node, "resetSlowlog", (pipeline) => pipeline.call("SLOWLOG", "RESET"));
    replyAt(replies, 0, "resetSlowlog", node);
    return node.address;
  });
}
