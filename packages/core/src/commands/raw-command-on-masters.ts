import { masterNodes, nodeAddress, type RedisClient } from "../client/redis-client.js";
import { InvalidArgumentError } from "../errors/errors.js";
import { toRedisMcpError } from "../errors/map-redis-error.js";
import type { RedisMcpError } from "../errors/redis-mcp-error.js";
import type { ModuleCommandArgument } from "./module-command.js";
import { callRawCommand, type RawCommandPlan } from "./raw-command.js";

/** One master's answer to a keyless command: its reply, or the error it gave. */
export interface RawNodeReply {
  /** `host:port` of the master. */
  node: string;
  /** The reply, as {@link callRawCommand} gives it; absent when the node refused. */
  reply?: unknown;
  /** Why this node refused or failed; absent when it answered. */
  error?: RedisMcpError;
}

/** Script and function calls: without keys they are one piece of work, run once. */
const SCRIPT_CALLS: ReadonlySet<string> = new Set(["eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro"]);

/**
 * Runs a keyless command line that {@link planRawCommand} planned on every master, as
 * `redis-cli --cluster call` does: such a command is about the node that runs it (DBSIZE, INFO,
 * CONFIG SET, SCRIPT FLUSH), while a cluster client would send it to one node at random. With
 * `node`, on that master only (to follow one node's SCAN cursor, say). A script or function called
 * without keys runs once, on the first master or on `node`. On a standalone client, on the client.
 * One round trip per node, all at once.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) when the command names keys (use callRawCommand) or `node` is not a master, before anything is sent; the first node's error when every node refused.
 * @example const sizes = await callRawCommandOnMasters(cluster, ["DBSIZE"], await planRawCommand(cluster, ["DBSIZE"]));
 */
export async function callRawCommandOnMasters(
  client: RedisClient,
  command: readonly ModuleCommandArgument[],
  plan: RawCommandPlan,
  options: { node?: string } = {},
): Promise<RawNodeReply[]> {
  if (plan.keyIndexes.length > 0) {
    throw new InvalidArgumentError(`callRawCommandOnMasters: ${plan.name} names keys, and its keys pick the node; run it with callRawCommand.`);
  }
  const masters = masterNodes(client);
  let targets = SCRIPT_CALLS.has(plan.name) ? masters.slice(0, 1) : masters;
  if (options.node !== undefined) {
    targets = masters.filter((master) => nodeAddress(master) === options.node);
    if (targets.length === 0) {
      throw new InvalidArgumentError(`node ${options.node} is not a master here; the masters are ${masters.map(nodeAddress).join(", ")}. Nothing was sent.`);
    }
  }
  const settled = await Promise.allSettled(targets.map((target) => callRawCommand(target, command, plan)));
  // Refused everywhere (a bad CONFIG SET, say): an error, as from one node.
  if (settled.every((outcome) => outcome.status === "rejected")) throw toRedisMcpError((settled[0] as PromiseRejectedResult).reason, plan.name);
  return settled.map((outcome, index) => {
    const node = nodeAddress(targets[index] as (typeof targets)[number]);
    return outcome.status === "fulfilled" ? { node, reply: outcome.value } : { node, error: toRedisMcpError(outcome.reason, plan.name) };
  });
}
